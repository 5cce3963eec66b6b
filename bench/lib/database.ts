// The benchmark's own PostgreSQL database: created empty for the run, dropped at the end.
import { createTestDatabase, withClient, type TestDatabase } from '@gv/testing';

export type BenchDatabase = TestDatabase;

/** An empty database named gv_bench_<random> on the server `serverUrl` names. */
export function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  return createTestDatabase('gv_bench', serverUrl);
}

/**
 * Fills `logs` with `count` audit events, one a second going back from now, in one statement,
 * then refreshes the planner's statistics so queries are planned as they would be in production.
 */
export async function seedLogs(url: string, count: number, userId: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(
      `insert into logs (ts, level, event, message, user_id, request_id, ip, user_agent, metadata)
       select date_trunc('second', now()) - make_interval(secs => n),
              case when n % 10 = 0 then 'warn' else 'info' end,
              case when n % 10 = 0 then 'auth.login.failed' else 'auth.login.succeeded' end,
              'Benchmark event ' || n,
              case when n % 2 = 0 then $2::uuid end,
              md5(n::text),
              ('10.0.' || (n % 250) || '.' || (n % 200))::inet,
              'bench/1.0',
              jsonb_build_object('n', n)
       from generate_series(1, $1::int) as n`,
      [count, userId],
    );
    await client.query('vacuum analyze logs');
  });
}

/** The (ts, id) of the row `offset` rows into the newest-first order the API pages through. */
export async function rowAtOffset(url: string, offset: number): Promise<{ ts: Date; id: bigint }> {
  return withClient(url, async (client) => {
    const result = await client.query<{ ts: Date; id: string }>(
      'select ts, id::text as id from logs order by ts desc, id desc offset $1 limit 1',
      [offset],
    );
    const row = result.rows[0];
    if (!row) throw new Error(`logs has fewer than ${offset + 1} rows`);
    return { ts: row.ts, id: BigInt(row.id) };
  });
}
