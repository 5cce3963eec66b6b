// Every overlay and every combination with the optional components builds with
// `kubectl kustomize` and is valid against the Kubernetes schemas (unknown fields included); the
// backend answers every probe path the builds configure.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  backendDir,
  createTestDatabase,
  freePort,
  missingBackendBuild,
  missingService,
  runToCompletion,
  startBackend,
  waitForStatus,
  type BackendProcess,
  type TestDatabase,
} from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, OVERLAYS, plannedBuilds, type Build } from '../../policy/k8s/kustomize.js';
import { validateObject } from '../../policy/k8s/schema.js';
import { objectsOfKind, selects, specOf, workloadsOf } from '../../policy/k8s/workloads.js';
import { repoRoot } from '../../policy/support/tools.js';
import { idOf, isApp } from './manifest-context.js';

let builds: Build[] = [];

beforeAll(async () => {
  ({ builds } = await buildAll());
});

describe('kubectl kustomize', () => {
  it('builds every overlay and every overlay + optional component combination', () => {
    const names = builds.map((build) => build.name);
    expect(names).toEqual(plannedBuilds().map((planned) => planned.name));
    expect(names).toEqual(
      expect.arrayContaining([
        'local',
        'staging',
        'production',
        'local+monitoring+logging+blue-green',
        'local+traffic',
        'staging+blue-green+traffic',
        'production+traffic',
      ]),
    );
    for (const build of builds) expect(build.objects.length, build.name).toBeGreaterThan(10);
  });

  it('produces objects that are valid against the Kubernetes schemas, with no unknown field', async () => {
    const problems: string[] = [];
    for (const build of builds) {
      for (const object of build.objects) {
        for (const problem of await validateObject(object))
          problems.push(`${build.name} ${idOf(object)}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the traffic component', () => {
  const withTraffic = () => builds.filter((build) => build.components.includes('traffic'));

  it('is off until scaled up, and runs the generator the backend image carries', () => {
    const dockerfile = readFileSync(path.join(repoRoot, 'backend/Dockerfile'), 'utf8');
    expect(withTraffic().length).toBeGreaterThan(OVERLAYS.length);
    for (const build of withTraffic()) {
      const workloads = workloadsOf(build);
      const traffic = workloads.find((workload) => workload.id === 'Deployment/gv-traffic');
      expect(traffic, build.name).toBeDefined();
      expect(specOf<{ replicas: number }>(traffic!.object).replicas, build.name).toBe(0);
      const [container] = traffic!.pod.containers;
      // The same image, tag and registry as the backend pods of this build.
      const backendImages = workloads
        .filter((workload) => isApp(workload, 'gv-backend'))
        .map((workload) => workload.pod.containers[0]!.image);
      expect(backendImages.length, build.name).toBeGreaterThan(0);
      for (const image of backendImages) expect(container!.image, build.name).toBe(image);
      const script = (container as { command?: string[] }).command?.[1] ?? '';
      expect(dockerfile).toContain(` ./${script}\n`);
    }
  });

  it('calls the live backend Service on its port, and the network policies let it', () => {
    for (const build of withTraffic()) {
      const traffic = workloadsOf(build).find((w) => w.id === 'Deployment/gv-traffic')!;
      const args = (traffic.pod.containers[0] as { args?: string[] }).args ?? [];
      const base = new URL(args[args.indexOf('--base') + 1] ?? '');
      const service = objectsOfKind(build, 'Service').find(
        (object) => object.metadata.name === base.hostname,
      );
      const spec = specOf<{ selector: Record<string, string>; ports: { port: number }[] }>(
        service!,
      );
      expect(
        spec.ports.map((port) => String(port.port)),
        build.name,
      ).toContain(base.port);

      // Every NetworkPolicy that selects the traffic pod (egress) or a backend pod (ingress)
      // names the other side and the port the Service forwards to.
      const policies = objectsOfKind(build, 'NetworkPolicy').map((policy) =>
        specOf<{
          podSelector: { matchLabels?: Record<string, string> };
          egress?: {
            to: { podSelector?: { matchLabels: Record<string, string> } }[];
            ports: { port: number }[];
          }[];
          ingress?: {
            from: { podSelector?: { matchLabels: Record<string, string> } }[];
            ports: { port: number }[];
          }[];
        }>(policy),
      );
      const allows = (
        rules: {
          peers: { podSelector?: { matchLabels: Record<string, string> } }[];
          ports: { port: number }[];
        }[],
        peerLabels: Record<string, string>,
      ) =>
        rules.some(
          (rule) =>
            rule.ports.some((port) => port.port === 3000) &&
            rule.peers.some(
              (peer) => peer.podSelector && selects(peer.podSelector.matchLabels, peerLabels),
            ),
        );
      const backendPod = { 'app.kubernetes.io/name': 'gv-backend' };
      const egress = policies
        .filter((policy) => selects(policy.podSelector.matchLabels ?? {}, traffic.podLabels))
        .flatMap((policy) =>
          (policy.egress ?? []).map((rule) => ({ peers: rule.to, ports: rule.ports })),
        );
      expect(allows(egress, { ...backendPod, ...spec.selector }), build.name).toBe(true);
      const ingress = policies
        .filter(
          (policy) => policy.podSelector.matchLabels?.['app.kubernetes.io/name'] === 'gv-backend',
        )
        .flatMap((policy) =>
          (policy.ingress ?? []).map((rule) => ({ peers: rule.from, ports: rule.ports })),
        );
      expect(allows(ingress, traffic.podLabels), build.name).toBe(true);
    }
  });
});

const backendMissing = missingService('TEST_DATABASE_URL') ?? missingBackendBuild();

describe.skipIf(backendMissing)('probe paths against the running backend', () => {
  let database: TestDatabase | undefined;
  let backend: BackendProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('gv_k8s_probes');
    const port = await freePort();
    const env = {
      NODE_ENV: 'production',
      SERVE_FRONTEND: 'false',
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
    };
    await runToCompletion(process.execPath, ['dist/db/cli/migrate.js'], {
      cwd: backendDir,
      env: { PATH: process.env.PATH, ...env },
    });
    backend = await startBackend({ from: 'build', port, env, readyPath: '/api/health/live' });
  });

  afterAll(async () => {
    await backend?.stop('SIGTERM');
    await database?.drop();
  });

  it('answers 200 on every HTTP probe path of every backend container in every build', async () => {
    const paths = new Set<string>();
    for (const build of builds) {
      for (const workload of workloadsOf(build).filter((w) => isApp(w, 'gv-backend'))) {
        for (const container of workload.pod.containers) {
          for (const probe of [
            container.startupProbe,
            container.readinessProbe,
            container.livenessProbe,
          ]) {
            if (probe?.httpGet) paths.add(probe.httpGet.path);
          }
        }
      }
    }
    expect(paths.size).toBeGreaterThan(0);
    for (const probePath of paths) {
      await waitForStatus(`${backend!.baseUrl}${probePath}`, {
        process: backend!,
        timeoutMs: 10_000,
      });
    }
  });
});
