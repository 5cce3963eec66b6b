// The code step of sign-in (docs/decisions/223). A correct password on an account with two-factor
// on answers a challenge, not a session: 256 random bits, stored as SHA-256 in account_tokens,
// single use, 5 minutes, void after 5 wrong codes. The code step then opens the session. Wrong
// codes also slow the account down across challenges, as wrong passwords slow down an email.
import {
  TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS,
  TWO_FACTOR_CHALLENGE_VALID_MINUTES,
  type TwoFactorChallenge,
  type TwoFactorSignInRequest,
} from '@gv/contract';
import type { UserRow } from '../../db/schema.js';
import type { Transaction } from '../../db/transactions.js';
import { InvalidInput, NotAuthenticated, RateLimited } from '../../domain/errors.js';
import type { AccountTokensRepository } from '../account/account-tokens.repository.js';
import { describeWait, type SignInThrottle } from '../auth/sign-in-throttle.js';
import type { AuditLog } from '../logs/audit.js';
import type { UsersRepository } from '../users/users.repository.js';
import { WRONG_CODE, type CodeProof, type TwoFactorService } from './two-factor.service.js';

const CHALLENGE = 'two_factor_challenge';

const SIGN_IN_AGAIN =
  'This sign-in has expired or was already used; sign in with your password again.';

/** A challenge answered with a right code, not yet spent: redeem() spends both. */
export interface VerifiedChallenge {
  user: UserRow;
  challenge: string;
  proof: CodeProof;
}

export class TwoFactorSignIn {
  constructor(
    private readonly tokens: AccountTokensRepository,
    private readonly users: UsersRepository,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditLog,
    private readonly throttle: SignInThrottle,
  ) {}

  /** What a correct password answers for an account with two-factor sign-in on. */
  async challenge(user: UserRow): Promise<TwoFactorChallenge> {
    const validMs = TWO_FACTOR_CHALLENGE_VALID_MINUTES * 60_000;
    const expiresAt = new Date(Date.now() + validMs);
    // Issuing retires the user's earlier challenges: only the latest sign-in can be finished.
    const challenge = await this.tokens.issue({
      userId: user.id,
      purpose: CHALLENGE,
      email: user.email,
      validMs,
    });
    await this.audit.recordNow({
      event: 'auth.login.two_factor_required',
      message: 'Password accepted; waiting for the two-factor code',
      userId: user.id,
    });
    return { twoFactorRequired: true, challenge, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Checks the code against the challenge's account without spending anything. A wrong code counts
   * against the challenge (400 while it has attempts left, then 401: sign in again).
   */
  async verify(input: TwoFactorSignInRequest): Promise<VerifiedChallenge> {
    const found = await this.tokens.findUsable(CHALLENGE, input.challenge);
    const user = found && (await this.users.findById(found.userId));
    if (!found || !user || user.status !== 'active' || user.email !== found.email) {
      throw new NotAuthenticated(SIGN_IN_AGAIN);
    }
    // Per account, so new challenges (and many addresses) do not buy more guesses.
    const throttleKey = `two-factor:${user.id}`;
    const throttle = await this.throttle.check(throttleKey);
    if (throttle && throttle.waitSeconds > 0) {
      throw new RateLimited(
        'Too many wrong codes',
        `Too many wrong two-factor codes for this account. Try again in ${describeWait(throttle.waitSeconds)}.`,
        throttle.waitSeconds,
      );
    }
    const proof = await this.twoFactor.verifyCode(user, input.code);
    if (proof) {
      if (throttle) await this.throttle.clear(throttleKey);
      return { user, challenge: input.challenge, proof };
    }

    await this.throttle.recordFailure(throttleKey);
    const attemptsLeft = await this.tokens.recordFailedAttempt(
      CHALLENGE,
      input.challenge,
      TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS,
    );
    await this.twoFactor.recordWrongCode(user.id, 'sign_in', { attemptsLeft });
    if (attemptsLeft === 0) {
      throw new NotAuthenticated(
        'Too many wrong codes for this sign-in; sign in with your password again.',
      );
    }
    throw new InvalidInput([
      {
        path: 'code',
        message: `${WRONG_CODE} ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left.`,
      },
    ]);
  }

  /** Spends the challenge and the code in the sign-in's transaction; a lost race is a 401. */
  async redeem(verified: VerifiedChallenge, tx: Transaction): Promise<void> {
    const spent = await this.tokens.consume(CHALLENGE, verified.challenge, tx.db);
    if (!spent || !(await this.twoFactor.redeem(verified.user.id, verified.proof, tx))) {
      throw new NotAuthenticated(SIGN_IN_AGAIN);
    }
  }
}
