import type { AlertStatus, Faults } from '@gv/contract';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser, problem, type FakeRequest } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ role: 'admin' });

const noFault: Faults = {
  errorRate: 0,
  latencyMs: 0,
  databaseDelayMs: 0,
  routes: [],
  expiresAt: null,
  changedBy: null,
  changedAt: null,
  scope: 'cluster',
};

/** A backend that keeps the faults it is sent, as the real one does. */
function backend(options: { scope?: Faults['scope']; alerts?: AlertStatus } = {}) {
  let faults: Faults = { ...noFault, scope: options.scope ?? 'cluster' };
  const sent: unknown[] = [];
  return {
    sent,
    handlers: {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('admin-token', { user: admin }) }),
      'GET /users/me': () => ({ status: 200, data: admin }),
      'GET /admin/faults': () => ({ status: 200, data: faults }),
      'PUT /admin/faults': ({ body }: FakeRequest) => {
        sent.push(body);
        const request = body as Omit<Faults, 'scope' | 'changedBy' | 'changedAt'>;
        if (request.routes.includes('/api/nope')) {
          return problem(400, 'Invalid request', {
            errors: [{ path: 'routes.0', message: '/api/nope is not an API route template' }],
          });
        }
        const active = request.errorRate > 0 || request.latencyMs > 0;
        faults = {
          ...faults,
          ...(active ? request : { ...noFault, scope: faults.scope }),
          changedBy: { id: admin.id, name: admin.name, email: admin.email },
          changedAt: new Date().toISOString(),
        };
        return { status: 200, data: faults };
      },
      'GET /admin/alerts': () => ({
        status: 200,
        data: options.alerts ?? { available: false, reason: 'not-configured', alerts: [] },
      }),
    },
  };
}

describe('playground page', () => {
  it('starts a drill for ten minutes, shows it counting down, and clears it', async () => {
    const server = backend();
    const { user } = await renderApp('/admin/playground', server.handlers);
    expect(await screen.findByText('No fault active')).toBeVisible();

    const drill = screen.getByRole('listitem', { name: 'High error rate' });
    expect(within(drill).getByText('HighErrorRate')).toBeVisible();
    expect(within(drill).getByRole('link', { name: 'Runbook' })).toHaveAttribute(
      'href',
      expect.stringMatching(/docs\/runbooks\/high-error-rate\.md$/),
    );
    await user.click(within(drill).getByRole('button', { name: /Start High error rate/ }));

    expect(await screen.findByText('Fault active')).toBeVisible();
    const timer = screen.getByRole('timer', { name: 'Time left' });
    expect(timer).toHaveTextContent(/ends in (10:00|9:5\d)/);
    expect(server.sent[0]).toMatchObject({ errorRate: 0.5, latencyMs: 0, routes: [] });
    const expiresAt = Date.parse((server.sent[0] as { expiresAt: string }).expiresAt);
    expect(expiresAt - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(screen.getByText('50%')).toBeVisible();
    await waitFor(() => expect(timer).toHaveTextContent(/ends in 9:5\d/), { timeout: 3_000 });

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(await screen.findByText('No fault active')).toBeVisible();
    expect(server.sent[1]).toMatchObject({ errorRate: 0, latencyMs: 0, databaseDelayMs: 0 });
  });

  it('sets a fault from the form and shows the field the server refused', async () => {
    const server = backend();
    const { user } = await renderApp('/admin/playground', server.handlers);
    await screen.findByText('No fault active');

    await user.clear(screen.getByLabelText('Error rate (%)'));
    await user.type(screen.getByLabelText('Error rate (%)'), '100');
    await user.type(screen.getByLabelText('Routes'), '/api/nope');
    await user.click(screen.getByRole('button', { name: 'Set fault' }));
    expect(await screen.findByText('/api/nope is not an API route template')).toBeVisible();
    expect(screen.getByText('No fault active')).toBeVisible();

    await user.clear(screen.getByLabelText('Routes'));
    await user.type(screen.getByLabelText('Routes'), '/api/users/me');
    await user.clear(screen.getByLabelText('Duration (minutes)'));
    await user.type(screen.getByLabelText('Duration (minutes)'), '90');
    await user.click(screen.getByRole('button', { name: 'Set fault' }));
    expect(await screen.findByText('Choose from 1 to 60 minutes')).toBeVisible();

    await user.clear(screen.getByLabelText('Duration (minutes)'));
    await user.type(screen.getByLabelText('Duration (minutes)'), '5');
    await user.click(screen.getByRole('button', { name: 'Set fault' }));
    expect(await screen.findByText('Fault active')).toBeVisible();
    expect(screen.getByText('/api/users/me')).toBeVisible();
    expect(server.sent.at(-1)).toMatchObject({ errorRate: 1, routes: ['/api/users/me'] });
  });

  it('says when a fault reaches only one process, and when alert status is unavailable', async () => {
    await renderApp('/admin/playground', backend({ scope: 'process' }).handlers);
    expect(await screen.findByText('Applies to this process only')).toBeVisible();
    expect(
      await screen.findByText(/Alert status is not available: the backend has no PROMETHEUS_URL/),
    ).toBeVisible();
    // Drills done by hand have no Start button.
    const manual = screen.getByRole('listitem', { name: 'Backend crash during a rolling update' });
    expect(within(manual).queryByRole('button')).toBeNull();
    expect(within(manual).getByRole('link', { name: 'Lab book' })).toBeVisible();
  });

  it('shows each drill alert as Prometheus has it', async () => {
    const alerts: AlertStatus = {
      available: true,
      alerts: [{ name: 'HighErrorRate', state: 'firing', activeAt: new Date().toISOString() }],
    };
    await renderApp('/admin/playground', backend({ alerts }).handlers);
    const errors = await screen.findByRole('listitem', { name: 'High error rate' });
    expect(await within(errors).findByText('Firing')).toBeVisible();
    const slow = screen.getByRole('listitem', { name: 'Slow database' });
    expect(within(slow).getByText('Not firing')).toBeVisible();
  });

  it('says so where fault injection is switched off', async () => {
    const server = backend();
    await renderApp('/admin/playground', {
      ...server.handlers,
      'GET /admin/faults': () => problem(404, 'Not found'),
    });
    expect(await screen.findByText(/Fault injection is switched off/)).toBeVisible();
  });
});
