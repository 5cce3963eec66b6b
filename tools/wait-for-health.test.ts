// wait-for-health is what a deploy waits on after a rollout: it must keep polling through 503s
// and refused connections, succeed on the first 200, and give up with a clear reason.
import { freePort } from '@gv/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { runTool, startServer, type TestServer } from './testing/run-tool.js';

describe('tools/wait-for-health.ts', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('keeps polling through 503 answers and succeeds once the endpoint answers 200', async () => {
    let calls = 0;
    server = await startServer((_request, response) => {
      calls += 1;
      const ready = calls >= 3;
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(ready ? { status: 'ready' } : { title: 'Service Unavailable' }));
    });

    const result = await runTool('wait-for-health.ts', [
      `${server.url}/api/health/ready`,
      '--interval',
      '100ms',
      '--timeout',
      '20s',
    ]);

    expect(result.code, result.output).toBe(0);
    expect(calls).toBe(3);
    expect(result.stdout).toMatch(/attempt 1: 503: Service Unavailable/);
    expect(result.stdout).toMatch(/attempt 3: 200/);
    expect(result.stdout).toContain('is healthy');
  });

  it('can require several healthy answers in a row before it trusts the endpoint', async () => {
    const answers = [200, 503, 200, 200];
    let calls = 0;
    server = await startServer((_request, response) => {
      response.writeHead(answers[calls++] ?? 200).end();
    });

    const result = await runTool('wait-for-health.ts', [
      server.url,
      '--interval',
      '50ms',
      '--successes',
      '2',
    ]);

    expect(result.code, result.output).toBe(0);
    expect(calls).toBe(4);
  });

  it('gives up after the timeout and names the last answer', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(503, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ title: 'Service Unavailable', detail: 'database is down' }));
    });

    const started = Date.now();
    const result = await runTool('wait-for-health.ts', [
      server.url,
      '--interval',
      '200ms',
      '--timeout',
      '1s',
    ]);

    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.stderr).toContain('was not healthy within 1.0 s');
    expect(result.stderr).toContain('Last answer: 503: Service Unavailable: database is down');
  });

  it('reports a refused connection when nothing listens', async () => {
    const port = await freePort();
    const result = await runTool('wait-for-health.ts', [
      `http://127.0.0.1:${port}/api/health/ready`,
      '--interval',
      '100ms',
      '--timeout',
      '500ms',
    ]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /connection refused: nothing is listening there \(ECONNREFUSED\)/,
    );
  });

  it('explains how to call it when the URL is missing', async () => {
    const result = await runTool('wait-for-health.ts', []);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('wait-for-health: give exactly one URL to poll (see --help)');
  });
});
