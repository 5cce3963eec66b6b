// SQL for two-factor sign-in: the sealed TOTP secrets (totp_credentials) and the hashed recovery
// codes (recovery_codes). Methods that take part in a caller's transaction take its handle last.
import { and, count, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { recoveryCodes, totpCredentials, type TotpCredentialRow } from '../../db/schema.js';
import { timeQuery, type Metrics } from '../../observability/metrics.js';

export class TwoFactorRepository {
  constructor(
    private readonly db: Db,
    private readonly metrics: Metrics,
  ) {}

  findCredential(userId: string, db: Db = this.db): Promise<TotpCredentialRow | undefined> {
    return timeQuery(this.metrics, 'twoFactor.findCredential', async () => {
      const [row] = await db
        .select()
        .from(totpCredentials)
        .where(eq(totpCredentials.userId, userId))
        .limit(1);
      return row;
    });
  }

  /** Stores a secret waiting for its first code, replacing any earlier one. */
  savePending(
    input: { userId: string; secretCiphertext: string; pendingUntil: Date },
    db: Db = this.db,
  ): Promise<void> {
    return timeQuery(this.metrics, 'twoFactor.savePending', async () => {
      const values = {
        secretCiphertext: input.secretCiphertext,
        pendingUntil: input.pendingUntil,
        createdAt: new Date(),
        lastUsedStep: null,
      };
      await db
        .insert(totpCredentials)
        .values({ userId: input.userId, ...values })
        .onConflictDoUpdate({ target: totpCredentials.userId, set: values });
    });
  }

  /**
   * Turns a waiting secret into the account's, remembering the step of the code that confirmed
   * it. False when there was no waiting secret (expired, or confirmed by a concurrent request).
   */
  activate(userId: string, step: number, db: Db): Promise<boolean> {
    return timeQuery(this.metrics, 'twoFactor.activate', async () => {
      const rows = await db
        .update(totpCredentials)
        .set({ pendingUntil: null, lastUsedStep: step })
        .where(
          and(eq(totpCredentials.userId, userId), gt(totpCredentials.pendingUntil, sql`now()`)),
        )
        .returning({ userId: totpCredentials.userId });
      return rows.length === 1;
    });
  }

  /**
   * Records the step of an accepted code, in one statement that only matches while no code of
   * that step or a later one was used: of two requests racing with the same code, one wins.
   */
  useStep(userId: string, step: number, db: Db): Promise<boolean> {
    return timeQuery(this.metrics, 'twoFactor.useStep', async () => {
      const rows = await db
        .update(totpCredentials)
        .set({ lastUsedStep: step })
        .where(
          and(
            eq(totpCredentials.userId, userId),
            isNull(totpCredentials.pendingUntil),
            or(isNull(totpCredentials.lastUsedStep), lt(totpCredentials.lastUsedStep, step)),
          ),
        )
        .returning({ userId: totpCredentials.userId });
      return rows.length === 1;
    });
  }

  deleteCredential(userId: string, db: Db): Promise<void> {
    return timeQuery(this.metrics, 'twoFactor.deleteCredential', async () => {
      await db.delete(totpCredentials).where(eq(totpCredentials.userId, userId));
    });
  }

  /** The user's recovery codes become exactly these (hashed); earlier ones stop working. */
  replaceRecoveryCodes(userId: string, codeHashes: string[], db: Db): Promise<void> {
    return timeQuery(this.metrics, 'twoFactor.replaceRecoveryCodes', async () => {
      await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
    });
  }

  deleteRecoveryCodes(userId: string, db: Db): Promise<void> {
    return timeQuery(this.metrics, 'twoFactor.deleteRecoveryCodes', async () => {
      await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    });
  }

  /** True when the code is one of the user's unused ones. Does not use it up. */
  hasUnusedRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    return timeQuery(this.metrics, 'twoFactor.hasUnusedRecoveryCode', async () => {
      const rows = await this.db
        .select({ id: recoveryCodes.id })
        .from(recoveryCodes)
        .where(this.unusedCode(userId, codeHash))
        .limit(1);
      return rows.length === 1;
    });
  }

  /** Marks the code used in one statement that matches only an unused one; false if it was not. */
  useRecoveryCode(userId: string, codeHash: string, db: Db): Promise<boolean> {
    return timeQuery(this.metrics, 'twoFactor.useRecoveryCode', async () => {
      const rows = await db
        .update(recoveryCodes)
        .set({ usedAt: new Date() })
        .where(this.unusedCode(userId, codeHash))
        .returning({ id: recoveryCodes.id });
      return rows.length === 1;
    });
  }

  countUnusedRecoveryCodes(userId: string, db: Db = this.db): Promise<number> {
    return timeQuery(this.metrics, 'twoFactor.countUnusedRecoveryCodes', async () => {
      const [row] = await db
        .select({ left: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      return Number(row?.left ?? 0);
    });
  }

  private unusedCode(userId: string, codeHash: string) {
    return and(
      eq(recoveryCodes.userId, userId),
      eq(recoveryCodes.codeHash, codeHash),
      isNull(recoveryCodes.usedAt),
    );
  }
}
