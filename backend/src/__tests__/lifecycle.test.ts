// The real process, started as `npm start` starts it: configuration errors, the one-time admin
// password, graceful shutdown with a request in flight, and data that survives a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@gv/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnBackendProcess, startBackendProcess } from '../test-support/backend-process.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gv-lifecycle-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// A first start creates the embedded database (PGlite's initdb, several seconds of CPU) and each
// start loads the sources through tsx: on a busy machine that alone can take half a minute.
const START_TIMEOUT_MS = 90_000;

describe('backend process', { timeout: 3 * START_TIMEOUT_MS }, () => {
  it('refuses to start with bad configuration, naming every bad variable', async () => {
    const running = spawnBackendProcess(0, {
      DATA_DIR: dataDir,
      PORT: 'abc',
      LOG_LEVEL: 'chatty',
      NODE_ENV: 'production',
    });
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
    const running = await startBackendProcess(port, { DATA_DIR: dataDir }, START_TIMEOUT_MS);
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
    const first = await startBackendProcess(
      port,
      { DATA_DIR: dataDir, ...admin },
      START_TIMEOUT_MS,
    );
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

    const second = await startBackendProcess(
      port,
      { DATA_DIR: dataDir, ...admin },
      START_TIMEOUT_MS,
    );
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
    const running = await startBackendProcess(port, { DATA_DIR: dataDir }, START_TIMEOUT_MS);
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
