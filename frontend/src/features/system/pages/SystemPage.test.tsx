import type { AdminStats, HealthSummary } from '@gv/contract';
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAuth, makeUser, type Reply } from '../../../test/fakeServer';
import { renderApp } from '../../../test/renderApp';

const admin = makeUser({ role: 'admin' });

function makeStats(overrides: Partial<AdminStats> = {}): AdminStats {
  return {
    generatedAt: new Date().toISOString(),
    source: 'local',
    instance: 'web-1 pid 7',
    fallbackReason: 'not-configured',
    instances: 1,
    windowSeconds: 60,
    requestsPerSecond: 1.5,
    errorRate: 0,
    latencyMs: { p50: 3, p95: 8, p99: 12 },
    requestsTotal: 1234,
    activeSessions: 3,
    users: { total: 10, admins: 1, disabled: 0 },
    loginsLastHour: { succeeded: 4, failed: 1 },
    process: { rssBytes: 100e6, heapUsedBytes: 50e6, uptimeSeconds: 3600, eventLoopLagMs: 1.2 },
    ...overrides,
  };
}

const healthy: HealthSummary = {
  status: 'ok',
  version: '1.0.0',
  commit: 'abc123',
  environment: 'test',
  uptimeSeconds: 3600,
  database: 'postgres',
  checks: { database: { status: 'up', latencyMs: 1.2 }, redis: { status: 'up', latencyMs: 0.4 } },
};

/** What nginx answers in the backend's place while the backend is down. */
const badGateway: Reply = { status: 502, data: '<html>502 Bad Gateway</html>' };

/** The backend, which can be stopped and started again; stats answers come from `answer`. */
function backend(answer: () => AdminStats = () => makeStats()) {
  const state = { up: true };
  return {
    state,
    handlers: {
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('admin-token', { user: admin }) }),
      'GET /users/me': () => ({ status: 200, data: admin }),
      'GET /admin/stats': () => (state.up ? { status: 200, data: answer() } : badGateway),
      'GET /health': () => (state.up ? { status: 200, data: healthy } : badGateway),
    },
  };
}

/** Lets the page's 5 s polling timers fire once. */
const nextPoll = () => act(() => vi.advanceTimersByTimeAsync(5_000));

const chart = (title: string) =>
  screen.getAllByTestId('chart').find((figure) => figure.textContent?.startsWith(title));
const samplesIn = (title: string) => Number(chart(title)?.getAttribute('data-samples'));

describe('system page', () => {
  beforeEach(() => {
    // Real time keeps flowing (lazy pages, user events); polls are brought forward on demand.
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the backend as unreachable and the numbers as stale, with their age, while it is down', async () => {
    const { state, handlers } = backend();
    await renderApp('/admin/system', handlers);
    expect(await screen.findByText('All systems working')).toBeVisible();
    expect(screen.getByText('1,234')).toBeVisible();
    expect(screen.queryByText('Stale')).toBeNull();

    state.up = false;
    await nextPoll();

    // The banner and the health badge.
    await waitFor(() => expect(screen.getAllByText('Backend unreachable')).toHaveLength(2));
    expect(screen.getByText(/The numbers below are the last ones it gave, 5 s ago/)).toBeVisible();
    expect(screen.queryByText('All systems working')).toBeNull();
    expect(screen.getAllByText('last seen up')).toHaveLength(2);
    expect(screen.getByText('Stale')).toBeVisible();
    expect(screen.getByText(/^From 5 s ago\./)).toBeVisible();
    expect(screen.getByText('1,234').closest('dl')).toHaveAccessibleDescription(
      /^Stale From 5 s ago\./,
    );

    await nextPoll();
    expect(await screen.findByText(/^From 10 s ago\./)).toBeVisible();
  });

  it('recovers on its own when the backend answers again', async () => {
    const { state, handlers } = backend();
    await renderApp('/admin/system', handlers);
    await screen.findByText('All systems working');
    state.up = false;
    await nextPoll();
    await waitFor(() => expect(screen.getAllByText('Backend unreachable')).toHaveLength(2));

    state.up = true;
    await nextPoll();

    await waitFor(() => expect(screen.queryByText('Backend unreachable')).toBeNull());
    expect(screen.getByText('All systems working')).toBeVisible();
    expect(screen.queryByText('Stale')).toBeNull();
    expect(screen.getByText('1,234').closest('dl')).toHaveAccessibleDescription(
      /^Only the instance web-1 pid 7/,
    );
  });

  it('keeps the charts when leaving the page and coming back', async () => {
    let rate = 1;
    const { handlers } = backend(() => makeStats({ requestsPerSecond: (rate += 1) }));
    const { user, server } = await renderApp('/admin/system', handlers);
    await screen.findByText('All systems working');
    await nextPoll();
    await nextPoll();
    await waitFor(() => expect(samplesIn('Request rate')).toBe(3));

    await user.click(screen.getByRole('link', { name: 'Profile' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/profile'));
    expect(screen.queryByTestId('chart')).toBeNull();
    const answersBefore = server.count('GET', '/admin/stats');

    await user.click(screen.getByRole('link', { name: 'System' }));
    // Drawn at once from what this tab kept, then one more point from the new visit's answer.
    await waitFor(() => expect(samplesIn('Request rate')).toBeGreaterThanOrEqual(3));
    await waitFor(() => expect(server.count('GET', '/admin/stats')).toBe(answersBefore + 1));
    await waitFor(() => expect(samplesIn('Request rate')).toBe(4));
  });

  it("draws Prometheus's history on arrival and asks for it only once", async () => {
    const answer = (withHistory: boolean): AdminStats => {
      const now = Date.now();
      return makeStats({
        source: 'prometheus',
        instances: 3,
        instance: undefined,
        fallbackReason: undefined,
        windowSeconds: 300,
        ...(withHistory
          ? {
              history: Array.from({ length: 12 }, (_, index) => ({
                at: new Date(now - (12 - index) * 5_000).toISOString(),
                requestsPerSecond: index,
                errorRate: 0,
                latencyP95Ms: 20,
                activeSessions: 3,
              })),
            }
          : {}),
      });
    };
    const { handlers } = backend();
    const { server } = await renderApp('/admin/system', {
      ...handlers,
      'GET /admin/stats': (request) => ({
        status: 200,
        data: answer((request.params as { include?: string }).include === 'history'),
      }),
    });

    expect(
      await screen.findByText('The whole deployment (3 instances), from Prometheus.'),
    ).toBeVisible();
    await waitFor(() => expect(samplesIn('Request rate')).toBe(13));
    await nextPoll();
    await waitFor(() => expect(samplesIn('Request rate')).toBe(14));
    const asked = server.requests
      .filter((request) => request.url === '/admin/stats')
      .map((request) => (request.params as { include?: string }).include);
    expect(asked).toEqual(['history', undefined]);
  });
});
