// Security headers on every kind of response the backend sends: API JSON, each kind of problem
// error, /metrics, the API docs, and the single-page app (index, client routes, static assets).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestBackend,
  registerUser,
  STRONG_PASSWORD,
  uniqueEmail,
  type TestBackend,
} from '../../test-support/test-backend.js';

const spaDir = mkdtempSync(path.join(os.tmpdir(), 'gv-spa-'));
mkdirSync(path.join(spaDir, 'assets'));
writeFileSync(
  path.join(spaDir, 'index.html'),
  '<!doctype html><title>GV</title><div id="root"></div>',
);
writeFileSync(path.join(spaDir, 'assets', 'app-3f9a8c21b7.js'), 'console.log("app")');

function spaEnv(nodeEnv: string): Record<string, string> {
  return { NODE_ENV: nodeEnv, SERVE_FRONTEND: 'true', FRONTEND_DIST: spaDir };
}

let development: TestBackend;
let production: TestBackend;

beforeAll(async () => {
  [development, production] = await Promise.all([
    createTestBackend({ env: spaEnv('development') }),
    createTestBackend({ env: spaEnv('production') }),
  ]);
});
afterAll(async () => {
  await Promise.all([development.dispose(), production.dispose()]);
  rmSync(spaDir, { recursive: true, force: true });
});

/** One request for each kind of response the backend sends. */
const RESPONSE_KINDS: Array<[string, (backend: TestBackend) => Promise<Response>]> = [
  ['API JSON', (backend) => backend.http.get('/api/health/live').expect(200)],
  ['401 problem', (backend) => backend.http.get('/api/users/me').expect(401)],
  ['404 problem', (backend) => backend.http.get('/api/no-such-route').expect(404)],
  [
    '400 problem',
    (backend) =>
      backend.http
        .post('/api/auth/login')
        .set('content-type', 'application/json')
        .send('{"email":')
        .expect(400),
  ],
  [
    '413 problem',
    (backend) =>
      backend.http
        .post('/api/auth/register')
        .send({ email: uniqueEmail(), password: STRONG_PASSWORD, name: 'x'.repeat(200_000) })
        .expect(413),
  ],
  ['/metrics on the public port (404)', (backend) => backend.http.get('/metrics').expect(404)],
  ['OpenAPI document', (backend) => backend.http.get('/api/openapi.json').expect(200)],
  ['API docs page', (backend) => backend.http.get('/api/docs').expect(200)],
  ['API docs asset', (backend) => backend.http.get('/api/docs/assets/swagger-ui.css').expect(200)],
  ['SPA index', (backend) => backend.http.get('/').set('accept', 'text/html').expect(200)],
  [
    'SPA client route',
    (backend) => backend.http.get('/admin/users').set('accept', 'text/html').expect(200),
  ],
  ['SPA asset', (backend) => backend.http.get('/assets/app-3f9a8c21b7.js').expect(200)],
  ['missing asset', (backend) => backend.http.get('/assets/app-00000000.js').expect(404)],
];

function expectProtected(response: Response): void {
  const csp = String(response.headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(response.headers['x-powered-by']).toBeUndefined();
  expect(response.headers['x-request-id']).toMatch(/^[\w.:-]{8,128}$/);
}

describe('security headers', () => {
  it.each(RESPONSE_KINDS)(
    '%s carries them, without HSTS outside production',
    async (_kind, send) => {
      const response = await send(development);
      expectProtected(response);
      expect(response.headers['strict-transport-security']).toBeUndefined();
    },
  );

  it.each(RESPONSE_KINDS)('%s carries them with HSTS in production', async (_kind, send) => {
    const response = await send(production);
    expectProtected(response);
    expect(response.headers['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect(String(response.headers['content-security-policy'])).toContain(
      'upgrade-insecure-requests',
    );
  });

  it('a 500 answer carries them and reveals nothing of the failure', async () => {
    const user = await registerUser(development);
    const users = development.repositories.users;
    const original = users.findById.bind(users);
    users.findById = () => Promise.reject(new Error('secret internal detail'));
    try {
      const response = await development.http.get('/api/users/me').set(user.auth).expect(500);
      expectProtected(response);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.text).not.toMatch(/secret internal detail|at .*\.ts/);
    } finally {
      users.findById = original;
    }
  });

  it('a 429 answer carries them', async () => {
    const email = uniqueEmail('limited');
    let response: Response | undefined;
    for (let attempt = 0; attempt < 21; attempt++) {
      response = await development.http
        .post('/api/auth/login')
        .send({ email, password: 'wrong password' });
    }
    expect(response!.status).toBe(429);
    expectProtected(response!);
  });

  it('sends the refresh and device cookies Secure in production only', async () => {
    const cookiesOf = async (backend: TestBackend) => {
      const response = await backend.http
        .post('/api/auth/register')
        .send({ email: uniqueEmail(), password: STRONG_PASSWORD, name: 'Cookie' })
        .expect(201);
      const cookies = response.headers['set-cookie'] as unknown as string[];
      expect(cookies.map((cookie) => cookie.split('=')[0]).sort()).toEqual([
        'gv_device',
        'gv_refresh',
      ]);
      return cookies;
    };
    for (const cookie of await cookiesOf(production)) expect(cookie).toMatch(/; Secure/);
    for (const cookie of await cookiesOf(development)) expect(cookie).not.toMatch(/; Secure/);
  });

  it('grants no cross-origin access when CORS_ORIGINS is empty', async () => {
    const response = await development.http
      .get('/api/health/live')
      .set('Origin', 'https://evil.example')
      .expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
