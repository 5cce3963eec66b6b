// SQL for sign_in_throttles: failed sign-ins per email string, in the database so every instance
// sees the same count and wait (with or without Redis) and an admin's Unlock takes effect at once.
import { and, inArray, lt, or, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { signInThrottles } from '../../db/schema.js';
import { timeQuery, type Metrics } from '../../observability/metrics.js';

export interface ThrottlePolicy {
  /** Failures allowed before the first wait. */
  freeFailures: number;
  firstWaitSeconds: number;
  maxWaitSeconds: number;
  /** Failures older than this are forgotten: the next one counts as the first. */
  forgetAfterSeconds: number;
}

export interface ThrottleState {
  failures: number;
  lockedUntil: Date | null;
  /** Seconds left of the wait, rounded up; 0 when not waiting. Measured by the database's clock. */
  waitSeconds: number;
}

/** The columns every read returns; the wait is measured where it was set, not by the app's clock. */
const stateColumns = {
  failures: signInThrottles.failures,
  lockedUntil: signInThrottles.lockedUntil,
  waitSeconds: sql<number>`coalesce(greatest(0, ceil(extract(epoch from ${signInThrottles.lockedUntil} - now())))::int, 0)`,
};

export class SignInThrottleRepository {
  /** Every sign-in reads its key's state first: built once and prepared by name. */
  private readonly byKey;

  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
  ) {
    this.byKey = db
      .select(stateColumns)
      .from(signInThrottles)
      .where(sql`${signInThrottles.email} = ${sql.placeholder('email')}`)
      .prepare('sign_in_throttles_find');
  }

  find(email: string): Promise<ThrottleState | undefined> {
    return timeQuery(this.metrics, 'signInThrottles.find', async () => {
      const [row] = await this.byKey.execute({ email });
      return row && { ...row, waitSeconds: Number(row.waitSeconds) };
    });
  }

  /**
   * Counts one failure and sets the wait it earns, in one statement. A row that is still waiting
   * is left alone (and undefined returned): attempts that raced past the check while another one
   * started the wait must not make it longer.
   */
  recordFailure(email: string, policy: ThrottlePolicy): Promise<ThrottleState | undefined> {
    return timeQuery(this.metrics, 'signInThrottles.recordFailure', async () => {
      const forgotten = sql`${signInThrottles.lastFailedAt} < now() - make_interval(secs => ${policy.forgetAfterSeconds}::int)`;
      const failures = sql`case when ${forgotten} then 1 else ${signInThrottles.failures} + 1 end`;
      const rows = await this.db
        .insert(signInThrottles)
        .values({
          email,
          failures: 1,
          lastFailedAt: sql`now()`,
          lockedUntil: waitUntil(sql`1`, policy),
        })
        .onConflictDoUpdate({
          target: signInThrottles.email,
          set: {
            failures,
            lastFailedAt: sql`now()`,
            lockedUntil: waitUntil(failures, policy),
          },
          setWhere: or(
            isNull(signInThrottles.lockedUntil),
            lt(signInThrottles.lockedUntil, sql`now()`),
          ),
        })
        .returning(stateColumns);
      const row = rows[0];
      return row && { ...row, waitSeconds: Number(row.waitSeconds) };
    });
  }

  /** Forgets the failures of an email; true when there were any. */
  clear(email: string): Promise<boolean> {
    return timeQuery(this.metrics, 'signInThrottles.clear', async () => {
      const rows = await this.db
        .delete(signInThrottles)
        .where(sql`${signInThrottles.email} = ${email}`)
        .returning({ email: signInThrottles.email });
      return rows.length > 0;
    });
  }

  /** The waits still running for these emails, for the admin's user list. */
  activeWaits(emails: string[]): Promise<Map<string, Date>> {
    return timeQuery(this.metrics, 'signInThrottles.activeWaits', async () => {
      if (emails.length === 0) return new Map();
      const rows = await this.db
        .select({ email: signInThrottles.email, lockedUntil: signInThrottles.lockedUntil })
        .from(signInThrottles)
        .where(
          and(inArray(signInThrottles.email, emails), sql`${signInThrottles.lockedUntil} > now()`),
        );
      return new Map(rows.map((row) => [row.email, row.lockedUntil!]));
    });
  }

  /** Deletes rows whose failures are forgotten and whose wait is over; returns how many. */
  purgeForgotten(policy: ThrottlePolicy): Promise<number> {
    return timeQuery(this.metrics, 'signInThrottles.purgeForgotten', async () => {
      const rows = await this.db
        .delete(signInThrottles)
        .where(
          and(
            sql`${signInThrottles.lastFailedAt} < now() - make_interval(secs => ${policy.forgetAfterSeconds}::int)`,
            or(isNull(signInThrottles.lockedUntil), lt(signInThrottles.lockedUntil, sql`now()`)),
          ),
        )
        .returning({ email: signInThrottles.email });
      return rows.length;
    });
  }
}

/** now() + the wait `failures` earns: none up to the free ones, then doubling up to the cap. */
function waitUntil(failures: ReturnType<typeof sql>, policy: ThrottlePolicy) {
  return sql`case when ${failures} > ${policy.freeFailures}::int
    then now() + make_interval(secs => least(
      ${policy.firstWaitSeconds}::int * power(2, ${failures} - ${policy.freeFailures}::int - 1),
      ${policy.maxWaitSeconds}::int))
    else null end`;
}
