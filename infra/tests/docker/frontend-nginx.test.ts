// The frontend image's nginx configuration, run by Debian's nginx in front of the real backend.
// The configuration is rendered as the image renders it (envsubst limited by the image's
// NGINX_ENVSUBST_FILTER, with BACKEND_URL and NGINX_LISTEN_PORT set for this host); the only
// other change is where files live: the image's /usr/share/nginx/html and /tmp become folders of
// a temporary directory. Locations, headers, caching and proxying are byte-for-byte the image's.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool, missingTool, repoRoot } from '../support/tools.js';
import { copiesOf, envOf, parseDockerfile, type DockerStage } from './dockerfile-model.js';
import {
  backendUnavailable,
  createTestDatabase,
  freePort,
  runToCompletion,
  startProcess,
  waitForStatus,
  type RunningProcess,
  type TestDatabase,
} from './running-backend.js';

const nginxDir = path.join(repoRoot, 'infra/docker/nginx');
const templateFile = path.join(nginxDir, 'templates/default.conf.template');
const runtime = parseDockerfile(path.join(repoRoot, 'frontend/Dockerfile')).stages.at(
  -1,
) as DockerStage;
const imageEnv = envOf(runtime);

const nginxMissing =
  missingTool('nginx', 'apt-get install nginx') ??
  missingTool('envsubst', 'apt-get install gettext-base');
const backendMissing = backendUnavailable();
if (!nginxMissing && backendMissing)
  console.warn(`SKIP: nginx → backend proxy checks: ${backendMissing}`);

const INDEX_HTML =
  '<!doctype html><html><head><script type="module" src="/assets/index-3f2a1b9c.js"></script></head>' +
  '<body><div id="root"></div></body></html>\n';
// Large enough to be worth compressing (gzip_min_length).
const ASSET_JS = `export const routes = ${JSON.stringify(Array.from({ length: 60 }, (_, i) => `/page/${i}`))};\n`;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
  body: Buffer;
}

/** A request without any client-side decoding, so Content-Encoding is seen as nginx sent it. */
function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body: Buffer.concat(chunks),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** How many times a header appears in a response (nginx and the backend must not both set it). */
const headerCount = (response: RawResponse, name: string) =>
  response.rawHeaders.filter((value, index) => index % 2 === 0 && value.toLowerCase() === name)
    .length;

describe('nginx configuration of the frontend image', () => {
  it('uses template variables that the image defines and lets envsubst substitute', () => {
    const template = readFileSync(templateFile, 'utf8');
    const variables = [
      ...new Set([...template.matchAll(/\$\{([A-Z_]+)\}/g)].map((match) => match[1] as string)),
    ];
    const filter = new RegExp(imageEnv.NGINX_ENVSUBST_FILTER ?? '(?!)');
    expect(variables.sort()).toEqual(['BACKEND_URL', 'NGINX_LISTEN_PORT']);
    for (const variable of variables) {
      expect(filter.test(variable), `${variable} passes NGINX_ENVSUBST_FILTER`).toBe(true);
      expect(imageEnv[variable], `${variable} has a default in frontend/Dockerfile`).toBeTruthy();
    }
    // nginx's own variables ($uri, $host...) must never match, or envsubst would blank them.
    for (const nginxVariable of ['uri', 'host', 'request_id', 'scheme'])
      expect(filter.test(nginxVariable)).toBe(false);
    expect(copiesOf(runtime).map((copy) => copy.sources[0])).toEqual(
      expect.arrayContaining(['infra/docker/nginx/nginx.conf', 'infra/docker/nginx/templates/']),
    );
  });
});

describe.skipIf(nginxMissing)('nginx serving the SPA and proxying /api', () => {
  let work = '';
  let nginx: RunningProcess | undefined;
  let backend: RunningProcess | undefined;
  let database: TestDatabase | undefined;
  let frontendUrl = '';

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'gv-nginx-'));
    const confDir = path.join(work, 'etc/nginx');
    const htmlDir = path.join(work, 'html');
    const runDir = path.join(work, 'run');
    for (const dir of [
      confDir,
      path.join(confDir, 'conf.d'),
      path.join(htmlDir, 'assets'),
      runDir,
    ]) {
      mkdirSync(dir, { recursive: true });
    }

    // The backend: the real one on a fresh database when PostgreSQL is here, else nothing listens
    // on the upstream port and only the static checks below are meaningful.
    const backendPort = await freePort();
    if (!backendMissing) {
      database = await createTestDatabase('gv_nginx');
      const env = {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        SERVE_FRONTEND: 'false',
        TRUST_PROXY: 'loopback',
        DATABASE_URL: database.url,
        JWT_SECRET: randomBytes(32).toString('hex'),
        PORT: String(backendPort),
        LOG_LEVEL: 'warn',
      };
      const backendDir = path.join(repoRoot, 'backend');
      await runToCompletion('node', ['dist/db/cli/migrate.js'], { cwd: backendDir, env });
      backend = startProcess('node', ['dist/server.js'], { cwd: backendDir, env });
      await waitForStatus(`http://127.0.0.1:${backendPort}/api/health/ready`, 200, backend);
    }

    // Render the configuration the way the image's entrypoint does.
    const listenPort = await freePort();
    const substitutions = {
      BACKEND_URL: `http://127.0.0.1:${backendPort}`,
      NGINX_LISTEN_PORT: String(listenPort),
    };
    const filter = new RegExp(imageEnv.NGINX_ENVSUBST_FILTER as string);
    const shellFormat = Object.keys(substitutions)
      .filter((name) => filter.test(name))
      .map((name) => `\${${name}}`)
      .join(' ');
    const rendered = execFileSync(findTool('envsubst') as string, [shellFormat], {
      input: readFileSync(templateFile, 'utf8'),
      env: { ...substitutions, PATH: process.env.PATH },
      encoding: 'utf8',
    });
    const relocate = (config: string) =>
      config.replace(/\/usr\/share\/nginx\/html|(?<=\s)\/tmp\//g, (found) =>
        found === '/tmp/' ? `${runDir}/` : htmlDir,
      );
    writeFileSync(path.join(confDir, 'conf.d/default.conf'), relocate(rendered));
    writeFileSync(
      path.join(confDir, 'nginx.conf'),
      relocate(readFileSync(path.join(nginxDir, 'nginx.conf'), 'utf8')),
    );
    cpSync(path.join(nginxDir, 'snippets'), path.join(confDir, 'snippets'), { recursive: true });
    copyFileSync('/etc/nginx/mime.types', path.join(confDir, 'mime.types'));

    // What `vite build` leaves in frontend/dist: index.html and content-hashed assets.
    writeFileSync(path.join(htmlDir, 'index.html'), INDEX_HTML);
    writeFileSync(path.join(htmlDir, 'assets/index-3f2a1b9c.js'), ASSET_JS);
    // nginx workers run as an unprivileged user when the master is root: let them read the files.
    for (const dir of [
      work,
      path.join(work, 'etc'),
      confDir,
      htmlDir,
      path.join(htmlDir, 'assets'),
      runDir,
    ]) {
      chmodSync(dir, 0o755);
    }

    const nginxBinary = findTool('nginx') as string;
    const confFile = path.join(confDir, 'nginx.conf');
    const logFile = path.join(work, 'nginx.log');
    nginx = startProcess(
      nginxBinary,
      ['-e', 'stderr', '-p', runDir, '-c', confFile, '-g', 'daemon off;'],
      {
        logFile,
      },
    );
    frontendUrl = `http://127.0.0.1:${listenPort}`;
    await waitForStatus(`${frontendUrl}/healthz`, 200, nginx, 10_000);
  });

  afterAll(async () => {
    await nginx?.stop('SIGQUIT');
    await backend?.stop('SIGTERM');
    await database?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('serves index.html for client-side routes (SPA fallback), never cached', async () => {
    for (const route of ['/', '/admin/users', '/sessions/123']) {
      const response = await get(`${frontendUrl}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.body.toString()).toBe(INDEX_HTML);
      expect(response.headers['cache-control'], route).toBe('no-cache');
      expect(response.headers['content-type']).toMatch(/^text\/html/);
    }
  });

  it('caches content-hashed assets for a year, and a missing asset is a 404, not index.html', async () => {
    const asset = await get(`${frontendUrl}/assets/index-3f2a1b9c.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const missing = await get(`${frontendUrl}/assets/index-00000000.js`);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).not.toContain('<div id="root">');
  });

  it('sends the security headers with the SPA and its assets', async () => {
    for (const url of ['/', '/dashboard', '/assets/index-3f2a1b9c.js']) {
      const response = await get(`${frontendUrl}${url}`);
      expect(response.headers['content-security-policy'], url).toMatch(
        /default-src 'self'.*frame-ancestors 'none'/,
      );
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['referrer-policy'], url).toBe('strict-origin-when-cross-origin');
      expect(response.headers.server, url).toBe('nginx');
    }
  });

  it('compresses text with gzip when the client accepts it', async () => {
    const compressed = await get(`${frontendUrl}/assets/index-3f2a1b9c.js`, {
      'Accept-Encoding': 'gzip',
    });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.vary).toMatch(/Accept-Encoding/);
    expect(compressed.body.length).toBeLessThan(Buffer.byteLength(ASSET_JS));
    const plain = await get(`${frontendUrl}/assets/index-3f2a1b9c.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('never exposes /metrics and answers its own /healthz', async () => {
    expect((await get(`${frontendUrl}/metrics`)).status).toBe(404);
    const health = await get(`${frontendUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(health.body.toString()).toBe('ok\n');
  });

  describe.skipIf(backendMissing)('/api proxied to the running backend', () => {
    it('forwards /api/* with the path unchanged', async () => {
      const live = await get(`${frontendUrl}/api/health/live`);
      expect(live.status).toBe(200);
      expect(JSON.parse(live.body.toString())).toEqual({ status: 'ok' });
      // An unknown API path is the backend's problem+json 404, not the SPA's index.html.
      const unknown = await get(`${frontendUrl}/api/no-such-route`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it("passes the caller's X-Request-Id through, or nginx's own id when there is none", async () => {
      const echoed = await get(`${frontendUrl}/api/health/live`, {
        'X-Request-Id': 'trace-0123456789',
      });
      expect(echoed.headers['x-request-id']).toBe('trace-0123456789');
      const generated = await get(`${frontendUrl}/api/health/live`);
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(nginx?.output()).toContain(
        `"requestId":"${generated.headers['x-request-id'] as string}"`,
      );
    });

    it("leaves the backend's own headers alone (no second CSP, no SPA caching rule)", async () => {
      const response = await get(`${frontendUrl}/api/health/live`);
      expect(headerCount(response, 'content-security-policy')).toBeLessThanOrEqual(1);
      expect(headerCount(response, 'x-content-type-options')).toBeLessThanOrEqual(1);
      expect(response.headers['cache-control'] ?? '').not.toMatch(/immutable/);
    });

    it('serves the SPA while the backend is away (nginx health does not depend on it)', async () => {
      await backend?.stop('SIGTERM');
      expect((await get(`${frontendUrl}/healthz`)).status).toBe(200);
      expect((await get(`${frontendUrl}/dashboard`)).status).toBe(200);
      expect((await get(`${frontendUrl}/api/health/live`)).status).toBe(502);
    });
  });
});
