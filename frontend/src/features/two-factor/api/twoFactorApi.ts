// Two-factor sign-in for the signed-in user's own account. Turning it on or off also changes the
// user the console holds (`twoFactorEnabled`), which the admin guard reads: it is read again.
import type {
  ConfirmTwoFactorEnrolmentRequest,
  PasswordAndCodeRequest,
  RecoveryCodes,
  StartTwoFactorEnrolmentRequest,
} from '@gv/contract';
import { api } from '../../../lib/api';
import { authStore } from '../../../lib/auth/store';

/**
 * Never fails: the change is made by then, and a failed re-read must not hide its answer (the
 * recovery codes, shown only once). A stale flag is corrected by the next page load.
 */
async function rereadMe(): Promise<void> {
  try {
    authStore.dispatch({ type: 'user.updated', user: await api('getMe') });
  } catch {
    // Kept as it is until the next page load.
  }
}

export const getTwoFactorStatus = (signal?: AbortSignal) => api('getTwoFactor', { signal });

/** Checks the password and answers a new secret with its QR code, waiting for a first code. */
export const startEnrolment = (request: StartTwoFactorEnrolmentRequest) =>
  api('startTwoFactorEnrolment', { body: request });

/** Turns two-factor sign-in on; the answer holds the recovery codes, sent only this once. */
export async function confirmEnrolment(
  request: ConfirmTwoFactorEnrolmentRequest,
): Promise<RecoveryCodes> {
  const codes = await api('confirmTwoFactorEnrolment', { body: request });
  await rereadMe();
  return codes;
}

export async function turnOffTwoFactor(request: PasswordAndCodeRequest): Promise<void> {
  await api('disableTwoFactor', { body: request });
  await rereadMe();
}

/** A new set of recovery codes, sent only this once; the old set stops working. */
export const regenerateRecoveryCodes = (request: PasswordAndCodeRequest) =>
  api('regenerateRecoveryCodes', { body: request });
