import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, queryRows, type Database } from '../../db/database.js';
import { runMigrations } from '../../db/migrate.js';
import { createLogger } from '../../observability/logger.js';
import { createMetrics } from '../../observability/metrics.js';
import { LogWriter } from './log-writer.js';
import { Writable } from 'node:stream';

let database: Database | undefined;

afterEach(async () => {
  await database?.close();
  database = undefined;
});

function setup(options: ConstructorParameters<typeof LogWriter>[3] = {}) {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    format: 'json',
    stream: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    }),
  });
  const metrics = createMetrics({ version: 'test', commit: 'test' });
  const writer = new LogWriter(database!.db, metrics, logger, options);
  return { writer, metrics, lines };
}

async function countRows(): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    database!.db,
    sql`select count(*)::int as n from logs`,
  );
  return rows[0]!.n;
}

const event = (index: number) => ({
  level: 'info',
  event: 'test.event',
  message: `event ${index}`,
  metadata: { index },
});

describe('LogWriter', () => {
  it('queues without writing, then writes everything on close', async () => {
    database = await openMemoryDatabase();
    await runMigrations(database);
    const { writer, metrics } = setup({ flushIntervalMs: 60_000, batchSize: 1_000 });
    for (let index = 0; index < 250; index++) writer.enqueue(event(index));
    expect(await countRows()).toBe(0);
    expect((await metrics.logWriterQueueDepth.get()).values[0]!.value).toBe(250);
    await writer.close();
    expect(await countRows()).toBe(250);
    expect((await metrics.logWriterWrittenTotal.get()).values[0]!.value).toBe(250);
  });

  it('flushes by size without waiting for the timer', async () => {
    database = await openMemoryDatabase();
    await runMigrations(database);
    const { writer } = setup({ flushIntervalMs: 60_000, batchSize: 10 });
    for (let index = 0; index < 10; index++) writer.enqueue(event(index));
    await writer.flush();
    expect(await countRows()).toBe(10);
    await writer.close();
  });

  it('keeps an event whose user no longer exists, without the foreign key', async () => {
    database = await openMemoryDatabase();
    await runMigrations(database);
    const { writer } = setup({ flushIntervalMs: 60_000 });
    writer.enqueue(event(1));
    writer.enqueue({ ...event(2), userId: '00000000-0000-4000-8000-000000000009' });
    await writer.close();
    const rows = await queryRows<{ metadata: Record<string, unknown> }>(
      database.db,
      sql`select metadata from logs order by id`,
    );
    expect(rows).toHaveLength(2);
    expect(
      rows.some((row) => row.metadata.deletedUserId === '00000000-0000-4000-8000-000000000009'),
    ).toBe(true);
  });

  it('drops the oldest events only when the queue is full, counting and logging them', async () => {
    database = await openMemoryDatabase();
    await runMigrations(database);
    const { writer, metrics, lines } = setup({
      flushIntervalMs: 60_000,
      batchSize: 1_000,
      maxQueue: 5,
    });
    for (let index = 0; index < 8; index++) writer.enqueue(event(index));
    expect((await metrics.logWriterDroppedTotal.get()).values[0]!.value).toBe(3);
    expect(lines.filter((line) => line.includes('log queue full'))).toHaveLength(3);
    await writer.close();
    expect(await countRows()).toBe(5);
  });
});
