// An authenticator app for the journeys: it holds the secret the console shows for manual entry
// and computes its codes with the backend's own RFC 6238 function. The server takes each
// 30-second step once (and the next step early), so the app never shows a step twice.
import { timeStep, totpCode } from '@gv/backend/totp';
import { expect } from '@playwright/test';

const STEP_MS = 30_000;

export class AuthenticatorApp {
  private lastStep = -1;

  constructor(readonly secret: string) {}

  /** A code the server has not seen: the current step's, else the next one's, else it waits. */
  async nextCode(): Promise<string> {
    // Two codes in one step use the current and the next; a third waits for time to catch up.
    await expect
      .poll(() => timeStep() + 1 > this.lastStep, {
        message: 'a 30-second step whose code was not used yet',
        timeout: STEP_MS + 5_000,
      })
      .toBe(true);
    const step = Math.max(timeStep(), this.lastStep + 1);
    this.lastStep = step;
    return totpCode(this.secret, step * STEP_MS);
  }

  /** Six digits that are none of the codes the server accepts now. */
  wrongCode(): string {
    const accepted = [-1, 0, 1].map((drift) =>
      totpCode(this.secret, (timeStep() + drift) * STEP_MS),
    );
    let code = 0;
    while (accepted.includes(String(code).padStart(6, '0'))) code += 1;
    return String(code).padStart(6, '0');
  }
}
