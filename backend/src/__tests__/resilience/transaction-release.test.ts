// Transactions caught by a database outage must give their connection back. A pooled client whose
// connection died between checkout and BEGIN used to stay checked out for good: the pool never
// shrank, and shutting the backend down (`pool.end()`) waited for it forever.
import { createTestDatabase, missingService, type TestDatabase } from '@gv/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/database.js';
import { TcpProxy } from '../../test-support/tcp-proxy.js';

const skipReason = missingService('TEST_DATABASE_URL');
const CONNECTIONS = 8;

/** Rejects when `promise` has not settled within `ms`, naming what was waited for. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} still waiting after ${ms} ms`)), ms),
    ),
  ]);
}

describe.skipIf(skipReason)(
  `transactions during a database outage${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let testDatabase: TestDatabase;
    let proxy: TcpProxy;
    let database: Database;

    beforeAll(async () => {
      testDatabase = await createTestDatabase('gv_tx_release');
      const target = new URL(testDatabase.url);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.start();
      database = await openDatabase({
        databaseUrl: proxy.urlFor(testDatabase.url),
        dataDir: '/tmp/unused',
        poolMax: CONNECTIONS,
      });
    });

    afterAll(async () => {
      await proxy.close();
      await testDatabase.drop();
    });

    it('release every connection, so the pool recovers and closes promptly', async () => {
      for (let round = 0; round < 5; round++) {
        // Fill the pool with idle connections, then cut them all and start transactions at once:
        // the pool hands out connections whose death it has not noticed yet.
        await Promise.all(
          Array.from({ length: CONNECTIONS }, () =>
            database.db.execute(sql`select pg_sleep(0.02)`),
          ),
        );
        await proxy.cut();
        const outcomes = await within(
          15_000,
          'transactions during the outage',
          Promise.allSettled(
            Array.from({ length: CONNECTIONS }, () =>
              database.transaction((tx) => tx.execute(sql`select 1`)),
            ),
          ),
        );
        expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
        await proxy.restore();

        await database.transaction((tx) => tx.execute(sql`select 1`));
        const { total, idle, waiting } = database.poolStats();
        expect({ checkedOut: total - idle, waiting }).toEqual({ checkedOut: 0, waiting: 0 });
      }
      await within(5_000, 'closing the database', database.close());
    });
  },
);
