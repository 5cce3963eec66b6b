// A throw-away database on the machine's PostgreSQL (TEST_DATABASE_URL, as the other suites use)
// for the backend image to migrate and serve.
import {
  createTestDatabase as createDatabase,
  withClient,
  type TestDatabase as Database,
} from '@gv/testing';

export const serverUrl =
  process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** The tables in the public schema, to see that the image's migrations ran. */
  tables(): Promise<string[]>;
}

/** Why PostgreSQL cannot be used, or null when it can. */
export async function postgresUnavailable(): Promise<string | null> {
  try {
    await withClient(serverUrl, (client) => client.query('select 1'));
    return null;
  } catch (error) {
    return `no PostgreSQL at ${serverUrl} (${(error as Error).message}); set TEST_DATABASE_URL`;
  }
}

export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const database = await createDatabase(prefix, serverUrl);
  return {
    ...database,
    tables: () =>
      withClient(database.url, async (client) => {
        const { rows } = await client.query<{ tablename: string }>(
          "select tablename from pg_tables where schemaname = 'public' order by tablename",
        );
        return rows.map((row) => row.tablename);
      }),
  };
}
