// Work done after the answer has gone: the answer cannot then depend on it, in content or in
// timing (docs/decisions/201). Failures are logged, since no client is left to tell.
import { errorForLog, type Logger } from '../../observability/logger.js';

export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(label: string, work: () => Promise<void>): void {
    const task = Promise.resolve()
      .then(work)
      .catch((error: unknown) => {
        this.logger.error(`${label} failed`, { error: errorForLog(error) });
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves once everything started so far has finished (shutdown waits for it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
