// The traffic generator as a library: the CLI runs it with a progress printer, the drill test runs
// it in-process next to the backend it loads.
import { randomBytes } from 'node:crypto';
import { routes } from '../../packages/contract/src/routes.js';
import { httpRequest, NetworkError } from '../lib/http.js';
import { PersonClient } from './client.js';
import { Person, type Random } from './scenario.js';
import { runSchedule } from './scheduler.js';
import { Stats, type Snapshot } from './stats.js';

export interface TrafficOptions {
  /** Where the app answers, e.g. http://localhost:3000 (no trailing /api). */
  baseUrl: string;
  users: number;
  /** Requests per second across all users. */
  rate: number;
  durationMs: number;
  requestTimeoutMs?: number;
  /** How often `onProgress` gets the numbers since its previous call. */
  progressEveryMs?: number;
  /** Called once the app has answered, just before the first request of the run. */
  onStart?: () => void;
  onProgress?: (window: Snapshot, sinceStartMs: number) => void;
  signal?: AbortSignal;
  random?: Random;
}

export interface TrafficResult {
  total: Snapshot;
  skipped: number;
  interrupted: boolean;
  /** The simulated people's email addresses, to find them in the app. */
  emails: string[];
}

/** The base URL does not answer at all: the one failure the generator reports as its own. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
}

export async function runTraffic(options: TrafficOptions): Promise<TrafficResult> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  try {
    await httpRequest(`${options.baseUrl}/api${routes.liveness.path}`, {
      timeoutMs: requestTimeoutMs,
    });
  } catch (error) {
    if (error instanceof NetworkError) {
      throw new UnreachableError(`cannot reach the app: ${error.message}`);
    }
    throw error;
  }

  const stats = new Stats();
  // Distinct per run, so runs against the same database sign up new people instead of colliding.
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const people = Array.from(
    { length: options.users },
    (_, index) =>
      new Person(
        new PersonClient(options.baseUrl, stats, requestTimeoutMs),
        runId,
        index + 1,
        options.random,
      ),
  );

  options.onStart?.();
  const startedAt = performance.now();
  const progress = options.onProgress
    ? setInterval(
        () => options.onProgress!(stats.takeWindow(), performance.now() - startedAt),
        options.progressEveryMs ?? 5_000,
      )
    : undefined;
  try {
    const schedule = await runSchedule(people, {
      rate: options.rate,
      durationMs: options.durationMs,
      signal: options.signal,
    });
    return {
      total: stats.summary(),
      skipped: schedule.skipped,
      interrupted: schedule.interrupted,
      emails: people.map((person) => person.email),
    };
  } finally {
    clearInterval(progress);
  }
}
