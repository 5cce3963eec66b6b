// Slow clients (slowloris): a client that sends its headers or body a byte at a time must be cut
// off, or a few hundred of them would hold every connection. The production limits are checked on
// the server object; the behaviour with real sockets uses the same server with shortened limits.
import net from 'node:net';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, SERVER_TIMEOUTS } from '../../http/http-server.js';
import { createTestBackend, type TestBackend } from '../../test-support/test-backend.js';

const SHORT = {
  headersTimeout: 600,
  requestTimeout: 1_200,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 100,
};

let backend: TestBackend;
let server: http.Server;
let port = 0;

beforeAll(async () => {
  backend = await createTestBackend();
  server = createHttpServer(backend.app, SHORT);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await backend.dispose();
});

interface Trickle {
  /** Everything the server sent. */
  answer: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/** Sends `head` at once, then `trickle` one byte every `everyMs`, until the server hangs up. */
function trickle(head: string, trickleText: string, everyMs: number): Promise<Trickle> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let answer = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    // The trickle starts once connected: a byte queued while connecting (on a busy machine, a
    // connect can take longer than `everyMs`) would go out before the head.
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (sent < trickleText.length && socket.writable) socket.write(trickleText[sent++]!);
      }, everyMs);
    });
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      reject(new Error(`still connected after 10 s; received: ${answer}`));
    }, 10_000);
  });
}

describe('slow clients', () => {
  it('production servers limit how long headers and requests may take', () => {
    const production = createHttpServer(backend.app);
    expect(production.headersTimeout).toBe(SERVER_TIMEOUTS.headersTimeout);
    expect(production.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeout);
    expect(production.keepAliveTimeout).toBe(SERVER_TIMEOUTS.keepAliveTimeout);
    expect(SERVER_TIMEOUTS).toMatchObject({ headersTimeout: 20_000, requestTimeout: 30_000 });
    // Checked often enough that a slow client is cut off close to the limit, not 30 s later.
    expect(SERVER_TIMEOUTS.connectionsCheckingInterval).toBeLessThanOrEqual(5_000);
  });

  it('cuts off a client that sends its headers byte by byte', async () => {
    const result = await trickle(
      'GET /api/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      `X-Slow: ${'a'.repeat(200)}\r\n`,
      50,
    );
    expect(result.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(result.closedAfterMs).toBeLessThan(SHORT.headersTimeout + 1_000);
  });

  it('cuts off a client that sends its body byte by byte', async () => {
    const body = JSON.stringify({ email: 'slow@example.test', password: 'x'.repeat(100) });
    const result = await trickle(
      'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n\r\n`,
      body,
      50,
    );
    expect(result.closedAfterMs).toBeLessThan(SHORT.requestTimeout + 1_000);
    expect(result.answer).not.toMatch(/^HTTP\/1\.1 [25]/);
  });

  it('keeps an idle keep-alive connection usable beyond the headers limit', async () => {
    const socket = net.connect(port, '127.0.0.1');
    const request = 'GET /api/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    const answers: string[] = [];
    socket.on('data', (chunk) => answers.push(chunk.toString()));
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, SHORT.headersTimeout * 2));
    socket.write(request);
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.destroy();
    const statuses = answers.join('').match(/HTTP\/1\.1 \d{3}/g);
    expect(statuses).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
  });
});
