import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { renderApp } from '../test/renderApp';

const PAGE = '../features/not-found/pages/NotFoundPage';
const chunkError = () =>
  new TypeError(
    'Failed to fetch dynamically imported module: http://localhost:3000/assets/NotFoundPage-Ab12Cd34.js',
  );

afterEach(() => {
  vi.doUnmock(PAGE);
  vi.unstubAllGlobals();
});

describe('loading a page’s code', () => {
  it('says the server cannot be reached — not that there is a new version — and loads the page once it answers', async () => {
    let down = true;
    vi.doMock(PAGE, async (importOriginal) => {
      if (down) throw chunkError();
      return importOriginal();
    });
    // The browser asks for the file again to find out why the import failed.
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        if (down) throw new TypeError('Failed to fetch');
        return new Response(null, { status: 200 });
      }),
    );
    await renderApp('/no-such-page', {
      'GET /health/live': () => (down ? { unreachable: true } : { status: 200, data: {} }),
    });

    expect(await screen.findByText(/^Cannot reach the server — retrying/)).toBeVisible();
    expect(screen.getByText('Loading page…')).toBeVisible();
    expect(screen.queryByText(/new version/i)).toBeNull();

    down = false;
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeVisible();
  });

  it('says a new version is available when the file is gone after a release', async () => {
    // React and jsdom report the error the boundary catches; expected here.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const quiet = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', quiet);
    onTestFinished(() => window.removeEventListener('error', quiet));
    vi.doMock(PAGE, async () => {
      throw chunkError();
    });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 404 })),
    );
    await renderApp('/no-such-page');

    expect(
      await screen.findByRole('heading', { name: 'A new version is available' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeVisible();
    expect(screen.queryByText(/Cannot reach the server/)).toBeNull();
  });
});
