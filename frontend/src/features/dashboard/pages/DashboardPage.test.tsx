import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeAuth, type Reply } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const session = {
  id: '55555555-5555-4555-8555-555555555555',
  current: true,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0 Safari/537.36',
  ip: '203.0.113.7',
  createdAt: '2025-01-01T10:00:00.000Z',
  lastUsedAt: '2025-01-01T10:00:00.000Z',
};

const healthy = {
  status: 'ok',
  version: '1.0.0',
  commit: 'abc1234',
  environment: 'test',
  uptimeSeconds: 60,
  database: 'postgres',
  checks: { database: { status: 'up', latencyMs: 1.2 } },
};

afterEach(() => vi.useRealTimers());

describe('dashboard', () => {
  it('says the server cannot be reached, then loads by itself once it answers', async () => {
    let down = true;
    const whenUp = (reply: Reply) => () => (down ? { unreachable: true as const } : reply);
    await renderApp('/dashboard', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('token') }),
      'GET /sessions': whenUp({ status: 200, data: { data: [session] } }),
      'GET /logs/mine': whenUp({ status: 200, data: { data: [], nextCursor: null } }),
      'GET /health': whenUp({ status: 503, data: undefined }),
      'GET /health/live': whenUp({ status: 200, data: { status: 'ok' } }),
    });

    expect(await screen.findByRole('heading', { name: 'Welcome, Ada Lovelace' })).toBeVisible();
    expect(
      await screen.findByText(/^Cannot reach the server — retrying\. Pages load again/),
    ).toBeVisible();
    // The cards that could not load say so too: the sessions card and the activity list.
    await waitFor(() =>
      expect(screen.getAllByText('Cannot reach the server — retrying')).toHaveLength(3),
    );

    down = false;
    expect(await screen.findByTestId('session-count')).toHaveTextContent('1');
    expect(await screen.findByText('No activity yet.')).toBeVisible();
    expect(screen.getByText('Connected to the server again.')).toBeVisible();
    await waitFor(() =>
      expect(screen.queryByText('Cannot reach the server — retrying')).toBeNull(),
    );
  });

  it('stops showing the last health check once the server stops answering', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let down = false;
    const whenUp = (reply: Reply) => () => (down ? { unreachable: true as const } : reply);
    await renderApp('/dashboard', {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('token') }),
      'GET /sessions': whenUp({ status: 200, data: { data: [session] } }),
      'GET /logs/mine': whenUp({ status: 200, data: { data: [], nextCursor: null } }),
      'GET /health': whenUp({ status: 200, data: healthy }),
      'GET /health/live': whenUp({ status: 200, data: { status: 'ok' } }),
    });
    expect(await screen.findByText('All systems working')).toBeVisible();

    down = true;
    // The health card checks again every 30 seconds.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await screen.findByText('Cannot reach the server — retrying')).toBeVisible();
    expect(screen.queryByText('All systems working')).toBeNull();
  });
});
