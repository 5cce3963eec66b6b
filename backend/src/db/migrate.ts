// Applies the SQL migrations in backend/drizzle. On PostgreSQL it holds an advisory lock, so
// several instances starting at once (or the migration Job racing a pod) apply each migration once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Logger } from '../observability/logger.js';
import type { Database } from './database.js';

/** backend/drizzle, found from this file in both src/ (tsx) and dist/ (compiled). */
export const MIGRATIONS_FOLDER = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../drizzle',
);

// An arbitrary constant that names "GV Playground migrations" among advisory locks.
const MIGRATION_LOCK_ID = 7_426_301;

/** Where Drizzle's migrator records what it applied (its defaults). */
const APPLIED_TABLE = 'drizzle.__drizzle_migrations';

interface Migration {
  tag: string;
  /** The journal's `when`, which the migrator stores as `created_at` once applied. */
  createdAt: number;
}

/** The migrations in the repository, oldest first, as drizzle-kit's journal lists them. */
function knownMigrations(): Migration[] {
  const journal = JSON.parse(
    readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: Array<{ tag: string; when: number }> };
  return journal.entries.map((entry) => ({ tag: entry.tag, createdAt: entry.when }));
}

type RunQuery = (text: string) => Promise<{ rows: unknown[] }>;

/**
 * The migrations the migrator would apply now: those newer than the last one recorded, which is
 * exactly its own rule. A database ahead of this code (after a rollback) has none pending.
 */
async function pendingOn(query: RunQuery): Promise<string[]> {
  const table = await query(`select to_regclass('${APPLIED_TABLE}') is not null as found`);
  const found = (table.rows[0] as { found: boolean } | undefined)?.found;
  let last = 0;
  if (found) {
    const result = await query(`select max(created_at)::text as last from ${APPLIED_TABLE}`);
    last = Number((result.rows[0] as { last: string | null } | undefined)?.last ?? 0);
  }
  return knownMigrations()
    .filter((migration) => migration.createdAt > last)
    .map((migration) => migration.tag);
}

function queryOf(database: Database): RunQuery {
  const primary = database.primary;
  return primary.kind === 'pglite'
    ? (text) => primary.client.query(text)
    : (text) => primary.pool.query(text);
}

/** The names of the migrations this database still lacks, oldest first. */
export function pendingMigrations(database: Database): Promise<string[]> {
  return pendingOn(queryOf(database));
}

/** Applies every pending migration; returns the names of those it applied, oldest first. */
export async function runMigrations(database: Database): Promise<string[]> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  const primary = database.primary;
  if (primary.kind === 'pglite') {
    const pending = await pendingMigrations(database);
    await migratePglite(drizzlePglite(primary.client), config);
    return pending;
  }
  const client = await primary.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    // Read under the lock: an instance that waited for another one finds nothing left to do.
    const pending = await pendingOn((text) => client.query(text));
    await migratePg(drizzlePg(client), config);
    return pending;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
    client.release();
  }
}

/** A server with MIGRATE_ON_START off found a schema older than its code. */
export class MigrationsPending extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database lacks ${pending.length} migration${pending.length === 1 ? '' : 's'} ` +
        `(${pending.join(', ')}) and MIGRATE_ON_START is off, so this server does not apply them.\n` +
        'Run `npm run db:migrate` against the same database (in Kubernetes the gv-backend-migrate ' +
        'Job, in compose the migrate service) and start again, or set MIGRATE_ON_START=true.',
    );
    this.name = 'MigrationsPending';
  }
}

/**
 * Start-up's one migration step. With `migrate` (MIGRATE_ON_START) it applies what is pending and
 * logs each one; without, it only checks, so a server never runs on a schema older than its code.
 */
export async function prepareSchema(
  database: Database,
  options: { migrate: boolean; logger: Logger },
): Promise<void> {
  if (!options.migrate) {
    const pending = await pendingMigrations(database);
    if (pending.length > 0) throw new MigrationsPending(pending);
    return;
  }
  const applied = await runMigrations(database);
  for (const migration of applied) options.logger.info('applied migration', { migration });
  if (applied.length === 0) options.logger.info('database schema is up to date');
}
