// How the Prometheus client behaves while Prometheus is away, against a real HTTP server that
// either never answers or answers like Prometheus does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrometheusClient, PrometheusUnavailable } from './prometheus.js';

const vector = JSON.stringify({
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: {}, value: [0, '1'] }] },
});

describe('PrometheusClient while Prometheus is away', () => {
  let answering = false;
  let requests = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_request, response) => {
    requests += 1;
    if (!answering) {
      held.push(response);
      return;
    }
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    // Answered on a later turn, so that requests sent together are seen in flight together.
    setTimeout(() => {
      inFlight -= 1;
      response.setHeader('content-type', 'application/json').end(vector);
    }, 20);
  });
  let url = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const response of held) response.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    answering = false;
    requests = 0;
    mostInFlight = 0;
  });

  const askFive = (client: PrometheusClient) =>
    Promise.allSettled(Array.from({ length: 5 }, (_, i) => client.query(`vector(${i})`)));

  it('sends one request of a batch until Prometheus answers, and fails the rest with its error', async () => {
    const client = new PrometheusClient(url, { timeoutMs: 100 });
    const results = await askFive(client);
    expect(requests).toBe(1);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const { reason } = result as PromiseRejectedResult;
      expect(reason).toBeInstanceOf(PrometheusUnavailable);
      expect(String(reason)).toMatch(/Prometheus did not answer: timed out/);
    }
  });

  it('fails at once during the back-off, then asks again with one request', async () => {
    const client = new PrometheusClient(url, { timeoutMs: 50, retryAfterMs: 300 });
    await askFive(client);
    await expect(client.query('up')).rejects.toThrow(/timed out/);
    expect(requests).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 350));
    await askFive(client);
    expect(requests).toBe(2);
  });

  it('sends requests together again once Prometheus answers', async () => {
    const client = new PrometheusClient(url, { timeoutMs: 50, retryAfterMs: 100 });
    await askFive(client);
    answering = true;
    await new Promise((resolve) => setTimeout(resolve, 150));

    const afterOutage = await askFive(client);
    expect(afterOutage.map((result) => result.status)).toEqual(Array(5).fill('fulfilled'));
    expect(await client.query('up')).toEqual([{ labels: {}, value: 1 }]);
    mostInFlight = 0;
    await askFive(client);
    expect(mostInFlight).toBe(5);
  });
});
