// Every overlay and every combination with the optional components builds with
// `kubectl kustomize` and is valid against the Kubernetes schemas (unknown fields included); the
// backend answers every probe path the builds configure.
import { randomBytes } from 'node:crypto';
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
import { buildAll, plannedBuilds, type Build } from '../../policy/k8s/kustomize.js';
import { validateObject } from '../../policy/k8s/schema.js';
import { workloadsOf } from '../../policy/k8s/workloads.js';
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
