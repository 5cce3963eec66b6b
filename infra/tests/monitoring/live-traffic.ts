// Traffic for the end-to-end monitoring test: a client that calls the backend the way a browser
// does, one visit of everything the dashboards and alerts watch followed by steady load, and a
// wait for an alert to fire in Prometheus.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { getJson, waitFor } from '@gv/testing';

export type ApiCall = (
  method: string,
  route: string,
  options?: { body?: unknown; token?: string; cookie?: string },
) => Promise<{ status: number; json: Record<string, unknown>; cookie: string | undefined }>;

interface AlertsResponse {
  data: { alerts: { labels: Record<string, string>; state: string }[] };
}

/** Calls the API like a browser would: JSON bodies, the refresh cookie, a same-origin Origin. */
export function browserLikeClient(backendUrl: string): ApiCall {
  return async (method, route, options = {}) => {
    const response = await fetch(`${backendUrl}${route}`, {
      method,
      headers: {
        'content-type': 'application/json',
        origin: backendUrl,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    const cookie = response.headers
      .getSetCookie()
      .find((value) => value.startsWith('gv_refresh='))
      ?.split(';')[0];
    const text = await response.text();
    const json = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {};
    return { status: response.status, json, cookie };
  };
}

/** One visit of everything the dashboards and alerts watch. */
export async function generateTraffic(api: ApiCall): Promise<() => Promise<void>> {
  let stopped = false;
  const password = `Lantern-${randomBytes(6).toString('hex')}-Harbor`;
  const alice = { email: `alice.${randomBytes(3).toString('hex')}@example.com`, password };
  const bob = { email: `bob.${randomBytes(3).toString('hex')}@example.com`, password };

  const registered = await api('POST', '/api/auth/register', {
    body: { ...alice, name: 'Alice Monitor' },
  });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  expect(
    (await api('POST', '/api/auth/register', { body: { ...bob, name: 'Bob Monitor' } })).status,
  ).toBe(201);

  const login = await api('POST', '/api/auth/login', { body: alice });
  expect(login.status).toBe(200);
  expect(
    (await api('POST', '/api/auth/login', { body: { ...alice, password: 'wrong-password' } }))
      .status,
  ).toBe(401);
  // Enough wrong passwords to lock Bob's account (auth.account.locked).
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await api('POST', '/api/auth/login', { body: { ...bob, password: `wrong-${attempt}` } });
  }

  // Rotate the refresh token once, then present the old one again: that is a reuse.
  const rotated = await api('POST', '/api/auth/refresh', { cookie: login.cookie });
  expect(rotated.status, JSON.stringify(rotated.json)).toBe(200);
  const reused = await api('POST', '/api/auth/refresh', { cookie: login.cookie });
  expect(reused.status).toBe(401);

  const session = await api('POST', '/api/auth/login', { body: alice });
  const token = String(session.json.accessToken);
  expect((await api('GET', '/api/users/me', { token })).status).toBe(200);
  expect((await api('GET', '/api/no-such-route')).status).toBe(404);
  expect((await api('GET', '/api/health')).status).toBe(200);

  // Steady traffic until the checks are done, so every rate has something to measure.
  const background = (async () => {
    while (!stopped) {
      await Promise.allSettled([
        api('GET', '/api/users/me', { token }),
        api('GET', '/api/health/live'),
        api('GET', '/api/no-such-route'),
        api('POST', '/api/auth/login', {
          body: { email: 'nobody@example.com', password: 'not-a-password' },
        }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
  return async () => {
    stopped = true;
    await background;
  };
}

/** The alerts Prometheus reports right now. */
export async function currentAlerts(prometheusUrl: string) {
  return (await getJson<AlertsResponse>(`${prometheusUrl}/api/v1/alerts`))?.data.alerts ?? [];
}

/** Waits until the alert fires in Prometheus; throws after timeoutMs. */
export async function firingAlert(prometheusUrl: string, alertname: string, timeoutMs: number) {
  return waitFor(
    `${alertname} to fire`,
    async () =>
      (await currentAlerts(prometheusUrl)).find(
        (alert) => alert.labels.alertname === alertname && alert.state === 'firing',
      ),
    timeoutMs,
    500,
  );
}
