// Opens the database: real PostgreSQL through node-postgres when DATABASE_URL is set, otherwise
// embedded PostgreSQL (PGlite) with its files in DATA_DIR. Both speak the same SQL and share the
// same Drizzle schema and migrations. The embedded files belong to one process at a time, which the
// DATA_DIR lock enforces.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { EMBEDDED_SETTINGS } from './embedded-settings.js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { schema } from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  /** Reads and writes. */
  db: Db;
  /** Read-only queries that tolerate replica lag (admin lists, log queries). */
  readDb: Db;
  /** Runs `select 1`, failing after `timeoutMs`. */
  ping(timeoutMs: number): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
  /** For the migrator: the raw handle of the primary. */
  primary: { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; client: PGlite };
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  readUrl?: string | undefined;
  dataDir: string;
  poolMax: number;
  applicationName?: string;
}

// bigint columns (logs.id, counts) come back as strings rather than losing precision as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

function createPool(connectionString: string, options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolMax,
    // Fail fast when the database is unreachable, so requests get a quick 503 instead of hanging.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 10_000,
    query_timeout: 12_000,
    application_name: options.applicationName ?? 'gv-backend',
    keepAlive: true,
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener that
  // would crash the process. The next query simply opens a new connection.
  pool.on('error', () => {});
  return pool;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = createPool(options.databaseUrl, options);
    const readPool = options.readUrl ? createPool(options.readUrl, options) : pool;
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    const readDb = readPool === pool ? db : (drizzlePg(readPool, { schema }) as unknown as Db);
    return {
      kind: 'postgres',
      db,
      readDb,
      primary: { kind: 'postgres', pool },
      ping: async (timeoutMs) => {
        await withTimeout(pool.query('select 1'), timeoutMs, 'database ping');
      },
      poolStats: () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }),
      close: async () => {
        await pool.end();
        if (readPool !== pool) await readPool.end();
      },
    };
  }

  mkdirSync(options.dataDir, { recursive: true });
  const release = lockDataDir(options.dataDir);
  try {
    return pgliteDatabase(
      await PGlite.create(path.join(options.dataDir, 'pglite'), EMBEDDED_SETTINGS),
      release,
    );
  } catch (error) {
    release();
    throw error;
  }
}

/** An in-memory PGlite database, for tests. */
export async function openMemoryDatabase(): Promise<Database> {
  return pgliteDatabase(await PGlite.create());
}

/** `release` gives up the DATA_DIR lock once the files are closed (none for in-memory ones). */
function pgliteDatabase(client: PGlite, release: () => void = () => {}): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    readDb: db,
    primary: { kind: 'pglite', client },
    ping: async (timeoutMs) => {
      await withTimeout(db.execute(sql`select 1`), timeoutMs, 'database ping');
    },
    // PGlite is one in-process connection.
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer `{ rows }`; the shared Db type cannot say
 * so, hence the one cast here rather than in every caller.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
