// npm run deploy:blue-green -- --env production --image <tag> [--dry-run]
// Releases the backend and frontend images with the given tag (or --backend-image/--frontend-image
// references) to the idle blue-green track of an environment and switches traffic to it when the
// smoke tests pass; switches back by itself when the error rate degrades. See
// docs/deploy-kubernetes.md ("Blue-green releases").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readArgs, runTool, UsageError } from '../lib/cli.js';
import { parseDuration } from '../lib/durations.js';
import { dryRunKubectl, loggingKubectl, systemKubectl } from '../lib/kubectl.js';
import {
  blueGreenRelease,
  blueGreenRollback,
  type ReleaseDependencies,
  type ReleaseOutcome,
} from './deploy.js';
import { imageReference, isTrack, type Track } from './plan.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const USAGE = `Usage: npm run deploy:blue-green -- --env <overlay> (--image <tag|sha256:digest> | --rollback) [options]

  --env <name>              overlay under infra/k8s/overlays with components/blue-green (production)
  --image <tag>             tag (or sha256 digest) of both images, in the overlay's repositories
  --backend-image <ref>     full backend image reference (overrides --image for the backend)
  --frontend-image <ref>    full frontend image reference (overrides --image for the frontend)
  --rollback                switch live traffic back to the other track, nothing else
  --dry-run                 print the kubectl commands without running them
  --assume-live <track>     the live track a dry run assumes (default blue)
  --namespace <name>        default gv-playground
  --context <name>          kubectl context to use
  --watch <d>               how long to watch the error rate after the switch (default 5m)
  --interval <d>            sampling interval while watching (default 30s)
  --max-error-rate <ratio>  switch back above this share of 5xx responses (default 0.05)
  --rollout-timeout <d>     wait this long for the idle track's rollout (default 10m)
  -h, --help                show this text`;

interface Overlay {
  components?: string[];
  images?: { name: string; newName?: string }[];
}

function readOverlay(environment: string): Overlay {
  const file = path.join(repoRoot, 'infra/k8s/overlays', environment, 'kustomization.yaml');
  try {
    return parse(readFileSync(file, 'utf8')) as Overlay;
  } catch {
    throw new UsageError(
      `no overlay "${environment}" (${path.relative(repoRoot, file)} not found)`,
    );
  }
}

/** The repository an overlay deploys an image from (its `images:` newName, or the name itself). */
function repositoryOf(overlay: Overlay, image: string): string {
  return overlay.images?.find((entry) => entry.name === image)?.newName ?? image;
}

interface CliOptions {
  environment: string;
  overlay: Overlay;
  image?: string;
  backendImage?: string;
  frontendImage?: string;
  rollback: boolean;
  dryRun: boolean;
  assumeLive: Track;
  namespace: string;
  context?: string;
  watchMs: number;
  intervalMs: number;
  maxErrorRatio: number;
  rolloutTimeoutMs: number;
}

function readOptions(argv: string[]): CliOptions {
  const { values, positionals } = readArgs(argv, {
    env: { type: 'string' },
    image: { type: 'string' },
    'backend-image': { type: 'string' },
    'frontend-image': { type: 'string' },
    rollback: { type: 'boolean', default: false },
    'dry-run': { type: 'boolean', default: false },
    'assume-live': { type: 'string', default: 'blue' },
    namespace: { type: 'string', default: 'gv-playground' },
    context: { type: 'string' },
    watch: { type: 'string', default: '5m' },
    interval: { type: 'string', default: '30s' },
    'max-error-rate': { type: 'string', default: '0.05' },
    'rollout-timeout': { type: 'string', default: '10m' },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const environment = values.env;
  if (!environment) throw new UsageError('give --env <overlay>');
  if (!values.rollback && !values.image && !(values['backend-image'] && values['frontend-image'])) {
    throw new UsageError(
      'give --image <tag> (or both --backend-image and --frontend-image), or --rollback',
    );
  }
  const overlay = readOverlay(environment);
  if (!(overlay.components ?? []).some((component) => component.endsWith('/blue-green'))) {
    throw new UsageError(
      `overlay "${environment}" does not use components/blue-green: deploy it with a rolling update`,
    );
  }
  const assumeLive = values['assume-live'];
  if (!isTrack(assumeLive)) throw new UsageError('--assume-live must be blue or green');
  const maxErrorRatio = Number(values['max-error-rate']);
  if (!(maxErrorRatio > 0 && maxErrorRatio <= 1)) {
    throw new UsageError('--max-error-rate must be a share between 0 and 1, e.g. 0.05 for 5%');
  }
  const positive = (text: string, flag: string) => {
    const ms = parseDuration(text, flag);
    if (ms <= 0) throw new UsageError(`${flag} must be longer than 0`);
    return ms;
  };
  return {
    environment,
    overlay,
    image: values.image,
    backendImage: values['backend-image'],
    frontendImage: values['frontend-image'],
    rollback: values.rollback,
    dryRun: values['dry-run'],
    assumeLive,
    namespace: values.namespace,
    context: values.context,
    watchMs: positive(values.watch, '--watch'),
    intervalMs: positive(values.interval, '--interval'),
    maxErrorRatio,
    rolloutTimeoutMs: positive(values['rollout-timeout'], '--rollout-timeout'),
  };
}

async function run(options: CliOptions): Promise<number> {
  const { environment, overlay } = options;
  const log = (line: string) => console.log(line);
  const kubectl = loggingKubectl(
    options.dryRun ? dryRunKubectl(options.assumeLive) : systemKubectl(options.context),
    log,
  );
  const deps: ReleaseDependencies = {
    kubectl,
    log,
    sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
  };
  log(
    `Blue-green ${options.rollback ? 'rollback' : 'release'} in ${environment}${options.dryRun ? ' (dry run: nothing is changed)' : ''}`,
  );

  let outcome: ReleaseOutcome;
  if (options.rollback) {
    outcome = await blueGreenRollback(
      { namespace: options.namespace, rolloutTimeoutMs: options.rolloutTimeoutMs },
      deps,
    );
  } else {
    const images = {
      'gv-backend':
        options.backendImage ??
        imageReference(repositoryOf(overlay, 'gv-playground-backend'), options.image as string),
      'gv-frontend':
        options.frontendImage ??
        imageReference(repositoryOf(overlay, 'gv-playground-frontend'), options.image as string),
    };
    outcome = await blueGreenRelease(
      {
        environment,
        namespace: options.namespace,
        images,
        rolloutTimeoutMs: options.rolloutTimeoutMs,
        watchMs: options.watchMs,
        intervalMs: options.intervalMs,
        budget: { maxErrorRatio: options.maxErrorRatio, consecutiveSamples: 2 },
        dryRun: options.dryRun,
        prometheus: { service: 'prometheus', port: 9090 },
      },
      deps,
    );
  }
  if (outcome.result === 'switched') return 0;
  console.error(`\nRelease stopped: ${outcome.reason}. Live track: ${outcome.live}.`);
  return 1;
}

await runTool({ name: 'deploy:blue-green', usage: USAGE, parse: readOptions, run });
