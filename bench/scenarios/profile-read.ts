// Goal 2: authenticated GET /api/users/me against Express 5 + pg running the same statement with
// the same pool size; closed-loop latency at two loads next to the baseline's.
import { perSecond } from '../lib/format.js';
import { atLeast } from '../lib/goals.js';
import { settings, type Bench } from '../lib/harness.js';
import { ratioTarget } from '../lib/ratio-target.js';

const baselineName = 'Express 5 + pg';

export async function measureProfileRead(
  bench: Bench,
  auth: Record<string, string>,
  userId: string,
): Promise<void> {
  bench.step('Authenticated GET /api/users/me against Express 5 + pg');
  const { connections, fewConnections } = settings;
  const backend = await bench.startBackend('backend-profile-read', { profile: true });
  const expressPg = await bench.startBaseline('express-pg', 'express-pg.ts', {
    env: {
      DATABASE_URL: bench.database!.url,
      DATABASE_POOL_MAX: String(settings.poolMax),
      BENCH_USER_ID: userId,
    },
    readyPath: '/api/users/me',
    profile: true,
  });
  const baseline = (conns: number) =>
    bench.load({
      label: 'baseline: Express 5 + pg, same statement',
      url: `${expressPg.baseUrl}/api/users/me`,
      connections: conns,
    });
  const me = (conns: number) =>
    bench.load({
      label: 'GET /api/users/me',
      url: `${backend.baseUrl}/api/users/me`,
      connections: conns,
      headers: auth,
    });

  const { before, target, after } = await bench.bracketed(
    () => baseline(connections),
    () => me(connections),
  );
  const baselineFew = await baseline(fewConnections);
  const targetFew = await me(fewConnections);
  await bench.stop(expressPg, backend);

  const cost = bench.cost(bench.profileOf(backend), target);
  const baselineCost = bench.cost(bench.profileOf(expressPg), before, after);
  bench.targets.push(
    ratioTarget({
      name: `GET /api/users/me vs ${baselineName}`,
      measured: (mean) => `${perSecond(target.requestsPerSecond)} vs ${perSecond(mean)}`,
      rate: target.requestsPerSecond,
      failures: target.failures,
      bracket: { before: before.requestsPerSecond, after: after.requestsPerSecond },
      baselineName,
      goal: atLeast(0.75),
      ...(cost ? { cost } : {}),
      ...(baselineCost ? { baselineCost } : {}),
    }),
  );
  if (cost) {
    bench.profiles.push({
      title: `GET /api/users/me, ${connections} connections`,
      target: cost,
      ...(baselineCost ? { baseline: baselineCost, baselineName } : {}),
    });
  }
  bench.latency.push(
    {
      route: 'GET /api/users/me',
      connections,
      run: target,
      baselineName,
      baselines: [before, after],
    },
    {
      route: 'GET /api/users/me',
      connections: fewConnections,
      run: targetFew,
      baselineName,
      baselines: [baselineFew],
    },
  );
}
