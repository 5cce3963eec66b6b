// The hot queries must be able to use an index. The statements explained are the ones the
// repositories send, captured at the driver, so changing a repository's query changes what is
// planned here. With sequential scans disabled the planner still falls back to one when no index
// fits, so a plan without "Seq Scan" that names the index proves the index serves it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../backend.js';
import type { Database } from '../db/database.js';
import { encodeCursor } from '../modules/logs/logs.repository.js';
import { registerUser, useTestBackend } from '../test-support/test-backend.js';

const backend = useTestBackend();

beforeAll(async () => {
  await registerUser(backend);
});

interface Statement {
  text: string;
  values: unknown[];
}

type Queryable = { query: (...args: never[]) => Promise<unknown> };

/** Runs `action` and returns every statement it sent to the database driver. */
async function statementsOf(database: Database, action: () => Promise<unknown>) {
  const primary = database.primary;
  // Drizzle hands each statement to the driver's query(): node-postgres gets (text or config,
  // values), PGlite (text, values, options).
  const driver: Queryable = primary.kind === 'postgres' ? primary.pool : primary.client;
  const original = driver.query;
  const sent: Statement[] = [];
  driver.query = ((...args: unknown[]) => {
    const [first, values] = args as [string | { text: string; values?: unknown[] }, unknown[]?];
    sent.push(
      typeof first === 'string'
        ? { text: first, values: values ?? [] }
        : { text: first.text, values: first.values ?? values ?? [] },
    );
    return (original as (...args: unknown[]) => Promise<unknown>).apply(driver, args);
  }) as Queryable['query'];
  try {
    await action();
  } finally {
    driver.query = original;
  }
  return sent;
}

/** The plan of `statement` with its own parameters, sequential scans disabled. */
async function planOf(database: Database, statement: Statement): Promise<string> {
  const explain = `explain ${statement.text}`;
  let rows: Array<Record<string, string>>;
  if (database.primary.kind === 'postgres') {
    const client = await database.primary.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local enable_seqscan = off');
      ({ rows } = await client.query(explain, statement.values));
    } finally {
      await client.query('rollback');
      client.release();
    }
  } else {
    rows = await database.primary.client.transaction(async (tx) => {
      await tx.query('set local enable_seqscan = off');
      return (await tx.query<Record<string, string>>(explain, statement.values)).rows;
    });
  }
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

const userId = '00000000-0000-4000-8000-000000000001';
type Repositories = Backend['repositories'];

describe('query plans of the repositories', () => {
  const cases: Array<{
    name: string;
    index: string;
    query: (r: Repositories) => Promise<unknown>;
  }> = [
    {
      name: 'login by email',
      index: 'users_email_lower_key',
      query: (r) => r.users.findByEmail('Someone@Example.com'),
    },
    {
      name: 'session by refresh-token hash',
      index: 'sessions_refresh_token_hash_key',
      query: (r) => r.sessions.findByTokenHash('abc'),
    },
    {
      name: 'reuse detection by previous hash',
      index: 'sessions_previous_token_hash_idx',
      query: (r) => r.sessions.findByPreviousTokenHash('abc'),
    },
    {
      name: "a user's active sessions",
      index: 'sessions_user_active_idx',
      query: (r) => r.sessions.listActiveForUser(userId),
    },
    { name: 'newest logs page', index: 'logs_ts_id_idx', query: (r) => r.logs.page({ limit: 50 }) },
    {
      name: 'logs page after a cursor',
      index: 'logs_ts_id_idx',
      query: (r) =>
        r.logs.page({
          limit: 50,
          cursor: encodeCursor({ ts: new Date('2026-01-01T00:00:00Z'), id: 1000n }),
        }),
    },
    {
      name: "a user's logs",
      index: 'logs_user_ts_id_idx',
      query: (r) => r.logs.page({ limit: 50, userId }),
    },
    {
      name: 'logs of one event',
      index: 'logs_event_ts_id_idx',
      query: (r) => r.logs.page({ limit: 50, event: 'auth.login.failed' }),
    },
  ];

  it.each(cases)('$name uses $index', async ({ index, query }) => {
    const statements = await statementsOf(backend.database, () => query(backend.repositories));
    expect(statements.map((statement) => statement.text)).toHaveLength(1);
    const plan = await planOf(backend.database, statements[0]!);
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
