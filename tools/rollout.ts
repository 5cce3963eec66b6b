// Rolls a Kustomize overlay out to the cluster the way the staging workflow does: migrations
// first (the gv-backend-migrate Job), then every other object, then waits for each Deployment;
// remembers the revisions it replaced so `undo` can put exactly those back.
//
//   npm run rollout -- deploy --overlay infra/k8s/overlays/staging
//   npm run rollout -- undo
//   npm run rollout -- deploy --overlay infra/k8s/overlays/staging --dry-run
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { readArgs, runTool, UsageError } from './lib/cli.js';
import { formatDuration, parseDuration } from './lib/durations.js';
import {
  kubectl,
  KubectlFailed,
  kubectlSeconds as seconds,
  runKubectl,
  startKubectl,
} from './lib/kubectl.js';

const USAGE = `Usage: rollout <deploy|migrate|undo> [options]

  deploy                 migrate, apply the overlay, wait for every Deployment; undo on failure
  migrate                only run the migration Job and wait for it
  undo                   put back the Deployment revisions the last deploy replaced

  --overlay <dir>        Kustomize overlay (deploy, migrate), e.g. infra/k8s/overlays/staging
  --namespace <name>     the application's namespace (default gv-playground)
  --all-objects          also apply cluster-wide objects and other namespaces (needs a
                         cluster administrator; by default they are listed and skipped)
  --timeout <d>          limit for the migration and for each rollout (default 5m)
  --state-file <path>    where deploy records revisions for undo
                         (default: $TMPDIR/gv-rollout-state.json)
  --dry-run              print the kubectl commands instead of running them
  -h, --help             show this text`;

const MIGRATION_JOB = 'gv-backend-migrate';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

interface RolloutState {
  namespace: string;
  /** Revision of each Deployment before the apply; null when it did not exist yet. */
  revisions: Record<string, string | null>;
}

interface RolloutOptions {
  command: 'deploy' | 'migrate' | 'undo';
  overlay?: string;
  namespace: string;
  timeoutMs: number;
  stateFile: string;
  dryRun: boolean;
  allObjects: boolean;
}

function readOptions(argv: string[]): RolloutOptions {
  const { values, positionals } = readArgs(argv, {
    overlay: { type: 'string' },
    namespace: { type: 'string', default: 'gv-playground' },
    timeout: { type: 'string', default: '5m' },
    'state-file': { type: 'string', default: path.join(os.tmpdir(), 'gv-rollout-state.json') },
    'dry-run': { type: 'boolean', default: false },
    'all-objects': { type: 'boolean', default: false },
  });
  const [command, ...rest] = positionals;
  if (command !== 'deploy' && command !== 'migrate' && command !== 'undo') {
    throw new UsageError('say what to do: deploy, migrate or undo');
  }
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  if (command !== 'undo') {
    if (!values.overlay) throw new UsageError(`${command} needs --overlay <dir>`);
    if (!existsSync(path.join(values.overlay, 'kustomization.yaml'))) {
      throw new UsageError(`${values.overlay} has no kustomization.yaml`);
    }
  }
  return {
    command,
    overlay: values.overlay,
    namespace: values.namespace,
    timeoutMs: parseDuration(values.timeout, '--timeout'),
    stateFile: values['state-file'],
    dryRun: values['dry-run'],
    allObjects: values['all-objects'],
  };
}

const heading = (text: string) => console.log(`\n==> ${text}`);

async function buildOverlay(overlay: string): Promise<Manifest[]> {
  const output = await kubectl(['kustomize', overlay]);
  return parseAllDocuments(output)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => Boolean(manifest?.kind));
}

const toYaml = (manifests: Manifest[]) => manifests.map((m) => stringify(m)).join('---\n');
const isMigrationJob = (m: Manifest) => m.kind === 'Job' && m.metadata.name === MIGRATION_JOB;

async function migrate(job: Manifest, options: RolloutOptions): Promise<void> {
  const namespace = job.metadata.namespace ?? options.namespace;
  const call = { dryRun: options.dryRun };
  heading(`Migrating the database (Job ${MIGRATION_JOB})`);
  // A Job's pod template is immutable: the previous run is deleted so this one uses the new image.
  await kubectl(
    ['-n', namespace, 'delete', 'job', MIGRATION_JOB, '--ignore-not-found', '--wait=true'],
    call,
  );
  await kubectl(['apply', '-f', '-'], { ...call, input: toYaml([job]) });

  const timeout = `--timeout=${seconds(options.timeoutMs)}`;
  const target = `job/${MIGRATION_JOB}`;
  const complete = startKubectl(
    ['-n', namespace, 'wait', '--for=condition=complete', target, timeout],
    call,
  );
  // Waiting for "complete" alone would sit out the whole timeout when the Job fails.
  const failed = startKubectl(
    ['-n', namespace, 'wait', '--for=condition=failed', target, timeout],
    {
      ...call,
      quiet: true,
    },
  );
  // Whichever wait succeeds first says how the Job ended; both failing means the time ran out.
  const ending = await new Promise<'complete' | 'failed' | null>((resolve) => {
    let pending = 2;
    const settle = (condition: 'complete' | 'failed') => (result: { code: number }) => {
      if (result.code === 0) resolve(condition);
      else if ((pending -= 1) === 0) resolve(null);
    };
    void complete.done.then(settle('complete'));
    void failed.done.then(settle('failed'));
  });
  complete.kill();
  failed.kill();
  if (ending === 'complete') {
    console.log(options.dryRun ? 'Dry run: the Job was not started.' : 'Migrations applied.');
    return;
  }
  console.log('\nLast lines of the migration log:');
  await runKubectl(['-n', namespace, 'logs', target, '--tail=50', '--all-containers'], {
    stream: true,
  });
  throw new Error(
    ending === 'failed'
      ? 'the migration Job failed; nothing else was changed'
      : `the migration Job did not complete within ${formatDuration(options.timeoutMs)}`,
  );
}

async function currentRevision(namespace: string, name: string): Promise<string | null> {
  const output = await kubectl(
    [
      '-n',
      namespace,
      'get',
      'deployment',
      name,
      '--ignore-not-found',
      '-o',
      'jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}',
    ],
    { quiet: true },
  );
  return output.trim() || null;
}

async function applyAndWait(objects: Manifest[], options: RolloutOptions): Promise<void> {
  const deployments = objects.filter((m) => m.kind === 'Deployment');
  const state: RolloutState = { namespace: options.namespace, revisions: {} };
  for (const deployment of deployments) {
    state.revisions[deployment.metadata.name] = options.dryRun
      ? null
      : await currentRevision(
          deployment.metadata.namespace ?? options.namespace,
          deployment.metadata.name,
        );
  }
  if (!options.dryRun) writeFileSync(options.stateFile, `${JSON.stringify(state, null, 2)}\n`);

  heading(`Applying ${objects.length} objects`);
  await kubectl(['apply', '-f', '-'], { dryRun: options.dryRun, input: toYaml(objects) });

  for (const deployment of deployments) {
    const namespace = deployment.metadata.namespace ?? options.namespace;
    heading(`Waiting for deployment/${deployment.metadata.name}`);
    try {
      await kubectl(
        [
          '-n',
          namespace,
          'rollout',
          'status',
          `deployment/${deployment.metadata.name}`,
          `--timeout=${seconds(options.timeoutMs)}`,
        ],
        { dryRun: options.dryRun, stream: true },
      );
    } catch (error) {
      console.error(`\ndeployment/${deployment.metadata.name} did not become ready; rolling back.`);
      await undo(options);
      throw error;
    }
  }
}

async function undo(options: RolloutOptions): Promise<void> {
  heading('Rolling back to the revisions before the last deploy');
  if (!existsSync(options.stateFile)) {
    console.log(
      `No deploy recorded in ${options.stateFile}: nothing was changed, nothing to undo.`,
    );
    return;
  }
  const state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as RolloutState;
  // Every Deployment gets its chance even when one of them cannot be put back.
  const failures: string[] = [];
  for (const [name, before] of Object.entries(state.revisions)) {
    if (before === null) {
      console.log(`deployment/${name} was created by the deploy: there is no earlier revision.`);
      continue;
    }
    try {
      const now = await currentRevision(state.namespace, name);
      if (now === before) {
        console.log(`deployment/${name} is still at revision ${before}: unchanged.`);
        continue;
      }
      const target = `deployment/${name}`;
      await kubectl(['-n', state.namespace, 'rollout', 'undo', target, `--to-revision=${before}`]);
      await kubectl(
        [
          '-n',
          state.namespace,
          'rollout',
          'status',
          target,
          `--timeout=${seconds(options.timeoutMs)}`,
        ],
        { stream: true },
      );
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  if (failures.length > 0) throw new Error(`rollback incomplete: ${failures.join('; ')}`);
  console.log('Rollback finished.');
}

async function run(options: RolloutOptions): Promise<number> {
  const started = Date.now();
  try {
    if (options.command === 'undo') {
      await undo(options);
      return 0;
    }
    heading(`Building ${options.overlay}`);
    const built = await buildOverlay(options.overlay ?? '');
    // A deploy role manages the application's namespace only; the namespace itself, cluster-wide
    // RBAC and platform agents (e.g. Fluentd in kube-system) are an administrator's to apply.
    const manifests = options.allObjects
      ? built
      : built.filter((m) => m.metadata.namespace === options.namespace);
    const skipped = built.filter((m) => !manifests.includes(m));
    if (options.command === 'deploy' && skipped.length > 0) {
      console.log(
        `Leaving ${skipped.length} objects outside namespace ${options.namespace} to an ` +
          'administrator (kubectl apply -k with cluster-admin rights, or --all-objects):',
      );
      for (const m of skipped) {
        console.log(`  ${m.kind} ${m.metadata.namespace ?? '(cluster)'}/${m.metadata.name}`);
      }
    }
    const job = manifests.find(isMigrationJob);
    if (!job) throw new Error(`${options.overlay} has no Job named ${MIGRATION_JOB}`);
    await migrate(job, options);
    if (options.command === 'deploy') {
      await applyAndWait(
        manifests.filter((m) => !isMigrationJob(m)),
        options,
      );
    }
    console.log(
      options.dryRun
        ? '\nDry run finished: nothing was changed.'
        : `\nRollout finished in ${formatDuration(Date.now() - started)}.`,
    );
    return 0;
  } catch (error) {
    const reason = error instanceof KubectlFailed || error instanceof Error ? error.message : error;
    console.error(`\nRollout FAILED: ${String(reason)}`);
    console.error(
      'Next: kubectl -n gv-playground get pods,jobs and kubectl describe the failing one.',
    );
    return 1;
  }
}

await runTool({ name: 'rollout', usage: USAGE, parse: readOptions, run });
