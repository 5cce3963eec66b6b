// The two built images, run by podman as Kubernetes and compose run them: non-root, read-only
// root file system, no capabilities, no new privileges. Host networking keeps the containers on
// this machine's loopback; ports are picked free so nothing else on the machine is disturbed.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { freePort } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seconds, waitFor } from './support/commands.js';
import { createTestDatabase, postgresUnavailable, type TestDatabase } from './support/database.js';
import { httpRequest, postJson, type RawResponse } from './support/http.js';
import { builtImages, imageSize, podman, sizeBudgets } from './support/images.js';

const skipReason = inject('containersSkipReason');
const backendImage = builtImages.find((image) => image.name === 'backend')!;
const frontendImage = builtImages.find((image) => image.name === 'frontend')!;
const run = randomBytes(3).toString('hex');
const backendName = `gv-image-check-${run}-backend`;
const frontendName = `gv-image-check-${run}-frontend`;

/** `podman run` with the hardening compose.yaml and the Kubernetes manifests apply. */
const hardened = [
  '--network=host',
  '--read-only',
  '--cap-drop=ALL',
  '--security-opt=no-new-privileges',
];

async function inspect(
  ref: string,
): Promise<{ User: string; Cmd: string[]; Entrypoint: string[] | null }> {
  const { stdout } = await podman(['image', 'inspect', '--format', '{{json .Config}}', ref]);
  return JSON.parse(stdout) as { User: string; Cmd: string[]; Entrypoint: string[] | null };
}

/** The uid every process of a running container has, read from the host's /proc. */
async function processUids(name: string): Promise<string[]> {
  const { stdout } = await podman(['top', name, 'hpid']);
  const pids = stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
  return pids.map(
    (pid) => /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?',
  );
}

async function logsOf(name: string): Promise<string> {
  const { stdout, stderr } = await podman(['logs', name], { allowFailure: true });
  return `${stdout}${stderr}`.split('\n').slice(-30).join('\n');
}

/** Waits until `url` answers 200, failing early (with its log) when the container has stopped. */
async function waitForContainer(name: string, url: string): Promise<void> {
  await waitFor(
    `${name} answers ${url}`,
    async () => {
      const state = await podman(['inspect', '--format', '{{.State.Running}}', name], {
        allowFailure: true,
      });
      if (state.stdout.trim() !== 'true') {
        throw new Error(`the container is not running. Its log:\n${await logsOf(name)}`);
      }
      const response = await httpRequest(url, { timeoutMs: 2_000 }).catch(() => undefined);
      return response?.status === 200 ? true : undefined;
    },
    90_000,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}\n${await logsOf(name)}`);
  });
}

describe.skipIf(skipReason)('the built images', () => {
  let database: TestDatabase;
  let backendPort = 0;
  let frontendPort = 0;
  let metricsPort = 0;
  let backendUrl = '';
  let frontendUrl = '';
  let postgresMissing: string | null = null;

  beforeAll(async () => {
    postgresMissing = await postgresUnavailable();
    if (postgresMissing) {
      if (process.env.CI) throw new Error(postgresMissing);
      console.log(`containers: backend run checks skipped, ${postgresMissing}`);
      return;
    }
    database = await createTestDatabase('gv_image');
    backendPort = await freePort();
    frontendPort = await freePort();
    metricsPort = await freePort();
    backendUrl = `http://127.0.0.1:${backendPort}`;
    frontendUrl = `http://127.0.0.1:${frontendPort}`;
  });

  afterAll(async () => {
    await podman(['rm', '--force', '--time=0', backendName, frontendName], { allowFailure: true });
    await database?.drop();
  });

  it('stay within their size budget (a growth over 10% fails)', async () => {
    const budgets = sizeBudgets();
    for (const image of builtImages) {
      const size = await imageSize(image.ref);
      const { measuredBytes, allowedGrowth } = budgets[image.name];
      const limit = Math.round(measuredBytes * (1 + allowedGrowth));
      console.log(
        `containers: ${image.name} image ${(size / 1e6).toFixed(1)} MB (budget ${(limit / 1e6).toFixed(1)} MB)`,
      );
      expect(size, `${image.ref} grew past its budget; see docs/containers.md`).toBeLessThanOrEqual(
        limit,
      );
    }
  });

  it('declare a numeric non-root user and start without a shell', async () => {
    const backend = await inspect(backendImage.ref);
    expect(backend.User).toBe('1000:1000');
    expect(backend.Cmd).toEqual(['node', 'dist/server.js']);
    const frontend = await inspect(frontendImage.ref);
    expect(frontend.User).toBe('101:101');
    expect(frontend.Cmd).toEqual(['nginx', '-g', 'daemon off;']);
  });

  describe('backend', () => {
    const env = () => [
      `--env=DATABASE_URL=${database.url}`,
      `--env=JWT_SECRET=${randomBytes(32).toString('hex')}`,
      `--env=PORT=${backendPort}`,
      // Another listener of the image (metrics) must not collide with anything on the host.
      `--env=METRICS_PORT=${metricsPort}`,
      '--env=HOST=127.0.0.1',
      '--env=LOG_LEVEL=warn',
      // The drain check signs in many times from one address on purpose.
      '--env=RATE_LIMIT_ENABLED=false',
    ];

    it('applies the migrations with the command compose and the migration Job use', async () => {
      if (postgresMissing) return;
      const started = Date.now();
      await podman([
        'run',
        '--rm',
        ...hardened,
        ...env(),
        backendImage.ref,
        'node',
        'dist/db/cli/migrate.js',
      ]);
      console.log(`containers: migrations applied in ${seconds(Date.now() - started)}`);
      expect(await database.tables()).toEqual(
        expect.arrayContaining(['users', 'sessions', 'logs']),
      );
    });

    it('starts with its own CMD on a read-only root file system and answers ready on PostgreSQL', async () => {
      if (postgresMissing) return;
      await podman([
        'run',
        '--detach',
        `--name=${backendName}`,
        ...hardened,
        '--tmpfs=/tmp',
        ...env(),
        backendImage.ref,
      ]);
      await waitForContainer(backendName, `${backendUrl}/api/health/ready`);
      const ready = await httpRequest(`${backendUrl}/api/health/ready`);
      expect(JSON.parse(ready.text())).toMatchObject({ status: 'ready' });
    });

    it('runs as uid 1000, not root', async () => {
      if (postgresMissing) return;
      const uids = await processUids(backendName);
      expect(uids.length).toBeGreaterThan(0);
      for (const uid of uids) expect(uid).toBe('1000');
    });

    it("passes the image's own HEALTHCHECK", async () => {
      if (postgresMissing) return;
      const { code, stdout } = await podman(['healthcheck', 'run', backendName], {
        allowFailure: true,
      });
      expect(code, stdout).toBe(0);
    });
  });

  describe('frontend', () => {
    let indexHtml = '';
    let assetPath = '';

    beforeAll(async () => {
      if (postgresMissing) return;
      await podman([
        'run',
        '--detach',
        `--name=${frontendName}`,
        ...hardened,
        '--tmpfs=/tmp',
        // compose mounts this tmpfs owned by uid 101; podman refuses uid=, and U chowns it to the USER.
        '--tmpfs=/etc/nginx/conf.d:U',
        `--env=BACKEND_URL=${backendUrl}`,
        `--env=NGINX_LISTEN_PORT=${frontendPort}`,
        frontendImage.ref,
      ]);
      await waitForContainer(frontendName, `${frontendUrl}/healthz`);
      indexHtml = (await httpRequest(`${frontendUrl}/`)).text();
      assetPath = /src="(\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1] ?? '';
    });

    it('runs nginx as uid 101, not root', async () => {
      if (postgresMissing) return;
      const uids = await processUids(frontendName);
      expect(uids.length, 'nginx master and workers').toBeGreaterThan(1);
      for (const uid of uids) expect(uid).toBe('101');
    });

    it('serves the built SPA: index.html for client-side routes, never cached', async () => {
      if (postgresMissing) return;
      expect(indexHtml).toContain('<div id="root">');
      expect(assetPath, 'index.html loads a content-hashed script').toMatch(/^\/assets\//);
      for (const route of ['/', '/admin/users', '/sessions']) {
        const response = await httpRequest(`${frontendUrl}${route}`);
        expect(response.status, route).toBe(200);
        expect(response.text()).toBe(indexHtml);
        expect(response.headers['cache-control'], route).toBe('no-cache');
      }
    });

    it('caches hashed assets for a year and compresses them with gzip', async () => {
      if (postgresMissing) return;
      const compressed = await httpRequest(`${frontendUrl}${assetPath}`, {
        headers: { 'Accept-Encoding': 'gzip, br' },
      });
      expect(compressed.status).toBe(200);
      expect(compressed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(compressed.headers['content-encoding']).toBe('gzip');
      expect(compressed.headers.vary).toMatch(/Accept-Encoding/);
      const plain = await httpRequest(`${frontendUrl}${assetPath}`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(compressed.body.length).toBeLessThan(plain.body.length / 2);
      expect((await httpRequest(`${frontendUrl}/assets/missing-00000000.js`)).status).toBe(404);
    });

    it('sends the security headers with the SPA', async () => {
      if (postgresMissing) return;
      const response: RawResponse = await httpRequest(`${frontendUrl}/dashboard`);
      expect(response.headers['content-security-policy']).toMatch(
        /default-src 'self'.*frame-ancestors 'none'/,
      );
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(response.headers.server).toBe('nginx');
    });

    it('answers /healthz itself and never exposes /metrics', async () => {
      if (postgresMissing) return;
      const health = await httpRequest(`${frontendUrl}/healthz`);
      expect([health.status, health.text()]).toEqual([200, 'ok\n']);
      expect((await httpRequest(`${frontendUrl}/metrics`)).status).toBe(404);
    });

    it('proxies /api to the backend with the request id', async () => {
      if (postgresMissing) return;
      const live = await httpRequest(`${frontendUrl}/api/health/live`, {
        headers: { 'X-Request-Id': 'trace-0123456789' },
      });
      expect(live.status).toBe(200);
      expect(JSON.parse(live.text())).toEqual({ status: 'ok' });
      expect(live.headers['x-request-id']).toBe('trace-0123456789');
      const unknown = await httpRequest(`${frontendUrl}/api/no-such-route`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('finishes on SIGQUIT (its STOPSIGNAL) with exit code 0', async () => {
      if (postgresMissing) return;
      await podman(['stop', '--time=20', frontendName]);
      const { stdout } = await podman(['inspect', '--format', '{{.State.ExitCode}}', frontendName]);
      expect(stdout.trim()).toBe('0');
    });
  });

  describe('backend shutdown', () => {
    it('drains the requests in flight on SIGTERM: none fails, and it exits 0', async () => {
      if (postgresMissing) return;
      const user = {
        email: `drain-${run}@example.com`,
        password: `pw-${randomBytes(8).toString('hex')}`,
        name: 'Drain',
      };
      expect((await postJson(`${backendUrl}/api/auth/register`, user)).status).toBe(201);
      // Failed sign-ins cost a password hash each, so these are still running when SIGTERM comes.
      let signalledAt = 0;
      const outcomes = Array.from({ length: 24 }, () =>
        postJson(`${backendUrl}/api/auth/login`, {
          email: user.email,
          password: 'wrong-password-1234',
        }).then(
          (response) => ({ status: response.status, after: signalledAt > 0 }),
          (error: Error) => ({ status: 0, after: signalledAt > 0, error: error.message }),
        ),
      );
      // The first answer means the server is working through them: all are parsed and waiting
      // for a password hash, none still on its way in.
      await Promise.race(outcomes);
      signalledAt = Date.now();
      await podman(['kill', '--signal=TERM', backendName]);
      const results = await Promise.all(outcomes);
      const failed = results.filter((result) => result.status === 0 || result.status >= 500);
      expect(failed, 'requests that failed during the drain').toEqual([]);
      expect(
        results.filter((result) => result.after).length,
        'requests still in flight at SIGTERM',
      ).toBeGreaterThan(0);
      const { stdout } = await podman(['wait', backendName], { timeoutMs: 30_000 });
      expect(stdout.trim(), await logsOf(backendName)).toBe('0');
    });
  });
});
