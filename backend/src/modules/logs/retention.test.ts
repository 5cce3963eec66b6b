import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/database.js';
import { createTestBackend, type TestBackend } from '../../test-support/test-backend.js';
import { LogRetention } from './retention.js';

let backend: TestBackend;

beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(async () => {
  await backend.dispose();
});

describe('log retention', () => {
  it('purges rows older than the retention period in batches and keeps the rest', async () => {
    await backend.database.db.execute(sql`
      insert into logs (ts, level, event, message)
      select now() - interval '100 days', 'info', 'test.old', 'old' from generate_series(1, 25)`);
    await backend.database.db.execute(sql`
      insert into logs (ts, level, event, message)
      select now() - interval '1 day', 'info', 'test.recent', 'recent' from generate_series(1, 5)`);
    const retention = new LogRetention(backend.repositories.logs, backend.logger, 90, {
      batchSize: 10,
    });
    expect(await retention.purge()).toBe(25);
    const left = await queryRows<{ event: string; n: number }>(
      backend.database.db,
      sql`select event, count(*)::int as n from logs where event like 'test.%' group by event`,
    );
    expect(left).toEqual([{ event: 'test.recent', n: 5 }]);
  });
});
