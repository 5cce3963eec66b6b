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
import { getTableColumns, sql, type InferSelectModel, type SQL, type Table } from 'drizzle-orm';
import pg from 'pg';
import { currentRequestContext } from '../observability/current-request.js';
import { lockDataDir } from './data-dir-lock.js';
import { isDatabaseUnavailable } from './errors.js';
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
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
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

/**
 * The pause an injected database fault (modules/faults) puts before a query, or undefined: the
 * fault middleware marks the requests it applies to, so queries outside them (probes, background
 * work) and every query while no fault is active cost one lookup and nothing more.
 */
function injectedDelay(): Promise<void> | undefined {
  const delayMs = currentRequestContext()?.databaseDelayMs;
  return delayMs ? new Promise((resolve) => setTimeout(resolve, delayMs)) : undefined;
}

/**
 * pg's query() has a dozen overloads (promise, callback, submittable); the delay applies to the
 * promise form, which Drizzle calls from inside the request. The callback form is pg-pool calling
 * its client on the caller's behalf, already delayed once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- forwards pg's overloads unchanged
type AnyQuery = (...args: any[]) => any;
function delayedQuery(query: AnyQuery): AnyQuery {
  return function (this: unknown, ...args: unknown[]) {
    const delay = injectedDelay();
    const first = args[0] as { submit?: unknown } | undefined;
    if (!delay || typeof args.at(-1) === 'function' || typeof first?.submit === 'function') {
      return query.apply(this, args);
    }
    return delay.then(() => query.apply(this, args));
  };
}

class DelayablePool extends pg.Pool {}
DelayablePool.prototype.query = delayedQuery(pg.Pool.prototype.query);
class DelayableClient extends pg.Client {}
DelayableClient.prototype.query = delayedQuery(pg.Client.prototype.query);

function createPool(connectionString: string, options: DatabaseOptions): pg.Pool {
  const pool = new DelayablePool({
    Client: DelayableClient,
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
  // A client checked out for a transaction has no such listener: losing its connection there
  // (a database restart while a background job commits) rejects the statement in flight, and the
  // 'error' event would otherwise end the process as an uncaught exception.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * A transaction on a client checked out here rather than by Drizzle. Drizzle's pool transaction
 * sends BEGIN before the try/finally that releases the client: when the connection dies between
 * checkout and BEGIN (a database outage), that client is never given back and `pool.end()` waits
 * for it forever. Here the release always happens, and a client whose connection failed is
 * destroyed instead of returning to the pool in an unknown state.
 */
const drizzleOfClient = new WeakMap<pg.PoolClient, Db>();

async function transactionOnOwnClient<T>(pool: pg.Pool, work: (tx: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // Pooled clients are reused, so each keeps its Drizzle handle rather than building one a time.
    let clientDb = drizzleOfClient.get(client);
    if (!clientDb) {
      clientDb = drizzlePg(client, { schema }) as unknown as Db;
      drizzleOfClient.set(client, clientDb);
    }
    return await clientDb.transaction(work);
  } catch (error) {
    if (isDatabaseUnavailable(error)) broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
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
      transaction: (work) => transactionOnOwnClient(pool, work),
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
  delayQueriesOf(client);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    readDb: db,
    primary: { kind: 'pglite', client },
    transaction: (work) => db.transaction(work),
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

/** PGlite's side of injectedDelay: its query() and that of the transactions it hands out. */
function delayQueriesOf(client: PGlite): void {
  const delayed = <Q extends AnyQuery>(query: Q): Q =>
    (async (...args: Parameters<Q>) => {
      await injectedDelay();
      return query(...args) as unknown;
    }) as Q;
  client.query = delayed(client.query.bind(client));
  const transaction = client.transaction.bind(client);
  client.transaction = (callback) =>
    transaction((tx) => {
      tx.query = delayed(tx.query.bind(tx));
      return callback(tx);
    });
}

/**
 * Runs raw SQL and returns its rows. Both drivers answer `{ rows }`; the shared Db type cannot say
 * so, hence the one cast here rather than in every caller.
 */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * A row of `table` read by raw SQL (`select *`, `returning *`), decoded as the query builder
 * decodes it: column names to the schema's property names, timestamps to Dates.
 */
export function rowFromDriver<T extends Table>(
  table: T,
  raw: Record<string, unknown>,
): InferSelectModel<T> {
  const row: Record<string, unknown> = {};
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[property] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as InferSelectModel<T>;
}
