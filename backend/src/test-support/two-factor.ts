// Two-factor sign-in as a person with an authenticator app does it: enrol with the secret the
// server shows, answer with the app's codes. Codes are single use per 30-second step, so the
// helper hands out each step once, waiting for the next one when the next is used up too.
import { setTimeout as sleep } from 'node:timers/promises';
import { TOTP_PERIOD_SECONDS, type RecoveryCodes, type TwoFactorEnrolment } from '@gv/contract';
import { timeStep, totpCode } from '../modules/two-factor/totp.js';
import type { SignedInUser, TestBackend } from './test-backend.js';

export { totpCode };

/** An authenticator app holding one secret: it never shows a code the server has seen. */
export class AuthenticatorApp {
  private lastStep = -1;

  constructor(readonly secret: string) {}

  /** A code of a step not given out before: the current one, else the next (which is accepted). */
  async nextCode(): Promise<string> {
    let step = Math.max(timeStep(), this.lastStep + 1);
    while (step > timeStep() + 1) {
      await sleep(1000);
      step = Math.max(timeStep(), this.lastStep + 1);
    }
    this.lastStep = step;
    return totpCode(this.secret, step * TOTP_PERIOD_SECONDS * 1000);
  }

  /** A 6-digit code that is none of the codes the server accepts now. */
  wrongCode(): string {
    const accepted = [-1, 0, 1].map((drift) =>
      totpCode(this.secret, (timeStep() + drift) * TOTP_PERIOD_SECONDS * 1000),
    );
    let code = 0;
    while (accepted.includes(String(code).padStart(6, '0'))) code++;
    return String(code).padStart(6, '0');
  }
}

export interface EnrolledUser {
  app: AuthenticatorApp;
  recoveryCodes: string[];
  enrolment: TwoFactorEnrolment;
}

/** Turns two-factor sign-in on for a signed-in user, as the console's enrolment page does. */
export async function enrolTwoFactor(
  backend: TestBackend,
  user: SignedInUser,
): Promise<EnrolledUser> {
  const started = await backend.http
    .post('/api/account/two-factor/enrolment')
    .set(user.auth)
    .send({ password: user.password })
    .expect(200);
  const enrolment = started.body as TwoFactorEnrolment;
  const app = new AuthenticatorApp(enrolment.secret);
  const confirmed = await backend.http
    .post('/api/account/two-factor/enrolment/confirm')
    .set(user.auth)
    .send({ code: await app.nextCode() })
    .expect(200);
  return { app, recoveryCodes: (confirmed.body as RecoveryCodes).recoveryCodes, enrolment };
}
