// The benchmark's own PostgreSQL database: created empty for the run, dropped at the end.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `gv_bench_${randomBytes(4).toString('hex')}`;
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
