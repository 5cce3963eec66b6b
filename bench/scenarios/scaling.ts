// WEB_CONCURRENCY=2 (node:cluster) against one worker, both serving GET /api/users/me.
import { bracketMean, explainScaling, type Bracket } from '../lib/explain.js';
import { perSecond } from '../lib/format.js';
import { atLeast, evaluateTarget } from '../lib/goals.js';
import { settings, type Bench } from '../lib/harness.js';
import type { ServerProcess } from '../lib/processes.js';

export async function measureScaling(bench: Bench, auth: Record<string, string>): Promise<void> {
  bench.step('WEB_CONCURRENCY=2 (node:cluster) against one worker');
  const profileRead = (label: string, server: ServerProcess) =>
    bench.load({
      label,
      url: `${server.baseUrl}/api/users/me`,
      connections: settings.connections,
      headers: auth,
    });
  const { before, target, after } = await bench.bracketed(
    async () => {
      const single = await bench.startBackend('backend-single');
      const run = await profileRead('GET /api/users/me, one worker', single);
      await bench.stop(single);
      return run;
    },
    async () => {
      const clustered = await bench.startBackend('backend-cluster', {
        env: { WEB_CONCURRENCY: '2' },
      });
      // Readiness answers once the first worker listens; give the second a moment to join.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const run = await profileRead('GET /api/users/me, two workers', clustered);
      await bench.stop(clustered);
      return run;
    },
  );
  const bracket: Bracket = { before: before.requestsPerSecond, after: after.requestsPerSecond };
  const mean = bracketMean(bracket);
  const ratio = target.requestsPerSecond / mean;
  const goal = atLeast(1.25);
  bench.targets.push(
    evaluateTarget({
      name: 'WEB_CONCURRENCY=2 vs one worker (GET /api/users/me)',
      measured: `${perSecond(target.requestsPerSecond)} vs ${perSecond(mean)}`,
      value: ratio,
      unit: 'ratio',
      goal,
      failures: target.failures,
      why: explainScaling({
        ratio,
        goal,
        cpus: bench.machine!.cpus,
        generatorCores: target.generatorCores,
        machineCores: target.machineCores,
        bracket,
      }),
    }),
  );
}
