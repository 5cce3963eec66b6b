// API answers carry tokens and personal data, so no browser or proxy cache may keep them: every
// response of a signed-in or personal route says `Cache-Control: no-store`, errors included (a
// cached 401 or 429 would be served to the next person behind the same proxy). Only the API docs,
// identical for everyone, stay cacheable.
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteSpec } from '@gv/contract';
import {
  createAdmin,
  registerUser,
  useTestBackend,
  type SignedInUser,
} from '../../test-support/test-backend.js';

const backend = useTestBackend();
let user: SignedInUser;
let admin: SignedInUser;

beforeAll(async () => {
  user = await registerUser(backend);
  admin = await createAdmin(backend);
});

function expectNoStore(response: Response, what: string): void {
  expect(response.headers['cache-control'], `${what} → ${response.status}`).toBe('no-store');
}

const signedInRoutes = (Object.entries(routes) as Array<[string, RouteSpec]>).filter(
  ([, spec]) => spec.access !== 'public',
);

describe('Cache-Control on API responses', () => {
  it.each(signedInRoutes)(
    '%s refuses anonymous callers with an uncacheable 401',
    async (_, spec) => {
      const path = `/api${spec.path.replace(':id', user.userId)}`;
      const response = await backend.http[spec.method](path);
      expect(response.status).toBe(401);
      expectNoStore(response, `${spec.method} ${path}`);
    },
  );

  it('marks every personal read no-store', async () => {
    const reads: Array<[string, SignedInUser]> = [
      ['/api/users/me', user],
      ['/api/sessions', user],
      ['/api/logs/mine', user],
      ['/api/users', admin],
      [`/api/users/${user.userId}`, admin],
      [`/api/users/${user.userId}/sessions`, admin],
      ['/api/logs', admin],
      ['/api/admin/stats', admin],
    ];
    for (const [path, caller] of reads) {
      const response = await backend.http.get(path).set(caller.auth).expect(200);
      expectNoStore(response, `GET ${path}`);
    }
  });

  it('marks writes and their validation errors no-store', async () => {
    const renamed = await backend.http
      .patch('/api/users/me')
      .set(user.auth)
      .send({ name: 'Renamed' })
      .expect(200);
    expectNoStore(renamed, 'PATCH /api/users/me');
    const invalid = await backend.http.get('/api/logs/mine?limit=0').set(user.auth).expect(400);
    expectNoStore(invalid, 'GET /api/logs/mine?limit=0');
    const forbidden = await backend.http.get('/api/users').set(user.auth).expect(403);
    expectNoStore(forbidden, 'GET /api/users as a user');
  });

  it('marks the token responses of register, login and refresh no-store', async () => {
    const registered = await backend.http
      .post('/api/auth/register')
      .send({ email: `cache.${Date.now()}@example.test`, password: user.password, name: 'C' })
      .expect(201);
    expectNoStore(registered, 'POST /api/auth/register');
    const signedIn = await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: user.password })
      .expect(200);
    expectNoStore(signedIn, 'POST /api/auth/login');
    const refreshed = await backend.http
      .post('/api/auth/refresh')
      .set('Origin', 'http://127.0.0.1')
      .set('Host', '127.0.0.1')
      .set('Cookie', user.refreshCookie)
      .expect(200);
    expectNoStore(refreshed, 'POST /api/auth/refresh');
    const failedLogin = await backend.http
      .post('/api/auth/login')
      .send({ email: user.email, password: 'not the password' })
      .expect(401);
    expectNoStore(failedLogin, 'POST /api/auth/login with a wrong password');
  });

  it('marks a malformed body on a personal route no-store, though it never reaches the route', async () => {
    const response = await backend.http
      .patch('/api/users/me')
      .set(user.auth)
      .set('content-type', 'application/json')
      .send('{"name":')
      .expect(400);
    expectNoStore(response, 'PATCH /api/users/me with broken JSON');
  });

  it('lets the API docs, the same for everyone, be cached', async () => {
    const asset = await backend.http.get('/api/docs/assets/swagger-ui.css').expect(200);
    expect(asset.headers['cache-control']).toMatch(/max-age=\d+/);
    const document = await backend.http.get('/api/openapi.json').expect(200);
    expect(document.headers['cache-control'] ?? '').not.toContain('no-store');
  });
});
