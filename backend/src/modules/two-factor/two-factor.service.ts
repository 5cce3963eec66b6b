// Two-factor settings of an account: enrolment with a QR code, confirmation with a first code,
// recovery codes, turning it off, and an admin's reset. Also checks the codes sign-in sends
// (two-factor-sign-in.ts). Knows nothing of HTTP. Parameters: docs/decisions/220 to 222.
import { randomBytes } from 'node:crypto';
import type * as QRCode from 'qrcode';
import {
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TWO_FACTOR_ENROLMENT_VALID_MINUTES,
  type PasswordAndCodeRequest,
  type RecoveryCodes,
  type TwoFactorEnrolment,
  type TwoFactorStatus,
} from '@gv/contract';
import type { UserRow } from '../../db/schema.js';
import type { Transaction, Transactions } from '../../db/transactions.js';
import { Conflict, InvalidInput, NotAuthenticated, NotFound } from '../../domain/errors.js';
import type { BackgroundWork } from '../account/background-work.js';
import { verifyPassword } from '../auth/passwords.js';
import type { AuditLog } from '../logs/audit.js';
import type { Mailer } from '../mail/mailer.js';
import { PRODUCT_NAME, twoFactorChangedNotice, type TwoFactorChange } from '../mail/templates.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import { isAppCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js';
import type { TwoFactorKeys } from './two-factor-keys.js';
import type { TwoFactorRepository } from './two-factor.repository.js';
import { base32Encode, matchingStep } from './totp.js';

/**
 * The QR code renderer adds about 10 MiB to the process and only enrolment needs it, so the first
 * enrolment loads it, as the password-strength estimator is (docs/decisions/217).
 */
let qrCodeRenderer: Promise<typeof QRCode> | undefined;

async function qrCodeSvgOf(text: string): Promise<string> {
  qrCodeRenderer ??= import('qrcode');
  const { toString } = await qrCodeRenderer;
  return toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** 160 bits, the secret length RFC 4226 recommends for HMAC-SHA-1. */
const SECRET_BYTES = 20;

export const WRONG_CODE = 'This code is wrong or was already used; enter the current one.';

/** A code that matched, not yet used up: redeem() spends it inside the caller's transaction. */
export type CodeProof = { kind: 'app'; step: number } | { kind: 'recovery_code'; codeHash: string };

export interface TwoFactorPolicy {
  /** REQUIRE_ADMIN_2FA: admins must have two-factor sign-in on to use admin routes. */
  requireForAdmins: boolean;
}

export class TwoFactorService {
  constructor(
    private readonly users: UsersRepository,
    private readonly repository: TwoFactorRepository,
    private readonly keys: TwoFactorKeys,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    private readonly mailer: Mailer,
    private readonly background: BackgroundWork,
    private readonly policy: TwoFactorPolicy,
  ) {}

  /** Whether the account must have two-factor sign-in on before admin routes answer it. */
  isRequiredFor(user: Pick<UserRow, 'role'>): boolean {
    return this.policy.requireForAdmins && user.role === 'admin';
  }

  async status(userId: string): Promise<TwoFactorStatus> {
    const user = await this.userOrSignIn(userId);
    return {
      enabled: user.twoFactorEnabledAt !== null,
      enabledAt: user.twoFactorEnabledAt?.toISOString() ?? null,
      recoveryCodesLeft: user.twoFactorEnabledAt
        ? await this.repository.countUnusedRecoveryCodes(userId)
        : 0,
      requiredForMe: this.isRequiredFor(user),
    };
  }

  /** A new secret, waiting 10 minutes for its first code; an earlier waiting one is replaced. */
  async startEnrolment(userId: string, password: string): Promise<TwoFactorEnrolment> {
    const user = await this.userOrSignIn(userId);
    await this.checkPassword(user, password, 'enrolment');
    if (user.twoFactorEnabledAt) throw new Conflict('Two-factor sign-in is already on.');
    const secret = randomBytes(SECRET_BYTES);
    const expiresAt = new Date(Date.now() + TWO_FACTOR_ENROLMENT_VALID_MINUTES * 60_000);
    await this.transactions.run(async (tx) => {
      await this.repository.savePending(
        {
          userId,
          secretCiphertext: this.keys.seal(userId, secret),
          pendingUntil: expiresAt,
        },
        tx.db,
      );
      await this.audit.recordIn(tx, {
        event: 'auth.two_factor.enrolment_started',
        message: 'Two-factor enrolment started; waiting for a first code',
        userId,
      });
    });
    const secretBase32 = base32Encode(secret);
    const otpauthUri = otpauthUriOf(user.email, secretBase32);
    return {
      secret: secretBase32,
      otpauthUri,
      qrCodeSvg: await qrCodeSvgOf(otpauthUri),
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** The first code proves the app holds the secret: two-factor is on, recovery codes made. */
  async confirmEnrolment(userId: string, code: string): Promise<RecoveryCodes> {
    const user = await this.userOrSignIn(userId);
    if (user.twoFactorEnabledAt) throw new Conflict('Two-factor sign-in is already on.');
    const pending = await this.repository.findCredential(userId);
    if (!pending?.pendingUntil || pending.pendingUntil.getTime() <= Date.now()) {
      throw new Conflict(
        `No enrolment is waiting for a code (it lasts ${TWO_FACTOR_ENROLMENT_VALID_MINUTES} minutes); start again.`,
      );
    }
    const step = matchingStep(this.keys.open(userId, pending.secretCiphertext), code);
    if (step === undefined) {
      await this.recordWrongCode(userId, 'enrolment');
      throw new InvalidInput([{ path: 'code', message: WRONG_CODE }]);
    }
    const recoveryCodes = newRecoveryCodes();
    await this.transactions.run(async (tx) => {
      if (!(await this.repository.activate(userId, step, tx.db))) {
        throw new Conflict('No enrolment is waiting for a code; start again.');
      }
      await this.users.update(userId, { twoFactorEnabledAt: new Date() }, tx.db);
      await this.storeRecoveryCodes(userId, recoveryCodes, tx);
      await this.audit.recordIn(tx, {
        event: 'auth.two_factor.enabled',
        message: 'Two-factor sign-in turned on',
        userId,
      });
    });
    this.notify(user.email, 'enabled');
    return { recoveryCodes };
  }

  async disable(userId: string, input: PasswordAndCodeRequest): Promise<void> {
    const { user, proof } = await this.checkPasswordAndCode(userId, input, 'disable');
    await this.transactions.run(async (tx) => {
      await this.redeemOrRefuse(userId, proof, tx);
      await this.removeTwoFactor(userId, tx);
      await this.audit.recordIn(tx, {
        event: 'auth.two_factor.disabled',
        message: 'Two-factor sign-in turned off',
        userId,
        metadata: { with: proof.kind },
      });
    });
    this.notify(user.email, 'disabled');
  }

  async regenerateRecoveryCodes(
    userId: string,
    input: PasswordAndCodeRequest,
  ): Promise<RecoveryCodes> {
    const { proof } = await this.checkPasswordAndCode(userId, input, 'recovery_codes');
    const recoveryCodes = newRecoveryCodes();
    await this.transactions.run(async (tx) => {
      await this.redeemOrRefuse(userId, proof, tx);
      await this.storeRecoveryCodes(userId, recoveryCodes, tx);
      await this.audit.recordIn(tx, {
        event: 'auth.two_factor.recovery_codes_regenerated',
        message: 'New recovery codes made; the earlier ones no longer work',
        userId,
      });
    });
    return { recoveryCodes };
  }

  /** For a user who lost their app: off, every session ended, the user told by mail. */
  async adminReset(actorId: string, targetId: string): Promise<void> {
    const user = await this.transactions.run(async (tx) => {
      const target = await this.users.findByIdForUpdate(targetId, tx.db);
      if (!target) throw new NotFound('No user with this id.');
      if (!target.twoFactorEnabledAt) {
        throw new Conflict('This user does not have two-factor sign-in on.');
      }
      await this.removeTwoFactor(targetId, tx);
      const ended = await this.sessions.revokeAll(targetId, 'two_factor_reset', { tx });
      await this.audit.recordIn(tx, {
        event: 'admin.user.two_factor_reset',
        message: `Two-factor sign-in of ${target.email} turned off by an admin; their sessions ended`,
        userId: actorId,
        metadata: { targetUserId: targetId, sessionsEnded: ended },
      });
      return target;
    });
    this.notify(user.email, 'reset_by_admin');
  }

  /** Whether the code is the app's current one (not used before) or an unused recovery code. */
  async verifyCode(user: UserRow, code: string): Promise<CodeProof | undefined> {
    if (!user.twoFactorEnabledAt) return undefined;
    if (isAppCode(code)) {
      const credential = await this.repository.findCredential(user.id);
      if (!credential || credential.pendingUntil) return undefined;
      const step = matchingStep(this.keys.open(user.id, credential.secretCiphertext), code.trim(), {
        lastUsedStep: credential.lastUsedStep,
      });
      return step === undefined ? undefined : { kind: 'app', step };
    }
    const codeHash = this.keys.hashRecoveryCode(user.id, normaliseRecoveryCode(code));
    return (await this.repository.hasUnusedRecoveryCode(user.id, codeHash))
      ? { kind: 'recovery_code', codeHash }
      : undefined;
  }

  /**
   * Spends a verified code inside the caller's transaction; false when a concurrent request
   * spent it first. Using a recovery code is audited with the number left.
   */
  async redeem(userId: string, proof: CodeProof, tx: Transaction): Promise<boolean> {
    if (proof.kind === 'app') return this.repository.useStep(userId, proof.step, tx.db);
    if (!(await this.repository.useRecoveryCode(userId, proof.codeHash, tx.db))) return false;
    const left = await this.repository.countUnusedRecoveryCodes(userId, tx.db);
    await this.audit.recordIn(tx, {
      event: 'auth.two_factor.recovery_code_used',
      level: 'warn',
      message: `Recovery code used; ${left} left`,
      userId,
      metadata: { recoveryCodesLeft: left },
    });
    return true;
  }

  /** A wrong code is a security event: recorded before the answer (docs/decisions/101). */
  async recordWrongCode(
    userId: string,
    stage: 'enrolment' | 'sign_in' | 'disable' | 'recovery_codes',
    metadata: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.recordNow({
      event: 'auth.two_factor.failed',
      level: 'warn',
      message: `Wrong two-factor code (${stage.replace('_', ' ')})`,
      userId,
      metadata: { stage, ...metadata },
    });
  }

  private async checkPasswordAndCode(
    userId: string,
    input: PasswordAndCodeRequest,
    stage: 'disable' | 'recovery_codes',
  ): Promise<{ user: UserRow; proof: CodeProof }> {
    const user = await this.userOrSignIn(userId);
    await this.checkPassword(user, input.password, stage);
    if (!user.twoFactorEnabledAt) throw new Conflict('Two-factor sign-in is not on.');
    const proof = await this.verifyCode(user, input.code);
    if (!proof) {
      await this.recordWrongCode(userId, stage);
      throw new InvalidInput([{ path: 'code', message: WRONG_CODE }]);
    }
    return { user, proof };
  }

  private async redeemOrRefuse(userId: string, proof: CodeProof, tx: Transaction): Promise<void> {
    if (!(await this.redeem(userId, proof, tx))) {
      throw new InvalidInput([{ path: 'code', message: WRONG_CODE }]);
    }
  }

  private async checkPassword(user: UserRow, password: string, stage: string): Promise<void> {
    if (await verifyPassword(user.passwordHash, password)) return;
    await this.audit.recordNow({
      event: 'auth.two_factor.password_failed',
      level: 'warn',
      message: 'Two-factor change refused: wrong password',
      userId: user.id,
      metadata: { stage },
    });
    throw new InvalidInput([{ path: 'password', message: 'Password is wrong' }]);
  }

  private async storeRecoveryCodes(userId: string, codes: string[], tx: Transaction) {
    const hashes = codes.map((code) =>
      this.keys.hashRecoveryCode(userId, normaliseRecoveryCode(code)),
    );
    await this.repository.replaceRecoveryCodes(userId, hashes, tx.db);
  }

  private async removeTwoFactor(userId: string, tx: Transaction): Promise<void> {
    await this.repository.deleteCredential(userId, tx.db);
    await this.repository.deleteRecoveryCodes(userId, tx.db);
    await this.users.update(userId, { twoFactorEnabledAt: null }, tx.db);
  }

  private notify(email: string, change: TwoFactorChange): void {
    this.background.run('two-factor notice', async () => {
      await this.mailer.send({ to: email, ...twoFactorChangedNotice(change) });
    });
  }

  private async userOrSignIn(userId: string): Promise<UserRow> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotAuthenticated();
    return user;
  }
}

/** The Key URI Format authenticator apps read (issuer, account, secret and parameters). */
function otpauthUriOf(email: string, secretBase32: string): string {
  const label = `${encodeURIComponent(PRODUCT_NAME)}:${encodeURIComponent(email)}`;
  const parameters = new URLSearchParams({
    secret: secretBase32,
    issuer: PRODUCT_NAME,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${parameters.toString().replaceAll('+', '%20')}`;
}
