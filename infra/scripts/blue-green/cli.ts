// npm run deploy:blue-green -- --env production --image <tag> [--dry-run]
// Releases the backend and frontend images with the given tag (or --backend-image/--frontend-image
// references) to the idle blue-green track of an environment and switches traffic to it when the
// smoke tests pass; switches back by itself when the error rate degrades. See
// docs/deploy-kubernetes.md ("Blue-green releases").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import {
  blueGreenRelease,
  blueGreenRollback,
  type ReleaseDependencies,
  type ReleaseOutcome,
} from './deploy.js';
import { dryRunKubectl, loggingKubectl, systemKubectl } from './kubectl.js';
import { imageReference, isTrack } from './plan.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

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
  --watch <seconds>         how long to watch the error rate after the switch (default 300)
  --interval <seconds>      sampling interval while watching (default 30)
  --max-error-rate <ratio>  switch back above this share of 5xx responses (default 0.05)
  --rollout-timeout <time>  wait this long for the idle track's rollout (default 10m)`;

interface Overlay {
  components?: string[];
  images?: { name: string; newName?: string }[];
}

function readOverlay(environment: string): Overlay {
  const file = path.join(repoRoot, 'infra/k8s/overlays', environment, 'kustomization.yaml');
  try {
    return parse(readFileSync(file, 'utf8')) as Overlay;
  } catch {
    throw new Error(`no overlay "${environment}" (${path.relative(repoRoot, file)} not found)`);
  }
}

/** The repository an overlay deploys an image from (its `images:` newName, or the name itself). */
function repositoryOf(overlay: Overlay, image: string): string {
  return overlay.images?.find((entry) => entry.name === image)?.newName ?? image;
}

function positiveNumber(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0)
    throw new Error(`${flag} must be a positive number, got "${value}"`);
  return number;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      image: { type: 'string' },
      'backend-image': { type: 'string' },
      'frontend-image': { type: 'string' },
      rollback: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      'assume-live': { type: 'string', default: 'blue' },
      namespace: { type: 'string', default: 'gv-playground' },
      context: { type: 'string' },
      watch: { type: 'string' },
      interval: { type: 'string' },
      'max-error-rate': { type: 'string' },
      'rollout-timeout': { type: 'string', default: '10m' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const environment = values.env;
  if (
    !environment ||
    (!values.rollback && !values.image && !(values['backend-image'] && values['frontend-image']))
  ) {
    console.error(USAGE);
    return 2;
  }
  const overlay = readOverlay(environment);
  if (!(overlay.components ?? []).some((component) => component.endsWith('/blue-green'))) {
    throw new Error(
      `overlay "${environment}" does not use components/blue-green: deploy it with a rolling update`,
    );
  }
  if (!isTrack(values['assume-live'])) throw new Error('--assume-live must be blue or green');

  const log = (line: string) => console.log(line);
  const kubectl = loggingKubectl(
    values['dry-run']
      ? dryRunKubectl(values['assume-live'])
      : systemKubectl('kubectl', values.context),
    log,
  );
  const deps: ReleaseDependencies = {
    kubectl,
    log,
    sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
  };
  log(
    `Blue-green ${values.rollback ? 'rollback' : 'release'} in ${environment}${values['dry-run'] ? ' (dry run: nothing is changed)' : ''}`,
  );

  let outcome: ReleaseOutcome;
  if (values.rollback) {
    outcome = await blueGreenRollback(
      { namespace: values.namespace, rolloutTimeout: values['rollout-timeout'] },
      deps,
    );
  } else {
    const images = {
      'gv-backend':
        values['backend-image'] ??
        imageReference(repositoryOf(overlay, 'gv-playground-backend'), values.image as string),
      'gv-frontend':
        values['frontend-image'] ??
        imageReference(repositoryOf(overlay, 'gv-playground-frontend'), values.image as string),
    };
    outcome = await blueGreenRelease(
      {
        environment,
        namespace: values.namespace,
        images,
        rolloutTimeout: values['rollout-timeout'],
        watchSeconds: positiveNumber(values.watch, 300, '--watch'),
        intervalSeconds: positiveNumber(values.interval, 30, '--interval'),
        budget: {
          maxErrorRatio: positiveNumber(values['max-error-rate'], 0.05, '--max-error-rate'),
          consecutiveSamples: 2,
        },
        dryRun: values['dry-run'],
        prometheus: { service: 'prometheus', port: 9090 },
      },
      deps,
    );
  }
  if (outcome.result === 'switched') return 0;
  console.error(`\nRelease stopped: ${outcome.reason}. Live track: ${outcome.live}.`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`deploy:blue-green: ${(error as Error).message}`);
    process.exit(2);
  },
);
