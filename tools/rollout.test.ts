// The staging rollout: migrations strictly before the new pods, then a wait on every Deployment,
// and an undo that restores exactly the revisions the deploy replaced. kubectl is the only part
// replaced (by fake-kubectl.mjs, which records each call); the script itself runs unchanged.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTool } from './testing/run-tool.js';

const FAKE_KUBECTL = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'testing/fake-kubectl.mjs',
);

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata:
  name: gv-playground
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: fluentd
  namespace: kube-system
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: gv-backend-config
  namespace: gv-playground
data:
  LOG_LEVEL: info
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gv-backend
  namespace: gv-playground
spec:
  template:
    spec:
      containers:
        - name: backend
          image: registry.example/gv-playground-backend@sha256:${'b'.repeat(64)}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: gv-frontend
  namespace: gv-playground
spec:
  template:
    spec:
      containers:
        - name: frontend
          image: registry.example/gv-playground-frontend@sha256:${'f'.repeat(64)}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: gv-backend-migrate
  namespace: gv-playground
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: registry.example/gv-playground-backend@sha256:${'b'.repeat(64)}
          command: [node, dist/db/cli/migrate.js]
`;

interface Scenario {
  job: 'complete' | 'failed' | 'hang';
  revisions: Record<string, string[]>;
  failRollout?: string;
}

interface Call {
  args: string[];
  stdin: string;
}

describe('tools/rollout.ts', () => {
  let dir: string;
  let overlay: string;
  let stateFile: string;

  const setScenario = (scenario: Scenario) =>
    writeFileSync(
      path.join(dir, 'scenario.json'),
      JSON.stringify({ manifests: MANIFESTS, ...scenario }),
    );

  const calls = (): Call[] =>
    readFileSync(path.join(dir, 'calls.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Call);

  /** Each call as a short readable line, namespace flag dropped: `rollout status deployment/x`. */
  const commandLines = () =>
    calls().map(({ args }) =>
      (args[0] === '-n' ? args.slice(2) : args).filter((a) => !a.startsWith('--timeout')).join(' '),
    );

  const rollout = (...args: string[]) =>
    runTool('rollout.ts', [...args, '--state-file', stateFile, '--timeout', '20s'], {
      KUBECTL: path.join(dir, 'kubectl'),
      FAKE_KUBECTL_DIR: dir,
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gv-rollout-'));
    overlay = path.join(dir, 'overlay');
    stateFile = path.join(dir, 'state.json');
    writeFileSync(path.join(dir, 'calls.jsonl'), '');
    writeFileSync(
      path.join(dir, 'kubectl'),
      `#!/bin/sh\nexec "${process.execPath}" "${FAKE_KUBECTL}" "$@"\n`,
    );
    chmodSync(path.join(dir, 'kubectl'), 0o755);
    // The script refuses a folder without a kustomization; the fake answers `kustomize` itself.
    mkdirSync(overlay);
    writeFileSync(path.join(overlay, 'kustomization.yaml'), 'resources: []\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates first, then applies everything else and waits for each Deployment', async () => {
    setScenario({ job: 'complete', revisions: { 'gv-backend': ['3'], 'gv-frontend': ['7'] } });

    const result = await rollout('deploy', '--overlay', overlay);

    expect(result.code, result.output).toBe(0);
    const lines = commandLines();
    expect(lines.filter((line) => !line.startsWith('wait --for=condition=failed'))).toEqual([
      `kustomize ${overlay}`,
      'delete job gv-backend-migrate --ignore-not-found --wait=true',
      'apply -f -',
      'wait --for=condition=complete job/gv-backend-migrate',
      expect.stringMatching(/^get deployment gv-backend --ignore-not-found -o jsonpath=/),
      expect.stringMatching(/^get deployment gv-frontend --ignore-not-found -o jsonpath=/),
      'apply -f -',
      'rollout status deployment/gv-backend',
      'rollout status deployment/gv-frontend',
    ]);
    const [jobApply, mainApply] = calls().filter(({ args }) => args[0] === 'apply');
    expect(jobApply?.stdin).toContain('kind: Job');
    expect(jobApply?.stdin).not.toContain('kind: Deployment');
    expect(mainApply?.stdin).toContain('kind: Deployment');
    expect(mainApply?.stdin).toContain('kind: ConfigMap');
    expect(mainApply?.stdin).not.toContain('kind: Job');
    // The deploy role manages the application namespace only.
    expect(mainApply?.stdin).not.toContain('kind: Namespace');
    expect(mainApply?.stdin).not.toContain('namespace: kube-system');
    expect(result.stdout).toContain('Leaving 2 objects outside namespace gv-playground');
    expect(result.stdout).toContain('  Namespace (cluster)/gv-playground');
    expect(result.stdout).toContain('  ServiceAccount kube-system/fluentd');
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      namespace: 'gv-playground',
      revisions: { 'gv-backend': '3', 'gv-frontend': '7' },
    });
    expect(result.stdout).toContain('Migrations applied.');
    expect(result.stdout).toMatch(/Rollout finished in/);
  });

  it('--all-objects also applies cluster-wide and platform objects (administrators)', async () => {
    setScenario({ job: 'complete', revisions: { 'gv-backend': ['3'], 'gv-frontend': ['7'] } });

    const result = await rollout('deploy', '--overlay', overlay, '--all-objects');

    expect(result.code, result.output).toBe(0);
    const mainApply = calls().filter(({ args }) => args[0] === 'apply')[1];
    expect(mainApply?.stdin).toContain('kind: Namespace');
    expect(mainApply?.stdin).toContain('namespace: kube-system');
    expect(result.stdout).not.toContain('Leaving');
  });

  it('stops before touching the Deployments when the migration Job fails, and shows its log', async () => {
    setScenario({ job: 'failed', revisions: {} });

    const result = await rollout('deploy', '--overlay', overlay);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the migration Job failed; nothing else was changed');
    expect(result.stdout).toContain('Applying migration 0007_add_sessions_index');
    const lines = commandLines();
    expect(lines.filter((line) => line === 'apply -f -')).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('rollout'))).toBe(false);
  });

  it('reports a migration that never finishes as a timeout', async () => {
    setScenario({ job: 'hang', revisions: {} });

    const result = await rollout('migrate', '--overlay', overlay);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the migration Job did not complete within 20.0 s');
  });

  it('undoes to the recorded revision when a Deployment does not become ready', async () => {
    setScenario({
      job: 'complete',
      revisions: { 'gv-backend': ['3', '4'], 'gv-frontend': ['7', '7'] },
      failRollout: 'gv-backend',
    });

    const result = await rollout('deploy', '--overlay', overlay);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('deployment/gv-backend did not become ready; rolling back');
    const lines = commandLines();
    expect(lines).toContain('rollout undo deployment/gv-backend --to-revision=3');
    expect(lines.some((line) => line.startsWith('rollout undo deployment/gv-frontend'))).toBe(
      false,
    );
    expect(lines).not.toContain('rollout status deployment/gv-frontend');
    expect(result.stdout).toContain('deployment/gv-frontend is still at revision 7: unchanged.');
    expect(result.stdout).toContain('Rollback finished.');
  });

  it('undo after a later failure (e.g. the smoke test) restores what the deploy replaced', async () => {
    setScenario({
      job: 'complete',
      revisions: { 'gv-backend': ['3', '4'], 'gv-frontend': ['', '1'] },
    });
    expect((await rollout('deploy', '--overlay', overlay)).code).toBe(0);

    const result = await rollout('undo');

    expect(result.code, result.output).toBe(0);
    const undoLines = commandLines().filter((line) => line.startsWith('rollout undo'));
    expect(undoLines).toEqual(['rollout undo deployment/gv-backend --to-revision=3']);
    expect(result.stdout).toContain(
      'deployment/gv-frontend was created by the deploy: there is no earlier revision.',
    );
  });

  it('undo without a recorded deploy changes nothing', async () => {
    setScenario({ job: 'complete', revisions: {} });

    const result = await rollout('undo');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing was changed, nothing to undo');
    expect(commandLines()).toEqual([]);
  });

  it('--dry-run prints the whole command sequence and runs nothing but the build', async () => {
    setScenario({ job: 'complete', revisions: {} });

    const result = await rollout('deploy', '--overlay', overlay, '--dry-run');

    expect(result.code, result.output).toBe(0);
    expect(commandLines()).toEqual([`kustomize ${overlay}`]);
    const printed = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('$ kubectl'))
      .map((line) => line.replace(/ --timeout=\d+s/, ''));
    expect(printed).toEqual([
      `$ kubectl kustomize ${overlay}`,
      '$ kubectl -n gv-playground delete job gv-backend-migrate --ignore-not-found --wait=true',
      '$ kubectl apply -f -',
      '$ kubectl -n gv-playground wait --for=condition=complete job/gv-backend-migrate',
      '$ kubectl -n gv-playground wait --for=condition=failed job/gv-backend-migrate',
      '$ kubectl apply -f -',
      '$ kubectl -n gv-playground rollout status deployment/gv-backend',
      '$ kubectl -n gv-playground rollout status deployment/gv-frontend',
    ]);
  });

  it('refuses an overlay folder without a kustomization', async () => {
    const result = await rollout('deploy', '--overlay', dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('has no kustomization.yaml');
  });
});
