// Runs named steps in order and prints one line per step with its timing, so a pipeline log
// reads as a checklist: `✓ readiness  GET /api/health/ready → 200 ready (14 ms)`.
import { formatDuration } from './durations.js';

/** What a step returns: its value for later steps, and one line saying what was checked. */
export interface StepOutcome<T> {
  value: T;
  detail: string;
}

/** A step's check did not hold. The message says what was expected and what came back. */
export class CheckFailed extends Error {
  override name = 'CheckFailed';
}

/** Thrown by `run` when a step fails; carries the step's name for the final message. */
export class StepFailed extends Error {
  override name = 'StepFailed';
  constructor(
    readonly step: string,
    readonly reason: string,
  ) {
    super(`${step}: ${reason}`);
  }
}

export class StepRunner {
  private readonly started = performance.now();
  private passed = 0;

  constructor(
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    private readonly nameWidth = 22,
  ) {}

  async run<T>(name: string, action: () => Promise<StepOutcome<T>>): Promise<T> {
    const stepStarted = performance.now();
    try {
      const { value, detail } = await action();
      const took = formatDuration(performance.now() - stepStarted);
      this.write(`  ✓ ${name.padEnd(this.nameWidth)} ${detail} (${took})`);
      this.passed += 1;
      return value;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const took = formatDuration(performance.now() - stepStarted);
      this.write(`  ✗ ${name.padEnd(this.nameWidth)} ${reason} (${took})`);
      throw new StepFailed(name, reason);
    }
  }

  get passedCount(): number {
    return this.passed;
  }

  get elapsedMs(): number {
    return performance.now() - this.started;
  }
}
