// The hot queries must be able to use an index. With sequential scans disabled the planner still
// falls back to one when no index fits, so a plan without "Seq Scan" proves an index serves it.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../db/database.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBackend, registerUser, type TestBackend } from '../test-support/test-backend.js';

let backend: TestBackend;

beforeAll(async () => {
  backend = await createTestBackend();
  await registerUser(backend);
});
afterAll(async () => {
  await backend.dispose();
});

async function planOf(query: SQL): Promise<string> {
  return backend.database.db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    const rows = await queryRows<{ 'QUERY PLAN': string }>(
      tx as unknown as Db,
      sql`explain ${query}`,
    );
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

const userId = '00000000-0000-4000-8000-000000000001';

describe('query plans', () => {
  it.each([
    [
      'login by email',
      sql`select * from users where lower(email) = lower('someone@example.com')`,
      'users_email_lower_key',
    ],
    [
      'session by refresh-token hash',
      sql`select * from sessions where refresh_token_hash = 'abc'`,
      'sessions_refresh_token_hash_key',
    ],
    [
      'reuse detection by previous hash',
      sql`select * from sessions where previous_token_hash = 'abc'`,
      'sessions_previous_token_hash_idx',
    ],
    [
      "a user's active sessions",
      sql`select * from sessions where user_id = ${userId} and revoked_at is null and expires_at > now() order by last_used_at desc limit 100`,
      'sessions_user_active_idx',
    ],
    [
      'newest logs page',
      sql`select * from logs order by ts desc, id desc limit 51`,
      'logs_ts_id_idx',
    ],
    [
      'logs page after a cursor',
      sql`select * from logs where (ts, id) < ('2026-01-01T00:00:00Z'::timestamptz, 1000::bigint) order by ts desc, id desc limit 51`,
      'logs_ts_id_idx',
    ],
    [
      "a user's logs",
      sql`select * from logs where user_id = ${userId} order by ts desc, id desc limit 51`,
      'logs_user_ts_id_idx',
    ],
    [
      'logs of one event',
      sql`select * from logs where event = 'auth.login.failed' order by ts desc, id desc limit 51`,
      'logs_event_ts_id_idx',
    ],
  ])('%s uses %s', async (_name, query, index) => {
    const plan = await planOf(query as SQL);
    expect(plan).toContain(index as string);
    expect(plan).not.toMatch(/Seq Scan/);
  });
});
