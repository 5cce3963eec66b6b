// Builds a real backend for a test file: real PostgreSQL (a fresh database per backend) when
// TEST_DATABASE_URL is set, otherwise in-memory PGlite; real Redis when TEST_REDIS_URL is set
// and the test asks for it. Log lines are captured so tests can assert on them.
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll } from 'vitest';
import type { AuthResponse } from '@gv/contract';
import { createTestDatabase, missingService, TEST_DATABASE_URL } from '@gv/testing';
import { lateBound, sharedFixture } from '@gv/testing/fixtures';
import { createBackend, type Backend } from '../backend.js';
import { loadConfig } from '../config/env.js';
import { openMemoryDatabase } from '../db/database.js';
import { createLogger } from '../observability/logger.js';
import { TcpProxy } from './tcp-proxy.js';

export { TEST_DATABASE_URL };
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || undefined;

export type Driver = 'postgres' | 'pglite';

/** The database these tests run on: PostgreSQL when available, unless a test pins PGlite. */
export const defaultDriver: Driver =
  TEST_DATABASE_URL && process.env.TEST_DB !== 'pglite' ? 'postgres' : 'pglite';

export interface TestBackend extends Backend {
  logLines: Array<Record<string, unknown>>;
  http: ReturnType<typeof request>;
  /** The metrics listener, which a real server binds to METRICS_PORT. */
  metricsHttp: ReturnType<typeof request>;
  databaseUrl?: string;
  /** Closes the backend and drops its database. */
  dispose(): Promise<void>;
}

export interface TestBackendOptions {
  driver?: Driver;
  redis?: boolean;
  env?: Record<string, string>;
  /** Share an existing PostgreSQL database (a second instance of the same deployment). */
  databaseUrl?: string;
}

export async function createTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const driver = options.driver ?? defaultDriver;
  const logLines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', format: 'json', stream });

  let databaseUrl = options.databaseUrl;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (driver === 'postgres' && !databaseUrl) {
    const created = await createTestDatabase();
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  if (options.redis && !TEST_REDIS_URL) throw new Error('TEST_REDIS_URL is not set');

  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-at-least-32-bytes-long!!',
    LOG_LEVEL: 'debug',
    SERVE_FRONTEND: 'false',
    DATA_DIR: `/tmp/gv-test-${randomUUID()}`,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(options.redis
      ? { REDIS_URL: TEST_REDIS_URL!, REDIS_KEY_PREFIX: `gvtest:${randomUUID()}:` }
      : {}),
    ...options.env,
  });
  const backend = await createBackend(config, {
    logger,
    ...(driver === 'pglite' && !databaseUrl ? { database: await openMemoryDatabase() } : {}),
    logWriter: { flushIntervalMs: 20 },
    skipDefaultAdmin: true,
  });
  return {
    ...backend,
    logLines,
    http: request(backend.app),
    metricsHttp: request(backend.metricsListener),
    ...(databaseUrl ? { databaseUrl } : {}),
    dispose: async () => {
      await backend.close();
      await dropDatabase?.();
    },
  };
}

/** Another instance of `first`'s deployment: its PostgreSQL database and Redis, as a second pod. */
export function createSiblingBackend(
  first: TestBackend,
  env: Record<string, string>,
): Promise<TestBackend> {
  return createTestBackend({
    driver: 'postgres',
    redis: true,
    databaseUrl: first.databaseUrl!,
    env,
  });
}

/**
 * The backend the tests of this file (or describe block) share: created before the first,
 * disposed after the last.
 */
export function useTestBackend(options: TestBackendOptions = {}): TestBackend {
  return sharedFixture(
    'the test backend',
    () => createTestBackend(options),
    (backend) => backend.dispose(),
  );
}

let emailCounter = 0;
export function uniqueEmail(label = 'user'): string {
  emailCounter += 1;
  return `${label}.${emailCounter}.${randomBytes(3).toString('hex')}@example.test`;
}

export const STRONG_PASSWORD = 'Tr0ub4dor & a horse';

export interface SignedInUser {
  email: string;
  password: string;
  token: string;
  sessionId: string;
  userId: string;
  /** The Set-Cookie value of the refresh token, to send back as Cookie. */
  refreshCookie: string;
  auth: { Authorization: string };
}

export function refreshCookieFrom(setCookie: string | string[] | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = cookies.find((value) => value.startsWith('gv_refresh='));
  if (!cookie) throw new Error('no refresh cookie in response');
  return cookie.split(';')[0]!;
}

export async function registerUser(
  backend: TestBackend,
  overrides: Partial<{ email: string; password: string; name: string }> = {},
): Promise<SignedInUser> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? STRONG_PASSWORD;
  const response = await backend.http
    .post('/api/auth/register')
    .send({ email, password, name: overrides.name ?? 'Test User' })
    .expect(201);
  return signedInFrom(response, email, password);
}

export async function login(
  backend: TestBackend,
  email: string,
  password: string,
): Promise<SignedInUser> {
  const response = await backend.http.post('/api/auth/login').send({ email, password }).expect(200);
  return signedInFrom(response, email, password);
}

function signedInFrom(response: request.Response, email: string, password: string): SignedInUser {
  const body = response.body as AuthResponse;
  return {
    email,
    password,
    token: body.accessToken,
    sessionId: body.sessionId,
    userId: body.user.id,
    refreshCookie: refreshCookieFrom(response.headers['set-cookie']),
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/** Registers a user and promotes them to admin directly in the database. */
export async function createAdmin(backend: TestBackend): Promise<SignedInUser> {
  const user = await registerUser(backend, { name: 'Test Admin' });
  await backend.repositories.users.update(user.userId, { role: 'admin' });
  return login(backend, user.email, user.password);
}

/**
 * The engines a test compares side by side, each with the reason it cannot run here (or null):
 * PGlite always, PostgreSQL where TEST_DATABASE_URL names a server.
 */
export function bothEngines(): Array<[Driver, string | null]> {
  return [
    ['pglite', null],
    ['postgres', missingService('TEST_DATABASE_URL')],
  ];
}

export interface BackendWithUsers {
  backend: TestBackend;
  user: SignedInUser;
  admin: SignedInUser;
}

/**
 * A backend with a signed-in user and admin whose sign-ups are already in the audit log, shared
 * by the tests of the enclosing describe block; nothing is made when `skipReason` is set.
 */
export function useBackendWithUsers(
  options: TestBackendOptions,
  skipReason: string | null = null,
): BackendWithUsers {
  let made: BackendWithUsers | undefined;
  beforeAll(async () => {
    if (skipReason) return;
    const backend = await createTestBackend(options);
    made = { backend, user: await registerUser(backend), admin: await createAdmin(backend) };
    await flushAuditLog(backend);
  });
  afterAll(async () => {
    await made?.backend.dispose();
  });
  return {
    backend: lateBound('the test backend', () => made?.backend),
    user: lateBound('the test user', () => made?.user),
    admin: lateBound('the test admin', () => made?.admin),
  };
}

/** One backend for the file with an admin signed in, made before its first test. */
export function useBackendWithAdmin(options: TestBackendOptions = {}): {
  backend: TestBackend;
  admin: SignedInUser;
} {
  const backend = useTestBackend(options);
  let admin: SignedInUser | undefined;
  beforeAll(async () => {
    admin = await createAdmin(backend);
  });
  return { backend, admin: lateBound('the test admin', () => admin) };
}

/** Waits until queued audit events are in the logs table. */
export async function flushAuditLog(backend: TestBackend): Promise<void> {
  // Work started after an answer (a sign-up's confirmation mail) writes audit rows of its own.
  await backend.background.idle();
  await backend.logWriter.flush();
}

export interface BackendBehindProxy {
  backend: TestBackend;
  /** Cut it to make PostgreSQL vanish from the network; restore it to bring it back. */
  proxy: TcpProxy;
  /** Closes the backend and the proxy and drops the database. */
  dispose(): Promise<void>;
}

/** A backend whose PostgreSQL (a fresh database) sits behind a TCP proxy the test controls. */
export async function createBackendBehindProxy(prefix: string): Promise<BackendBehindProxy> {
  const database = await createTestDatabase(prefix);
  const target = new URL(database.url);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  const backend = await createTestBackend({ databaseUrl: proxy.urlFor(database.url) });
  return {
    backend,
    proxy,
    dispose: async () => {
      await backend.dispose();
      await proxy.close();
      await database.drop();
    },
  };
}

/** createBackendBehindProxy for the tests of one describe block: made before, removed after. */
export function useBackendBehindProxy(prefix: string): Omit<BackendBehindProxy, 'dispose'> {
  const shared = sharedFixture(
    'the backend behind a proxy',
    () => createBackendBehindProxy(prefix),
    (made) => made.dispose(),
  );
  return {
    backend: lateBound('the backend behind a proxy', () => shared.backend),
    proxy: lateBound('the proxy', () => shared.proxy),
  };
}
