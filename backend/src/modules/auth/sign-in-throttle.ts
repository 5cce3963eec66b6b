// Throttles sign-in per email string instead of locking accounts: after a few failures each
// further attempt must wait, twice as long each time, never more than fifteen minutes. Unknown
// emails are throttled exactly like accounts, so the answers reveal nothing. A browser that signed
// in to the email before is throttled on its own key, `device:<id>` (docs/decisions/120).
import { RateLimited } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type {
  SignInThrottleRepository,
  ThrottlePolicy,
  ThrottleState,
} from './sign-in-throttle.repository.js';

export const SIGN_IN_THROTTLE_POLICY: ThrottlePolicy = {
  freeFailures: 4,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
  forgetAfterSeconds: 24 * 60 * 60,
};

/** "30 seconds", "1 minute", "15 minutes": how long to wait, as a person reads it. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** The answer while an email waits: told how long to wait, never "wrong password". */
export function throttledError(seconds: number): RateLimited {
  return new RateLimited(
    'Too many failed sign-ins',
    `Too many failed sign-ins for this email. Try again in ${describeWait(seconds)}.`,
    seconds,
  );
}

export class SignInThrottle {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: SignInThrottleRepository,
    private readonly logger: Logger,
    readonly policy: ThrottlePolicy = SIGN_IN_THROTTLE_POLICY,
  ) {}

  /** The key's (an email's or a device's) recent failures and the seconds left of its wait. */
  check(key: string): Promise<ThrottleState | undefined> {
    return this.repository.find(key);
  }

  /**
   * Counts a failure and returns the new state, whose waitSeconds is the wait this failure began.
   * Undefined when a parallel attempt began a wait first: this one then does not count.
   */
  recordFailure(key: string): Promise<ThrottleState | undefined> {
    return this.repository.recordFailure(key, this.policy);
  }

  clear(key: string): Promise<boolean> {
    return this.repository.clear(key);
  }

  activeWaits(emails: string[]): Promise<Map<string, Date>> {
    return this.repository.activeWaits(emails);
  }

  /** Hourly, deletes the rows of emails whose failures are forgotten. */
  start(intervalMs = 60 * 60 * 1000): void {
    this.timer = setInterval(() => void this.purge(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async purge(): Promise<number> {
    try {
      return await this.repository.purgeForgotten(this.policy);
    } catch (error) {
      this.logger.warn('sign-in throttle purge failed; will retry next run', { error });
      return 0;
    }
  }
}
