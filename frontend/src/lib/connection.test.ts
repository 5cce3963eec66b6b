import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionStore } from './connection';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('connection state', () => {
  it('probes with growing pauses while the server is unreachable, and stops once it answers', async () => {
    const probe = vi.fn(() => Promise.reject(new Error('no answer')));
    const connection = createConnectionStore(probe, [1000, 2000, 4000]);
    const changes: string[] = [];
    connection.subscribe(() => changes.push(connection.getState().status));

    connection.reportUnreachable();
    connection.reportUnreachable();
    expect(changes).toEqual(['unreachable']);
    await vi.advanceTimersByTimeAsync(999);
    expect(probe).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(probe).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(probe).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4000);
    await vi.advanceTimersByTimeAsync(4000);
    expect(probe).toHaveBeenCalledTimes(4);

    connection.reportReachable();
    expect(changes).toEqual(['unreachable', 'online']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(probe).toHaveBeenCalledTimes(4);
  });

  it('lets work wait for the server and resumes it when the server answers', async () => {
    const connection = createConnectionStore(() => Promise.resolve());
    await expect(connection.whenReachable()).resolves.toBeUndefined();

    connection.reportUnreachable();
    let resumed = false;
    void connection.whenReachable().then(() => (resumed = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(resumed).toBe(false);
    connection.reportReachable();
    await vi.advanceTimersByTimeAsync(0);
    expect(resumed).toBe(true);
  });

  it('probes at once on "Retry now"', async () => {
    const probe = vi.fn(() => Promise.reject(new Error('no answer')));
    const connection = createConnectionStore(probe, [30_000]);
    connection.reportUnreachable();
    connection.retryNow();
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
