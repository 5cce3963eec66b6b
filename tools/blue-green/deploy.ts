// One blue-green release, step by step: find the live track, roll the idle track to the new
// images, smoke-test it through the preview Services, switch the live Services, watch the new
// track's error rate, and switch back on its own if the error rate degrades.
import { formatDuration } from '../lib/durations.js';
import { httpRequest } from '../lib/http.js';
import { describeCommand, kubectlSeconds, type Kubectl } from '../lib/kubectl.js';
import { PrometheusClient, trackErrorRatioQuery } from '../lib/prometheus.js';
import {
  APPS,
  commands,
  isDegraded,
  liveTrackOf,
  otherTrack,
  previewServiceName,
  smokeProblem,
  type AppSpec,
  type ErrorBudget,
  type Track,
} from './plan.js';

export interface ReleaseOptions {
  /** The overlay's name (staging, production), for the messages. */
  environment: string;
  namespace: string;
  /** Full image references by app name (gv-backend, gv-frontend). */
  images: Record<AppSpec['name'], string>;
  rolloutTimeoutMs: number;
  /** How long to watch the error rate after the switch, and how often to sample it. */
  watchMs: number;
  intervalMs: number;
  budget: ErrorBudget;
  /** Print the commands instead of running them; HTTP checks and waits are described, not done. */
  dryRun: boolean;
  /** Where Prometheus answers inside the namespace. */
  prometheus: { service: string; port: number };
}

export interface ReleaseDependencies {
  kubectl: Kubectl;
  log: (line: string) => void;
  sleep: (milliseconds: number) => Promise<void>;
}

export type ReleaseOutcome =
  | { result: 'switched'; live: Track; previous: Track }
  | { result: 'not-switched'; live: Track; reason: string }
  | { result: 'switched-back'; live: Track; reason: string };

export async function blueGreenRelease(
  options: ReleaseOptions,
  deps: ReleaseDependencies,
): Promise<ReleaseOutcome> {
  const { kubectl, log } = deps;
  const { namespace } = options;
  const totalSteps = 6;
  const step = (number: number, text: string) => log(`\n==> [${number}/${totalSteps}] ${text}`);

  step(1, 'Finding the live track');
  const selectors: Record<string, string> = {};
  for (const app of APPS)
    selectors[app.name] = (await kubectl.run(commands.liveTrack(namespace, app))).trim();
  const live = liveTrackOf(selectors);
  const idle = otherTrack(live);
  log(`  live: ${live}, idle: ${idle} (the release goes to ${idle})`);

  step(2, `Rolling the ${idle} track to the new images`);
  for (const app of APPS)
    await kubectl.run(commands.setImage(namespace, app, idle, options.images[app.name]));
  for (const app of APPS) {
    try {
      await kubectl.run(
        commands.rolloutStatus(namespace, app, idle, kubectlSeconds(options.rolloutTimeoutMs)),
      );
    } catch (error) {
      const reason = `the ${idle} rollout did not complete: ${(error as Error).message}`;
      log(
        `  FAILED: ${reason}\n  Live traffic stays on ${live}. Inspect: kubectl -n ${namespace} describe deployment/${app.name}-${idle}`,
      );
      return { result: 'not-switched', live, reason };
    }
  }

  step(3, `Smoke-testing the ${idle} track through the preview Services`);
  for (const app of APPS) {
    const forward = await kubectl.portForward(
      namespace,
      `svc/${previewServiceName(app)}`,
      app.servicePort,
    );
    try {
      for (const check of app.smokeChecks) {
        if (options.dryRun) {
          log(`  would GET ${check.path} on ${previewServiceName(app)} and expect ${check.status}`);
          continue;
        }
        let problem: string | null;
        try {
          const { status, body } = await httpRequest(`${forward.url}${check.path}`, {
            timeoutMs: 10_000,
          });
          problem = smokeProblem(check, status, body);
        } catch (error) {
          problem = `GET ${check.path} failed: ${(error as Error).message}`;
        }
        if (problem) {
          const reason = `smoke test of ${previewServiceName(app)} failed: ${problem}`;
          log(
            `  FAILED: ${reason}\n  Live traffic stays on ${live}; the ${idle} track keeps the new images for inspection.`,
          );
          return { result: 'not-switched', live, reason };
        }
        log(`  ok  GET ${check.path} (${previewServiceName(app)})`);
      }
    } finally {
      await forward.close();
    }
  }

  const switchTo = async (track: Track) => {
    for (const app of APPS) {
      await kubectl.run(commands.selectTrack(namespace, app.name, track));
      await kubectl.run(
        commands.selectTrack(namespace, previewServiceName(app), otherTrack(track)),
      );
    }
  };

  step(4, `Switching live traffic from ${live} to ${idle}`);
  await switchTo(idle);
  log(`  live: ${idle}; preview (and instant rollback target): ${live}`);

  const query = trackErrorRatioQuery('gv-backend', idle);
  const samplesWanted = Math.max(1, Math.floor(options.watchMs / options.intervalMs));
  step(
    5,
    `Watching the ${idle} track's error rate for ${formatDuration(options.watchMs)} (every ${formatDuration(options.intervalMs)})`,
  );
  log(`  query: ${query}`);
  log(
    `  switch back if it stays above ${options.budget.maxErrorRatio * 100}% for ` +
      `${options.budget.consecutiveSamples} samples in a row`,
  );
  const prometheus = await kubectl.portForward(
    namespace,
    `svc/${options.prometheus.service}`,
    options.prometheus.port,
  );
  const client = new PrometheusClient(prometheus.url);
  const samples: (number | null)[] = [];
  try {
    for (let index = 0; index < samplesWanted && !options.dryRun; index++) {
      await deps.sleep(options.intervalMs);
      let sample: number | null = null;
      try {
        sample = await client.scalar(query);
      } catch (error) {
        log(`  warning: Prometheus query failed (${(error as Error).message}); sample skipped`);
      }
      samples.push(sample);
      log(
        `  sample ${index + 1}/${samplesWanted}: ${sample === null ? 'no data' : `${(sample * 100).toFixed(2)}% errors`}`,
      );
      if (isDegraded(samples, options.budget)) {
        const reason = `error rate above ${options.budget.maxErrorRatio * 100}% on the ${idle} track`;
        step(6, `Degraded (${reason}): switching back to ${live}`);
        await switchTo(live);
        log(`  live: ${live} again. The ${idle} track keeps the new images for investigation.`);
        return { result: 'switched-back', live, reason };
      }
    }
  } finally {
    await prometheus.close();
  }
  if (options.dryRun) {
    log(`  would sample ${samplesWanted} times; if degraded, would switch back to ${live}:`);
    for (const app of APPS) {
      log(`  $ ${describeCommand(commands.selectTrack(namespace, app.name, live))}`);
      log(`  $ ${describeCommand(commands.selectTrack(namespace, previewServiceName(app), idle))}`);
    }
  } else if (samples.every((sample) => sample === null)) {
    log(
      '  warning: no error-rate data during the whole window (no traffic, or Prometheus unreachable)',
    );
  }

  step(6, 'Done');
  log(`  live: ${idle} with ${Object.values(options.images).join(', ')}`);
  log(
    `  ${live} keeps the previous version: roll back with \`npm run deploy:blue-green -- --env ${options.environment} --rollback\``,
  );
  return { result: 'switched', live: idle, previous: live };
}

/** Points the live Services back at the other track, after checking that track is ready. */
export async function blueGreenRollback(
  options: Pick<ReleaseOptions, 'namespace' | 'rolloutTimeoutMs'>,
  deps: ReleaseDependencies,
): Promise<ReleaseOutcome> {
  const { kubectl, log } = deps;
  const { namespace } = options;
  log('\n==> [1/3] Finding the live track');
  const selectors: Record<string, string> = {};
  for (const app of APPS)
    selectors[app.name] = (await kubectl.run(commands.liveTrack(namespace, app))).trim();
  const live = liveTrackOf(selectors);
  const target = otherTrack(live);
  log(`  live: ${live}; rolling back to ${target}`);
  log(`\n==> [2/3] Checking that the ${target} track is fully rolled out`);
  for (const app of APPS)
    await kubectl.run(
      commands.rolloutStatus(namespace, app, target, kubectlSeconds(options.rolloutTimeoutMs)),
    );
  log(`\n==> [3/3] Switching live traffic to ${target}`);
  for (const app of APPS) {
    await kubectl.run(commands.selectTrack(namespace, app.name, target));
    await kubectl.run(commands.selectTrack(namespace, previewServiceName(app), live));
  }
  log(`  live: ${target}`);
  return { result: 'switched', live: target, previous: live };
}
