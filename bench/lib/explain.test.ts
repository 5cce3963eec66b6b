import { describe, expect, it } from 'vitest';
import {
  bracketSpread,
  explainLatency,
  explainMemory,
  explainRatio,
  explainScaling,
  explainStartUp,
  signInBudget,
  signInCeiling,
} from './explain.js';
import { atLeast, atMost, evaluateTarget, formatGoal } from './goals.js';
import { runCost, type RunCost } from './profile.js';

/** A run of `requests` requests whose main thread spent `us` on each package. */
function cost(requests: number, us: Record<string, number>): RunCost {
  const busyUs = Object.values(us).reduce((sum, value) => sum + value, 0);
  const packages = Object.entries(us)
    .map(([name, value]) => ({ package: name, us: value, share: value / busyUs }))
    .sort((a, b) => b.us - a.us);
  return runCost('run', requests, { busyUs, samples: 100, frames: [], packages });
}

describe('goals', () => {
  it('meets a ratio goal at or above it and a limit at or below it', () => {
    const target = (value: number, goal = atLeast(0.85)) =>
      evaluateTarget({ name: 't', measured: '', value, unit: 'ratio', goal, why: '' }).met;
    expect(target(0.84)).toBe(false);
    expect(target(0.85)).toBe(true);
    expect(target(251, atMost(250))).toBe(false);
    expect(target(250, atMost(250))).toBe(true);
  });

  it('misses a goal when a request failed, and says so first', () => {
    const result = evaluateTarget({
      name: 'GET /api/users/me',
      measured: '',
      value: 0.9,
      unit: 'ratio',
      goal: atLeast(0.75),
      failures: 3,
      why: 'Fast enough.',
    });
    expect(result.met).toBe(false);
    expect(result.why).toBe('3 requests failed during the run. Fast enough.');
  });

  it('reports a figure without a goal as neither met nor missed', () => {
    const result = evaluateTarget({
      name: 'GET /api/health',
      measured: '',
      value: 0.5,
      unit: 'ratio',
      why: '',
    });
    expect(result.met).toBeUndefined();
    expect(formatGoal(result.goal, 'ratio')).toBe('—');
  });

  it('writes goals in the unit of the figure', () => {
    expect(formatGoal(atLeast(0.85), 'ratio')).toBe('≥ 85%');
    expect(formatGoal(atMost(3_000), 'ms')).toBe('≤ 3,000 ms');
    expect(formatGoal(atMost(250), 'MiB')).toBe('≤ 250.0 MiB');
  });
});

describe('explanations come from the run', () => {
  const floor = cost(1_000, { express: 60_000, 'node internals': 40_000 });

  it('names what the target spends beyond its baseline, per request', () => {
    const route = cost(1_000, {
      express: 60_000,
      'node internals': 40_000,
      winston: 80_000,
      helmet: 30_000,
    });
    const text = explainRatio({
      ratio: 0.48,
      goal: atLeast(0.85),
      baselineName: 'bare Express 5',
      target: route,
      baseline: floor,
    });
    expect(text).toBe(
      '48% of bare Express 5, goal ≥ 85%. Its main thread spent 210 µs per request, the ' +
        "baseline's 100 µs (this run's profiles); the extra 110 µs went to winston +80 µs " +
        "(38% of the route's CPU) and helmet +30 µs (14% of the route's CPU).",
    );
  });

  it('gives a different reason when the profile differs', () => {
    const explain = (target: RunCost) =>
      explainRatio({ ratio: 0.6, goal: atLeast(0.85), baselineName: 'x', target, baseline: floor });
    const logging = explain(
      cost(1_000, { express: 60_000, 'node internals': 40_000, winston: 90_000 }),
    );
    const tokens = explain(
      cost(1_000, { express: 60_000, 'node internals': 40_000, 'jose/jsonwebtoken': 90_000 }),
    );
    expect(logging).toContain('winston +90 µs');
    expect(tokens).toContain('jose/jsonwebtoken +90 µs');
    expect(tokens).not.toContain('winston');
  });

  it('says when the route costs no more CPU than the baseline', () => {
    const text = explainRatio({
      ratio: 0.7,
      goal: atLeast(0.75),
      baselineName: 'Express 5 + pg',
      target: cost(1_000, { express: 50_000 }),
      baseline: floor,
    });
    expect(text).toContain('no more CPU than the baseline, so the gap is time spent waiting');
  });

  it('says so when no profile covers the run', () => {
    expect(explainRatio({ ratio: 0.5, goal: atLeast(0.85), baselineName: 'x' })).toBe(
      '50% of x, goal ≥ 85%. No CPU profile covers this run, so its cost is not broken down.',
    );
  });

  it('flags a miss that lies within the spread of the baseline runs', () => {
    expect(bracketSpread({ before: 900, after: 1_100 })).toBeCloseTo(0.2);
    const close = explainRatio({
      ratio: 0.8,
      goal: atLeast(0.85),
      baselineName: 'x',
      bracket: { before: 900, after: 1_100 },
    });
    expect(close).toContain('differed by 20% (900 and 1,100 per second)');
    expect(close).toContain('another run may land on the other side of it');
    const far = explainRatio({
      ratio: 0.5,
      goal: atLeast(0.85),
      baselineName: 'x',
      bracket: { before: 990, after: 1_010 },
    });
    expect(far).toContain('differed by 2%');
    expect(far).not.toContain('other side');
  });

  it('turns CPU per request into the wait of a request among the others in flight', () => {
    const text = explainLatency({
      valueMs: 26,
      percentile: 'p97.5',
      connections: 10,
      target: cost(2_000, { drizzle: 400_000, pg: 600_000 }),
    });
    expect(text).toContain('p97.5 26.0 ms at 10 connections.');
    expect(text).toContain('500 µs per request');
    expect(text).toContain('each waits about 10 × 500 µs ≈ 5.0 ms');
  });

  it('splits resident memory into the parts measured alone, largest first', () => {
    const parts = {
      node: { rss: 40 },
      modules: { rss: 120, heapUsed: 44, heapTotal: 68 },
      pglite: { rss: 300, external: 200, arrayBuffers: 100 },
    };
    expect(explainMemory({ rssMiB: 400, parts, grown: { rssMiB: 25 } })).toBe(
      '400.0 MiB resident: PGlite 260.0 MiB (200.0 MiB outside the V8 heap, 100.0 MiB of it ' +
        "array buffers), the backend's modules 80.0 MiB (V8 heap 44.0 MiB used of 68.0 MiB), " +
        'Node.js itself 40.0 MiB and 20.0 MiB the parts do not account for (what the running ' +
        'server holds). The load added 25.0 MiB since start.',
    );
    // With the server's own heap read at the same moment, the report says how much of the
    // growth was V8 heap.
    expect(
      explainMemory({
        rssMiB: 400,
        parts,
        heap: { heapUsed: 150, heapTotal: 180 },
        grown: { rssMiB: 120, heapMiB: 100 },
      }),
    ).toContain(
      "The server's own V8 heap was 180.0 MiB, 150.0 MiB of it in use (live objects and " +
        'garbage not yet collected). The load added 120.0 MiB since start, 100.0 MiB of it V8 heap.',
    );
    expect(explainMemory({ rssMiB: 300, parts })).toContain(
      'measured one at a time these add up to 80.0 MiB more than this process holds',
    );
    // Sign-ins still hashing when the figure is read hold their argon2id memory outside the heap.
    expect(
      explainMemory({
        rssMiB: 160,
        parts: { node: parts.node },
        grown: { rssMiB: 55, heapMiB: 20 },
        hashing: { inFlight: 4, slots: 2, memoryMiB: 19 },
      }),
    ).toContain(
      'The load added 55.0 MiB since start, 20.0 MiB of it V8 heap. The soak keeps 4 sign-ins ' +
        'in flight, hashed 2 at a time, and each argon2id hash works in 19.0 MiB outside the V8 ' +
        'heap: up to 38.0 MiB while they run.',
    );
  });

  it("sets a sign-in's budget from a verification's CPU and the goal", () => {
    // At 80%, a sign-in may take 1/0.8 = 1.25 verifications' CPU: 5 ms more than a 20 ms hash.
    expect(signInBudget({ cpuMsPerVerify: 20, goal: 0.8, mainThreadMs: 7.5 })).toBe(
      'A verification took 20.0 ms of CPU in the baseline; at 80% a sign-in may spend 5.0 ms of ' +
        'CPU besides its hash, on the same cores: HTTP, PostgreSQL and the load generator ' +
        "included. The backend's main thread alone spent 7.5 ms per sign-in (150% of that " +
        'budget) in the profiled run.',
    );
    expect(signInBudget({ cpuMsPerVerify: 20, goal: 0.8 })).not.toContain('main thread');
  });

  it("places the sign-in goal against a minimal Express sign-in's reach", () => {
    const below = signInCeiling({ ceiling: 0.78, backendShare: 0.85, goal: 0.85 });
    expect(below).toContain(
      'reached 78% of raw argon2id verifications in this run, below the goal',
    );
    expect(below).toContain(
      'no Express 5 sign-in that reads the user and opens a session reaches it',
    );
    expect(below).toMatch(/The backend reached 85% of that minimal sign-in\.$/);
    const above = signInCeiling({ ceiling: 0.9, backendShare: 0.7, goal: 0.85 });
    expect(above).toContain('at or above the goal of 85%: Express 5 can reach it here.');
    expect(above).not.toContain('no Express 5 sign-in');
  });

  it('separates importing the modules from the rest of start-up', () => {
    expect(explainStartUp({ medianMs: 2_000, importMs: 500 })).toBe(
      "Median 2,000 ms from spawning the process to a ready answer. Importing the backend's " +
        'modules alone took 500 ms in a separate process (25%); the remaining 1,500 ms is ' +
        'everything after that: opening the database and starting up.',
    );
  });

  it('says how full the cores were while two workers ran', () => {
    const scaling = (machineCores: number) =>
      explainScaling({
        ratio: 1.1,
        goal: atLeast(1.25),
        cpus: 2,
        generatorCores: 0.8,
        machineCores,
        bracket: { before: 1_000, after: 1_000 },
      });
    expect(scaling(1.95)).toContain(
      "During the two-worker run 2.0 of the machine's 2 cores were busy: 0.8 the load generator, " +
        '1.2 the workers, PostgreSQL and any other program. With the cores that full, a second ' +
        'worker has little left to run on.',
    );
    expect(scaling(1.2)).not.toContain('that full');
    expect(scaling(Number.NaN)).toContain(
      "the load generator kept 0.8 of the machine's 2 cores busy.",
    );
  });
});
