// Goal 1: GET /api/health/live through the whole product (middleware, default access log) against
// bare Express 5 answering the same JSON; GET /api/health, the normal path, reported beside it.
import { bracketMean, type Bracket } from '../lib/explain.js';
import { percent, perSecond } from '../lib/format.js';
import { atLeast } from '../lib/goals.js';
import { settings, type Bench } from '../lib/harness.js';
import { ratioTarget } from '../lib/ratio-target.js';

const baselineName = 'bare Express 5';

export async function measureLiveness(bench: Bench): Promise<void> {
  bench.step('GET /api/health/live and GET /api/health against bare Express 5');
  const { connections, fewConnections } = settings;
  const backend = await bench.startBackend('backend-liveness', { profile: true });
  const express = await bench.startBaseline('express', 'express.ts', {
    readyPath: '/api/health/live',
    profile: true,
  });
  const floor = (conns: number) =>
    bench.load({
      label: 'baseline: Express 5, no middleware',
      url: `${express.baseUrl}/api/health/live`,
      connections: conns,
    });
  const route = (path: string, conns: number) =>
    bench.load({ label: `GET ${path}`, url: `${backend.baseUrl}${path}`, connections: conns });

  const { before, target, after } = await bench.bracketed(
    () => floor(connections),
    async () => ({
      live: await route('/api/health/live', connections),
      health: await route('/api/health', connections),
    }),
  );
  const floorFew = await floor(fewConnections);
  const liveFew = await route('/api/health/live', fewConnections);
  await bench.stop(express);

  const nodeHttp = await bench.startBaseline('node-http', 'node-http.ts');
  const reference = await bench.load({
    label: 'reference: bare node:http',
    url: nodeHttp.baseUrl,
    connections,
  });
  await bench.stop(nodeHttp, backend);

  const backendProfile = bench.profileOf(backend);
  const floorCost = bench.cost(bench.profileOf(express), before, after);
  const bracket: Bracket = { before: before.requestsPerSecond, after: after.requestsPerSecond };
  const mean = bracketMean(bracket);
  const goal = atLeast(0.85);
  for (const [path, run, withGoal] of [
    ['/api/health/live', target.live, true],
    ['/api/health', target.health, false],
  ] as const) {
    const cost = bench.cost(backendProfile, run);
    bench.targets.push(
      ratioTarget({
        name: `GET ${path} vs ${baselineName}`,
        measured: (baselineMean) =>
          `${perSecond(run.requestsPerSecond)} vs ${perSecond(baselineMean)}`,
        rate: run.requestsPerSecond,
        failures: run.failures,
        bracket,
        baselineName,
        ...(withGoal ? { goal } : {}),
        ...(cost ? { cost } : {}),
        ...(floorCost ? { baselineCost: floorCost } : {}),
      }),
    );
    if (cost) {
      bench.profiles.push({
        title: `GET ${path}, ${connections} connections`,
        target: cost,
        ...(floorCost ? { baseline: floorCost, baselineName } : {}),
      });
    }
  }
  bench.latency.push(
    {
      route: 'GET /api/health/live',
      connections,
      run: target.live,
      baselineName,
      baselines: [before, after],
    },
    {
      route: 'GET /api/health/live',
      connections: fewConnections,
      run: liveFew,
      baselineName,
      baselines: [floorFew],
    },
  );
  bench.notes.push(
    `Bare Express 5 served ${percent(mean / reference.requestsPerSecond)} of bare node:http ` +
      `(${perSecond(reference.requestsPerSecond)}) in this run: what the framework itself costs, ` +
      `which every route served through it pays.`,
  );
}
