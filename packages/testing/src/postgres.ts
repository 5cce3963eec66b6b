// Throwaway PostgreSQL databases on the server TEST_DATABASE_URL names: each test (or run) gets
// an empty database of its own and drops it afterwards, so runs never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may create databases on; undefined when none is configured. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing whatever connections are still open to it; safe to repeat. */
  drop(): Promise<void>;
}

/** Runs `action` with a connected client and always disconnects it. */
export async function withClient<T>(
  url: string,
  action: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates an empty database named `<prefix>_<random>` on `serverUrl` (TEST_DATABASE_URL unless
 * given) and returns its URL.
 */
export async function createTestDatabase(
  prefix = 'gv_test',
  serverUrl = TEST_DATABASE_URL,
): Promise<TestDatabase> {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  // The name is interpolated into SQL: only word characters, and lower case as PostgreSQL folds it.
  const name = `${prefix.replace(/\W/g, '_').toLowerCase()}_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await withClient(serverUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    },
  };
}
