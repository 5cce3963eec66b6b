// Renders the whole console (routes, guards, lazy pages) at a URL, against a fake backend.
// Modules are re-imported for every call so each test starts with a fresh auth store and
// API client, exactly as a new page load would.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { vi } from 'vitest';
import { fakeServer, problem, type Reply, type FakeRequest } from './fakeServer';

type Handlers = Record<string, (request: FakeRequest) => Reply | Promise<Reply>>;

/** Shows the router's current location, so tests can assert where a redirect went. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export async function renderApp(path: string, handlers: Handlers = {}) {
  vi.resetModules();
  const server = fakeServer({
    // No refresh cookie unless a test says otherwise: the visitor is anonymous.
    'POST /auth/refresh': () => problem(401, 'Unauthorized', { detail: 'No session' }),
    ...handlers,
  });
  const { apiClient } = await import('../lib/api');
  apiClient.http.defaults.adapter = server.adapter;
  const { authStore } = await import('../lib/auth/store');
  const { restoreSession } = await import('../lib/auth/session');
  const { AppRoutes } = await import('../routes');
  const { ToastProvider } = await import('../components/Toaster');

  void restoreSession();
  const user = userEvent.setup();
  const view = render(
    <MemoryRouter initialEntries={[path]}>
      <ToastProvider>
        <AppRoutes />
        <LocationProbe />
      </ToastProvider>
    </MemoryRouter>,
  );
  return { ...view, server, authStore, user };
}
