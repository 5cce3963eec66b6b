// The real process, started as `npm start` starts it: configuration errors, the one-time admin
// password, graceful shutdown with a request in flight, and data that survives a restart.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gv-lifecycle-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>): Running {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: backendDir,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        LOG_FORMAT: 'json',
        SERVE_FRONTEND: 'false',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForReady(base: string, running: Running): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`backend did not become ready:\n${running.output()}`);
}

describe('backend process', () => {
  it('refuses to start with bad configuration, naming every bad variable', async () => {
    const running = start({ PORT: 'abc', LOG_LEVEL: 'chatty', NODE_ENV: 'production' });
    expect(await running.exited).toBe(1);
    expect(running.output()).toMatch(/PORT:/);
    expect(running.output()).toMatch(/LOG_LEVEL:/);
    expect(running.output()).toMatch(/JWT_SECRET:/);
  });

  let email = '';
  const password = 'lifecycle passphrase 1';

  it('prints the first admin once, finishes in-flight requests on SIGTERM and exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const running = start({ PORT: String(port) });
    await waitForReady(base, running);
    expect(running.output()).toMatch(/email:\s+admin@gv\.local/);

    email = `keeper.${port}@example.test`;
    const registered = await fetch(`${base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name: 'Keeper' }),
    });
    expect(registered.status).toBe(201);

    // A request whose body is still arriving when SIGTERM lands must still get its answer.
    const body = JSON.stringify({ email, password });
    const answer = new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        );
        socket.write(body.slice(0, 10));
        setTimeout(() => {
          running.child.kill('SIGTERM');
          setTimeout(() => socket.write(body.slice(10)), 300);
        }, 100);
      });
      let response = '';
      socket.on('data', (chunk) => (response += chunk.toString()));
      socket.on('end', () => resolve(response));
      socket.on('error', reject);
    });
    expect(await answer).toMatch(/^HTTP\/1\.1 200/);
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('shutdown complete');
  });

  it('writes every queued audit event before exiting on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const admin = { ADMIN_EMAIL: 'ops@example.test', ADMIN_PASSWORD: 'ops passphrase 123' };
    const first = start({ PORT: String(port), ...admin });
    await waitForReady(base, first);
    const attempts = 40;

    // Each failed sign-in queues one auth.login.failed event; SIGTERM follows the last answer at once.
    const statuses = await Promise.all(
      Array.from({ length: attempts }, (_, index) =>
        fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email: `audit.${index}.${port}@example.test`,
            password: 'wrong password',
          }),
        }).then((response) => response.status),
      ),
    );
    first.child.kill('SIGTERM');
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(await first.exited).toBe(0);

    const second = start({ PORT: String(port), ...admin });
    await waitForReady(base, second);
    const signedIn = (await (
      await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD }),
      })
    ).json()) as { accessToken: string };
    const page = (await (
      await fetch(`${base}/api/logs?event=auth.login.failed&limit=200`, {
        headers: { authorization: `Bearer ${signedIn.accessToken}` },
      })
    ).json()) as { data: Array<{ metadata: Record<string, unknown> }> };
    expect(page.data.filter((entry) => entry.metadata.reason === 'unknown_email')).toHaveLength(
      attempts,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('keeps the data across a restart and does not create another admin', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const running = start({ PORT: String(port) });
    await waitForReady(base, running);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    expect(running.output()).not.toMatch(/email:\s+admin@gv\.local/);
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
  });
});
