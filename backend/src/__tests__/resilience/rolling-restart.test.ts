// Rolling restart under load: two backend processes on one PostgreSQL database behind nginx (as a
// load balancer would sit in front of two pods). Each is stopped with SIGTERM and started again
// in turn while a client keeps sending authenticated requests: not one may fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, findTool, freePort, missingService, missingTool } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.js';
import { runMigrations } from '../../db/migrate.js';
import { startBackendProcess, type BackendProcess } from '../../test-support/backend-process.js';

const skipReason =
  missingService('TEST_DATABASE_URL') ?? missingTool('nginx', 'apt-get install nginx');
const NGINX = findTool('nginx');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries a request on the other instance when one refuses the connection, resets it or answers
 * 502/503, as a cloud load balancer does. `non_idempotent` is deliberately absent: nginx then never
 * replays a POST or PATCH, which could apply a change twice. `max_fails=0`: open-source nginx has
 * no active health checks, and marking an instance down after one refused connection could leave
 * no instance "up" while the second restarts; a refused connection on loopback costs nothing.
 */
function nginxConfig(dir: string, listenPort: number, upstreamPorts: number[]): string {
  return `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  log_format upstreams '$status $request_method $uri $upstream_addr $upstream_status';
  access_log ${dir}/access.log upstreams;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream gv_backend {
${upstreamPorts.map((port) => `    server 127.0.0.1:${port} max_fails=0;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://gv_backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_connect_timeout 1s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 3;
    }
  }
}
`;
}

interface LoadOutcome {
  ok: number;
  failures: string[];
  okAt: number[];
}

/** Keeps `concurrency` clients sending the request back to back until stopped. */
function keepRequesting(url: string, headers: Record<string, string>, concurrency: number) {
  const outcome: LoadOutcome = { ok: 0, failures: [], okAt: [] };
  let running = true;
  const clients = Array.from({ length: concurrency }, async () => {
    while (running) {
      try {
        const response = await fetch(url, { headers });
        const body = await response.text();
        if (response.status === 200) {
          outcome.ok += 1;
          outcome.okAt.push(Date.now());
        } else {
          outcome.failures.push(`${response.status} ${body.slice(0, 200)}`);
        }
      } catch (error) {
        outcome.failures.push(`network error: ${String((error as Error).cause ?? error)}`);
      }
    }
  });
  return {
    stop: async (): Promise<LoadOutcome> => {
      running = false;
      await Promise.all(clients);
      return outcome;
    },
  };
}

describe.skipIf(skipReason)(
  `rolling restart behind nginx${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let dir = '';
    let drop: (() => Promise<void>) | undefined;
    let nginx: ChildProcess | undefined;
    const instances: BackendProcess[] = [];
    let env: Record<string, string> = {};
    let ports: number[] = [];
    let proxyUrl = '';

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'gv-rolling-'));
      // nginx workers run as an unprivileged user when the test runs as root.
      chmodSync(dir, 0o755);
      const database = await createTestDatabase('gv_rolling');
      drop = database.drop;
      const migrator = await openDatabase({ databaseUrl: database.url, dataDir: dir, poolMax: 1 });
      await runMigrations(migrator);
      await migrator.close();

      env = {
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        JWT_SECRET: 'rolling-restart-secret-that-is-32-bytes-or-more',
        // Every request reaches the backends from nginx's one address.
        RATE_LIMIT_ENABLED: 'false',
        LOG_LEVEL: 'warn',
      };
      ports = [await freePort(), await freePort()];
      instances.push(...(await Promise.all(ports.map((port) => startBackendProcess(port, env)))));

      const listenPort = await freePort();
      writeFileSync(path.join(dir, 'nginx.conf'), nginxConfig(dir, listenPort, ports));
      const nginxArgs = ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', `${dir}/error.log`];
      nginx = spawn(NGINX!, nginxArgs, { stdio: 'ignore' });
      proxyUrl = `http://127.0.0.1:${listenPort}`;
      for (let attempt = 0; attempt < 50; attempt++) {
        const answer = await fetch(`${proxyUrl}/api/health/live`).catch(() => undefined);
        if (answer?.ok) return;
        await sleep(100);
      }
      throw new Error(`nginx did not start:\n${readFileSync(`${dir}/error.log`, 'utf8')}`);
    }, 90_000);

    afterAll(async () => {
      nginx?.kill('SIGTERM');
      await Promise.all(instances.map((instance) => instance.stop('SIGKILL')));
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    it('restarts each instance with SIGTERM under load without a failed request', async () => {
      const registered = await fetch(`${proxyUrl}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'rolling@example.test',
          password: 'quiet harbour lantern 7 drift',
          name: 'Rolling',
        }),
      });
      expect(registered.status).toBe(201);
      const { accessToken } = (await registered.json()) as { accessToken: string };

      const load = keepRequesting(
        `${proxyUrl}/api/users/me`,
        { authorization: `Bearer ${accessToken}` },
        4,
      );
      const restartWindows: Array<[number, number]> = [];
      await sleep(500);
      const servedBy = (port: number) =>
        readFileSync(path.join(dir, 'access.log'), 'utf8')
          .split('\n')
          .filter((line) => line.startsWith('200 ') && line.includes(`:${port} 200`)).length;
      for (const [index, port] of ports.entries()) {
        const stoppedAt = Date.now();
        const stopped = instances[index]!;
        const status = await stopped.stop('SIGTERM');
        // What the instance printed last is what explains an unclean exit.
        expect(
          status,
          `exit ${status}; the instance's last output:\n${stopped.output().slice(-6000)}`,
        ).toBe(0);
        instances[index] = await startBackendProcess(port, env);
        restartWindows.push([stoppedAt, Date.now()]);
        // As a rolling update waits for the new pod to take traffic before replacing the next.
        const before = servedBy(port);
        const deadline = Date.now() + 10_000;
        while (servedBy(port) <= before + 10 && Date.now() < deadline) await sleep(100);
      }
      const outcome = await load.stop();

      expect(outcome.failures).toEqual([]);
      // The other instance kept answering while each one was down.
      for (const [from, to] of restartWindows) {
        expect(outcome.okAt.filter((at) => at >= from && at <= to).length).toBeGreaterThan(10);
      }
      // Both instances served the load through nginx, and nginx never passed on an error.
      const log = readFileSync(path.join(dir, 'access.log'), 'utf8')
        .trim()
        .split('\n')
        .filter((line) => line.includes(' GET /api/users/me '));
      for (const port of ports) expect(log.some((line) => line.includes(`:${port}`))).toBe(true);
      expect(log.filter((line) => !line.startsWith('200 '))).toEqual([]);
    }, 120_000);
  },
);
