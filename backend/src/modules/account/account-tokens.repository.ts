// SQL for the single-use tokens mailed to users (password resets, email verifications, email
// changes) and for two-factor sign-in challenges. Tokens are 256 random bits handed out once;
// only their SHA-256 is stored (docs/decisions/200, 223).
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { accountTokens, type AccountTokenRow } from '../../db/schema.js';
import { timeQuery, type Metrics } from '../../observability/metrics.js';

export type TokenPurpose = AccountTokenRow['purpose'];

export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Usable: not used yet and not expired. */
const isUsable = () => and(isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, sql`now()`));

export class AccountTokensRepository {
  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Stores a new token for the user and returns it: the only time it exists in clear. The user's
   * older tokens for the same purpose stop working, so only the latest mail's link is valid.
   */
  issue(
    input: { userId: string; purpose: TokenPurpose; email: string; validMs: number },
    db: Db = this.db,
  ): Promise<string> {
    return timeQuery(this.metrics, 'accountTokens.issue', async () => {
      const token = randomBytes(32).toString('base64url');
      await this.retireAll(input.userId, input.purpose, db);
      await db.insert(accountTokens).values({
        userId: input.userId,
        purpose: input.purpose,
        email: input.email,
        tokenHash: hashAccountToken(token),
        expiresAt: new Date(Date.now() + input.validMs),
      });
      return token;
    });
  }

  /** The usable token with this value and purpose, without using it up. */
  findUsable(purpose: TokenPurpose, token: string): Promise<AccountTokenRow | undefined> {
    return timeQuery(this.metrics, 'accountTokens.findUsable', async () => {
      const [row] = await this.db
        .select()
        .from(accountTokens)
        .where(
          and(
            eq(accountTokens.tokenHash, hashAccountToken(token)),
            eq(accountTokens.purpose, purpose),
            isUsable(),
          ),
        )
        .limit(1);
      return row;
    });
  }

  /**
   * Marks the token used in one statement that matches only a usable token, so two requests
   * racing with the same link cannot both succeed: the loser gets undefined.
   */
  consume(
    purpose: TokenPurpose,
    token: string,
    db: Db = this.db,
  ): Promise<AccountTokenRow | undefined> {
    return timeQuery(this.metrics, 'accountTokens.consume', async () => {
      const [row] = await db
        .update(accountTokens)
        .set({ usedAt: new Date() })
        .where(
          and(
            eq(accountTokens.tokenHash, hashAccountToken(token)),
            eq(accountTokens.purpose, purpose),
            isUsable(),
          ),
        )
        .returning();
      return row;
    });
  }

  /**
   * Counts a wrong code against a usable token and returns how many attempts it has left; the
   * attempt that reaches `maxAttempts` uses the token up. 0 also when it was not usable.
   */
  recordFailedAttempt(purpose: TokenPurpose, token: string, maxAttempts: number): Promise<number> {
    return timeQuery(this.metrics, 'accountTokens.recordFailedAttempt', async () => {
      const [row] = await this.db
        .update(accountTokens)
        .set({
          failedAttempts: sql`${accountTokens.failedAttempts} + 1`,
          usedAt: sql`case when ${accountTokens.failedAttempts} + 1 >= ${maxAttempts} then now() end`,
        })
        .where(
          and(
            eq(accountTokens.tokenHash, hashAccountToken(token)),
            eq(accountTokens.purpose, purpose),
            isUsable(),
          ),
        )
        .returning({ failedAttempts: accountTokens.failedAttempts });
      return row ? Math.max(0, maxAttempts - row.failedAttempts) : 0;
    });
  }

  /** Removes every token of the purpose the user holds, so no earlier link works any more. */
  retireAll(userId: string, purpose: TokenPurpose, db: Db = this.db): Promise<void> {
    return timeQuery(this.metrics, 'accountTokens.retireAll', async () => {
      await db
        .delete(accountTokens)
        .where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose)));
    });
  }
}
