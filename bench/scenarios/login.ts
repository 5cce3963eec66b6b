// Goal 3: POST /api/auth/login against raw argon2id verifications with the backend's parameters,
// as many in flight as the sign-in run has connections; and the same against a minimal Express 5
// sign-in, which shows how close to the goal any Express sign-in can come on this machine.
import { formatNumber } from '../lib/format.js';
import { bracketMean, signInBudget, signInCeiling } from '../lib/explain.js';
import { atLeast } from '../lib/goals.js';
import { settings, type Bench } from '../lib/harness.js';
import { ratioTarget } from '../lib/ratio-target.js';
import { runNode } from '../lib/processes.js';

const minimalName = 'minimal Express 5 + pg sign-in';

export async function measureLogin(bench: Bench): Promise<void> {
  bench.step('POST /api/auth/login against raw argon2id verification');
  const { loginConnections, durationSeconds } = settings;
  // The ratio is measured without the profiler: the argon2 baseline's main thread is idle, so
  // sampling would cost the sign-ins alone (about a tenth of their rate). A second backend, under
  // the profiler, then serves one more run for the breakdown of the main thread's work.
  const backend = await bench.startBackend('backend-login');
  const cpuMsPerVerify: number[] = [];
  const argon2 = async () => {
    const result = JSON.parse(
      await runNode(['--import', 'tsx', 'bench/baselines/argon2-verify.ts'], {
        BENCH_CONCURRENCY: String(loginConnections),
        BENCH_DURATION_MS: String(durationSeconds * 1000),
      }),
    ) as { perSecond: number; cpuMsPerVerify: number };
    cpuMsPerVerify.push(result.cpuMsPerVerify);
    process.stdout.write(
      `  baseline: argon2id verify, ${loginConnections} in flight: ` +
        `${formatNumber(result.perSecond, 1)} verifications/s, ` +
        `${formatNumber(result.cpuMsPerVerify, 1)} ms of CPU each\n`,
    );
    return result.perSecond;
  };
  const signIns = (label: string, baseUrl: string) =>
    bench.load({
      label,
      url: `${baseUrl}/api/auth/login`,
      connections: loginConnections,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bench.member),
    });
  const { before, target, after } = await bench.bracketed(argon2, () =>
    signIns('POST /api/auth/login', backend.baseUrl),
  );
  await bench.stop(backend);

  // The ceiling: the same sign-ins against the least an Express 5 sign-in can do, between the
  // last baseline run and one more.
  const minimal = await bench.startBaseline('express-sign-in', 'express-sign-in.ts', {
    env: { DATABASE_URL: bench.database!.url, DATABASE_POOL_MAX: String(settings.poolMax) },
  });
  const minimalRun = await signIns(`baseline: ${minimalName}`, minimal.baseUrl);
  await bench.stop(minimal);
  const afterMinimal = await argon2();

  const profiled = await bench.startBackend('backend-login-profiled', { profile: true });
  const profiledRun = await signIns('POST /api/auth/login, under the profiler', profiled.baseUrl);
  await bench.stop(profiled);
  const cost = bench.cost(bench.profileOf(profiled), profiledRun);
  const goal = atLeast(0.85);
  const budget = signInBudget({
    cpuMsPerVerify: cpuMsPerVerify.reduce((sum, ms) => sum + ms, 0) / cpuMsPerVerify.length,
    goal: goal.threshold,
    ...(cost ? { mainThreadMs: cost.usPerRequest / 1000 } : {}),
  });
  const minimalBracket = { before: after, after: afterMinimal };
  // A sign-in the baseline refused costs no hash: its rate would set no ceiling.
  const ceiling =
    minimalRun.failures === 0
      ? signInCeiling({
          ceiling: minimalRun.requestsPerSecond / bracketMean(minimalBracket),
          backendShare: target.requestsPerSecond / minimalRun.requestsPerSecond,
          goal: goal.threshold,
        })
      : `The ${minimalName} failed ${minimalRun.failures} requests, so it sets no ceiling in this run.`;
  // The hashing runs on libuv's threads, outside the profile: what the profile shows is all the
  // work a sign-in adds to the hash.
  bench.targets.push(
    ratioTarget({
      name: 'POST /api/auth/login vs raw argon2id verify',
      measured: (mean) =>
        `${formatNumber(target.requestsPerSecond, 1)} sign-ins/s vs ` +
        `${formatNumber(mean, 1)} verifications/s`,
      rate: target.requestsPerSecond,
      failures: target.failures,
      bracket: { before, after },
      baselineName: 'raw argon2id verifications',
      goal,
      note: `${budget} ${ceiling}`,
      ...(cost ? { cost } : {}),
    }),
    ratioTarget({
      name: `${minimalName} vs raw argon2id verify`,
      measured: (mean) =>
        `${formatNumber(minimalRun.requestsPerSecond, 1)} sign-ins/s vs ` +
        `${formatNumber(mean, 1)} verifications/s`,
      rate: minimalRun.requestsPerSecond,
      failures: minimalRun.failures,
      bracket: minimalBracket,
      baselineName: 'raw argon2id verifications',
    }),
  );
  if (cost) {
    bench.profiles.push({
      title: `POST /api/auth/login, ${loginConnections} connections (the hash itself runs off the main thread)`,
      target: cost,
    });
  }
}
