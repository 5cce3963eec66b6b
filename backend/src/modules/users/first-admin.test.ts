// The first admin of an empty database is made and printed the same way on the embedded database
// and on PostgreSQL, once, even when two instances start together.
import { Writable } from 'node:stream';
import { createTestDatabase, missingService } from '@gv/testing';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../backend.js';
import { loadConfig } from '../../config/env.js';
import { openMemoryDatabase } from '../../db/database.js';
import { createLogger } from '../../observability/logger.js';
import { ensureFirstAdmin } from './first-admin.js';

const quietLogger = () =>
  createLogger({
    level: 'error',
    format: 'json',
    stream: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
  });

let backend: Backend | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

afterEach(async () => {
  await backend?.close();
  await dropDatabase?.();
  backend = undefined;
  dropDatabase = undefined;
});

/** A backend on an empty database of the engine, with what it printed. */
async function startOnEmptyDatabase(engine: 'pglite' | 'postgres') {
  const printed: string[] = [];
  let databaseUrl: string | undefined;
  if (engine === 'postgres') {
    const database = await createTestDatabase('gv_first_admin');
    databaseUrl = database.url;
    dropDatabase = database.drop;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-at-least-32-bytes-long!!',
    SERVE_FRONTEND: 'false',
    DATA_DIR: '/tmp/gv-first-admin-unused',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  backend = await createBackend(config, {
    logger: quietLogger(),
    ...(databaseUrl ? {} : { database: await openMemoryDatabase() }),
    print: (text) => printed.push(text),
  });
  return { backend, printed };
}

const postgresMissing = missingService('TEST_DATABASE_URL', 'the PostgreSQL half of the checks');

describe.each([
  { engine: 'pglite' as const, skip: null },
  { engine: 'postgres' as const, skip: postgresMissing },
])('the first admin on an empty $engine database', ({ engine, skip }) => {
  it.skipIf(skip)(
    'is created and printed once, and its password signs in',
    async () => {
      const { backend, printed } = await startOnEmptyDatabase(engine);
      expect(printed).toHaveLength(1);
      const email = /email:\s+(\S+)/.exec(printed[0]!)?.[1];
      const password = /password:\s+(\S+)/.exec(printed[0]!)?.[1];
      expect(email).toBe('admin@gv.local');

      const signedIn = await request(backend.app)
        .post('/api/auth/login')
        .send({ email, password })
        .expect(200);
      // Nobody could have confirmed the address yet; the operator vouches for it.
      expect(signedIn.body.user).toMatchObject({
        email: 'admin@gv.local',
        role: 'admin',
        emailVerified: true,
      });

      // Started again on the same database: nobody new, nothing printed.
      await ensureFirstAdmin(backend.repositories.users, backend.audit, backend.logger, {
        createDefault: true,
        print: (text) => printed.push(text),
      });
      expect(printed).toHaveLength(1);
    },
    120_000,
  );

  it.skipIf(skip)(
    'is made by only one of two instances starting together',
    async () => {
      const { backend } = await startOnEmptyDatabase(engine);
      await backend.repositories.users.delete(
        (await backend.repositories.users.findByEmail('admin@gv.local'))!.id,
      );
      const printed: string[] = [];
      const options = { createDefault: true, print: (text: string) => printed.push(text) };
      const { users } = backend.repositories;
      await Promise.all([
        ensureFirstAdmin(users, backend.audit, backend.logger, options),
        ensureFirstAdmin(users, backend.audit, backend.logger, options),
      ]);
      expect(printed).toHaveLength(1);
    },
    120_000,
  );
});
