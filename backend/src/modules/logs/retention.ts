// Purges audit rows older than LOG_RETENTION_DAYS, a small batch at a time so the delete never
// holds long locks or floods the write-ahead log.
import type { Logger } from '../../observability/logger.js';
import type { LogsRepository } from './logs.repository.js';

export class LogRetention {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly repository: LogsRepository,
    private readonly logger: Logger,
    private readonly retentionDays: number,
    private readonly options: {
      intervalMs?: number;
      batchSize?: number;
      maxBatchesPerRun?: number;
    } = {},
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.purge(), this.options.intervalMs ?? 60 * 60 * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One purge run; returns how many rows were deleted. */
  async purge(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    const cutoff = new Date(Date.now() - this.retentionDays * 86_400_000);
    const batchSize = this.options.batchSize ?? 1_000;
    let deleted = 0;
    try {
      for (let batch = 0; batch < (this.options.maxBatchesPerRun ?? 100); batch++) {
        const removed = await this.repository.purgeOlderThan(cutoff, batchSize);
        deleted += removed;
        if (removed < batchSize) break;
        // Let other work in between batches.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (deleted > 0)
        this.logger.info('purged old audit rows', { deleted, olderThan: cutoff.toISOString() });
    } catch (error) {
      this.logger.warn('audit log purge failed; will retry next run', { error });
    } finally {
      this.running = false;
    }
    return deleted;
  }
}
