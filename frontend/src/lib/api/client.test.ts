import { beforeEach, describe, expect, it } from 'vitest';
import { fakeServer, makeAuth, makeUser, problem } from '../../test/fakeServer';
import { createAuthStore, type AuthStore } from '../auth/store';
import { createApiClient } from './client';
import { ApiError } from './problem';

const expired = problem(401, 'Unauthorized', { detail: 'Access token expired' });

function signedInStore(token = 'old-token'): AuthStore {
  const store = createAuthStore();
  store.dispatch({ type: 'signed-in', auth: makeAuth(token) });
  return store;
}

/** Answers 200 only when the request carries the new token. */
const acceptsOnly = (token: string) => (request: { authorization: string | undefined }) =>
  request.authorization === `Bearer ${token}` ? { status: 200, data: { data: [] } } : expired;

describe('API client', () => {
  let store: AuthStore;
  beforeEach(() => {
    store = signedInStore();
  });

  it('sends the access token from memory as a Bearer header', async () => {
    const server = fakeServer({ 'GET /users/me': () => ({ status: 200, data: makeUser() }) });
    const client = createApiClient(store, { adapter: server.adapter });
    await client.call('getMe');
    expect(server.requests[0]?.authorization).toBe('Bearer old-token');
  });

  it('refreshes once on 401 and retries the request with the new token', async () => {
    const server = fakeServer({
      'GET /sessions': acceptsOnly('new-token'),
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('new-token') }),
    });
    const client = createApiClient(store, { adapter: server.adapter });

    await expect(client.call('listMySessions')).resolves.toEqual({ data: [] });
    expect(server.count('POST', '/auth/refresh')).toBe(1);
    expect(server.requests.at(-1)?.authorization).toBe('Bearer new-token');
    expect(store.getState()).toMatchObject({ status: 'authenticated', accessToken: 'new-token' });
  });

  it('shares one refresh between concurrent requests that all got 401', async () => {
    const server = fakeServer({
      'GET /sessions': acceptsOnly('new-token'),
      'GET /logs/mine': acceptsOnly('new-token'),
      'GET /users/me': (request) =>
        request.authorization === 'Bearer new-token' ? { status: 200, data: makeUser() } : expired,
      // Slow enough that every 401 arrives while the refresh is still in flight.
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('new-token'), delayMs: 30 }),
    });
    const client = createApiClient(store, { adapter: server.adapter });

    const results = await Promise.all([
      client.call('listMySessions'),
      client.call('listMyLogs', { query: { limit: 5 } }),
      client.call('getMe'),
      client.call('listMySessions'),
    ]);

    expect(results).toHaveLength(4);
    expect(server.count('POST', '/auth/refresh')).toBe(1);
    expect(server.count('GET', '/sessions')).toBe(4); // two first tries, two retries
  });

  it('ends the session when the refresh is refused, so the guard sends the user to login', async () => {
    const server = fakeServer({
      'GET /sessions': () => expired,
      'POST /auth/refresh': () => problem(401, 'Unauthorized', { detail: 'Session revoked' }),
    });
    const client = createApiClient(store, { adapter: server.adapter });

    const error = await client.call('listMySessions').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, sessionEnded: true });
    expect(store.getState()).toEqual({ status: 'anonymous', reason: 'session-ended' });
    expect(server.count('GET', '/sessions')).toBe(1);
  });

  it('keeps the session when the refresh cannot reach the server', async () => {
    const server = fakeServer({
      'GET /sessions': () => expired,
      'POST /auth/refresh': () => ({ unreachable: true }),
    });
    const client = createApiClient(store, { adapter: server.adapter });

    const error = await client.call('listMySessions').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ unreachable: true, sessionEnded: false });
    expect(store.getState()).toMatchObject({ status: 'authenticated', accessToken: 'old-token' });
  });

  it('tells the connection when the server stops answering, and when it answers again', async () => {
    let down = true;
    const server = fakeServer({
      'GET /users/me': () => (down ? { unreachable: true } : { status: 200, data: makeUser() }),
      'GET /sessions': () => problem(404, 'Not Found'),
    });
    const reports: string[] = [];
    const client = createApiClient(
      store,
      { adapter: server.adapter },
      {
        reportReachable: () => reports.push('reachable'),
        reportUnreachable: () => reports.push('unreachable'),
      },
    );

    await expect(client.call('getMe')).rejects.toMatchObject({
      unreachable: true,
      title: 'Cannot reach the server',
    });
    down = false;
    await client.call('getMe');
    // An error answer still comes from the server.
    await client.call('listMySessions').catch(() => undefined);
    expect(reports).toEqual(['unreachable', 'reachable', 'reachable']);
  });

  it('does not loop when the retried request is refused again', async () => {
    const server = fakeServer({
      'GET /sessions': () => expired,
      'POST /auth/refresh': () => ({ status: 200, data: makeAuth('new-token') }),
    });
    const client = createApiClient(store, { adapter: server.adapter });

    await expect(client.call('listMySessions')).rejects.toMatchObject({ status: 401 });
    expect(server.count('POST', '/auth/refresh')).toBe(1);
    expect(server.count('GET', '/sessions')).toBe(2);
  });

  it('treats 401 from login as wrong credentials, never as an expired session', async () => {
    const anonymous = createAuthStore({ status: 'anonymous', reason: 'no-session' });
    const server = fakeServer({
      'POST /auth/login': () =>
        problem(401, 'Unauthorized', { detail: 'Invalid email or password' }),
    });
    const client = createApiClient(anonymous, { adapter: server.adapter });

    await expect(
      client.call('login', { body: { email: 'ada@example.com', password: 'wrong-password' } }),
    ).rejects.toMatchObject({ status: 401, userMessage: 'Invalid email or password' });
    expect(server.count('POST', '/auth/refresh')).toBe(0);
  });

  it('does not try to refresh for a visitor who is not signed in', async () => {
    const anonymous = createAuthStore({ status: 'anonymous', reason: 'signed-out' });
    const server = fakeServer({ 'GET /users/me': () => expired });
    const client = createApiClient(anonymous, { adapter: server.adapter });

    await expect(client.call('getMe')).rejects.toMatchObject({ status: 401, sessionEnded: false });
    expect(server.requests[0]?.authorization).toBeUndefined();
    expect(server.count('POST', '/auth/refresh')).toBe(0);
  });

  it('turns problem+json field errors into an ApiError the forms can place', async () => {
    const server = fakeServer({
      'POST /auth/register': () =>
        problem(400, 'Bad Request', {
          errors: [{ path: 'password', message: 'This password is too common' }],
        }),
    });
    const client = createApiClient(store, { adapter: server.adapter });
    const error = await client
      .call('register', { body: { email: 'a@b.co', name: 'A', password: 'password1' } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      status: 400,
      requestId: 'req-test',
      fieldErrors: [{ path: 'password', message: 'This password is too common' }],
    });
  });

  it('fills path parameters and drops empty query values', async () => {
    const server = fakeServer({
      'GET /users': () => ({ status: 200, data: { data: [], pagination: {} } }),
      'DELETE /users/a%2Fb/sessions': () => ({ status: 204 }),
    });
    const client = createApiClient(store, { adapter: server.adapter });
    await client.call('listUsers', { query: { q: '', role: 'admin', page: 2 } });
    await client.call('revokeUserSessions', { params: { id: 'a/b' } });
    expect(server.requests[0]?.params).toEqual({ role: 'admin', page: 2 });
    expect(server.requests[1]?.url).toBe('/users/a%2Fb/sessions');
  });
});
