// Applies the SQL migrations in backend/drizzle. On PostgreSQL it holds an advisory lock, so
// several instances starting at once (or the migration Job racing a pod) apply each migration once.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './database.js';

/** backend/drizzle, found from this file in both src/ (tsx) and dist/ (compiled). */
export const MIGRATIONS_FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../drizzle',
);

// An arbitrary constant that names "GV Playground migrations" among advisory locks.
const MIGRATION_LOCK_ID = 7_426_301;

export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.primary.kind === 'pglite') {
    await migratePglite(drizzlePglite(database.primary.client), config);
    return;
  }
  const client = await database.primary.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migratePg(drizzlePg(client), config);
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
    client.release();
  }
}
