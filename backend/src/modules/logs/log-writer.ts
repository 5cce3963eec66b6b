// Writes audit events to the logs table in batches, off the request path. A request only pushes
// onto an in-memory queue; a timer (or a full batch) flushes it with one multi-row INSERT.
// If the database is down the queue holds events and retries; only when the queue is full are the
// oldest events dropped, and then each dropped event is still written to stdout.
// Security events do not take this path: they are written at once with writeNow (decision 101).
import type { Db } from '../../db/database.js';
import { describeDatabaseError, isDatabaseUnavailable } from '../../db/errors.js';
import { logs, type NewLogRow } from '../../db/schema.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';

export interface LogWriterOptions {
  batchSize?: number;
  flushIntervalMs?: number;
  maxQueue?: number;
  /** Longest pause between retries while the database is failing. */
  maxBackoffMs?: number;
}

export class LogWriter {
  private queue: NewLogRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private retryAt = 0;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxQueue: number;
  private readonly maxBackoffMs: number;

  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    options: LogWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.flushIntervalMs = options.flushIntervalMs ?? 250;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushIntervalMs);
    this.timer.unref();
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  enqueue(row: NewLogRow): void {
    if (this.queue.length >= this.maxQueue) {
      const dropped = this.queue.shift();
      this.metrics.logWriterDroppedTotal.inc();
      this.logger.warn('audit event dropped: log queue full', { droppedEvent: dropped });
    }
    this.queue.push(row);
    this.metrics.logWriterQueueDepth.set(this.queue.length);
    if (this.queue.length >= this.batchSize) void this.flush();
  }

  /**
   * Writes one row now instead of queueing it: on `db`, which is a transaction's handle when the
   * row must commit (or roll back) with the change it describes. Errors go to the caller.
   */
  async writeNow(row: NewLogRow, db: Db = this.db): Promise<void> {
    await db.insert(logs).values(row);
    this.metrics.logWriterWrittenTotal.inc();
  }

  /** Writes whatever is queued now. Concurrent callers share the flush in progress. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.queue.length === 0 || Date.now() < this.retryAt) return Promise.resolve();
    this.flushing = this.writeBatches().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async writeBatches(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      try {
        await this.db.insert(logs).values(batch);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) {
          // The database answered but refused the batch: one bad row must not block the rest.
          await this.writeOneByOne(batch);
          this.queue.splice(0, batch.length);
          this.metrics.logWriterQueueDepth.set(this.queue.length);
          continue;
        }
        this.failures += 1;
        const backoff = Math.min(this.maxBackoffMs, 100 * 2 ** Math.min(this.failures, 10));
        this.retryAt = Date.now() + backoff;
        if (this.failures === 1) {
          this.logger.error('audit log write failed; events stay queued and will be retried', {
            error: describeDatabaseError(error),
            queued: this.queue.length,
          });
        }
        return;
      }
      this.queue.splice(0, batch.length);
      this.metrics.logWriterWrittenTotal.inc(batch.length);
      this.metrics.logWriterQueueDepth.set(this.queue.length);
      if (this.failures > 0) {
        this.logger.info('audit log writes recovered', { afterFailures: this.failures });
        this.failures = 0;
        this.retryAt = 0;
      }
    }
  }

  private async writeOneByOne(batch: NewLogRow[]): Promise<void> {
    for (const row of batch) {
      try {
        await this.db.insert(logs).values(row);
        this.metrics.logWriterWrittenTotal.inc();
      } catch {
        // Typically the user was deleted before the event was written (foreign key): keep the
        // event, move the id into the metadata.
        try {
          const metadata = { ...(row.metadata ?? {}), deletedUserId: row.userId };
          await this.db.insert(logs).values({ ...row, userId: null, metadata });
          this.metrics.logWriterWrittenTotal.inc();
        } catch (error) {
          this.metrics.logWriterDroppedTotal.inc();
          this.logger.error('audit event rejected by the database', {
            error: describeDatabaseError(error),
            rejectedEvent: { event: row.event, ts: row.ts, requestId: row.requestId },
          });
        }
      }
    }
  }

  /**
   * On shutdown: stop the timer and write everything still queued, retrying until `timeoutMs`.
   * Events that still cannot be written go to stdout so none is lost silently.
   */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      this.retryAt = 0;
      await this.flush();
      if (this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    for (const row of this.queue) {
      this.logger.warn('audit event not written before shutdown', { unwrittenEvent: row });
    }
    this.queue = [];
    this.metrics.logWriterQueueDepth.set(0);
  }
}
