// Signing in and out: each call tells the auth store what happened.
import type {
  Accepted,
  ChangePasswordRequest,
  LoginRequest,
  PasswordResetConfirm,
  PasswordResetRequest,
  RegisterRequest,
  TwoFactorChallenge,
  TwoFactorSignInRequest,
} from '@gv/contract';
import { api, ApiError, toApiError } from '../../../lib/api';
import { authStore, settledAuthState } from '../../../lib/auth/store';

/**
 * Sends the password. An account with two-factor sign-in on is not signed in yet: the server
 * answers a challenge, returned here for the code step (`signInWithCode`).
 *
 * After repeated failures the server pauses sign-in for the email and answers 429 with
 * Retry-After; the message then also says at what time, on this device's clock, to come back.
 */
export async function signIn(credentials: LoginRequest): Promise<TwoFactorChallenge | null> {
  try {
    const answer = await api('login', { body: credentials });
    if (answer.twoFactorRequired) return answer;
    authStore.dispatch({ type: 'signed-in', auth: answer });
    return null;
  } catch (caught) {
    const error = toApiError(caught);
    if (error.status !== 429 || !error.retryAfterSeconds) throw error;
    const until = new Date(Date.now() + error.retryAfterSeconds * 1000);
    const time = until.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    throw new ApiError({
      status: 429,
      title: error.title,
      detail: `${error.userMessage} Sign-in for this email is paused until ${time}.`,
      requestId: error.requestId,
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
}

/**
 * The second step: the challenge and a code from the authenticator app or a recovery code. A
 * wrong code is a 400 (the challenge still works); a 401 means the challenge is over.
 */
export async function signInWithCode(request: TwoFactorSignInRequest): Promise<void> {
  const auth = await api('loginTwoFactor', { body: request });
  authStore.dispatch({ type: 'signed-in', auth });
}

export async function register(account: RegisterRequest): Promise<void> {
  const auth = await api('register', { body: account });
  authStore.dispatch({ type: 'signed-in', auth });
}

export async function signOut(): Promise<void> {
  try {
    await api('logout');
  } catch {
    // The server may already have ended the session; this tab forgets it either way.
  } finally {
    authStore.dispatch({ type: 'signed-out' });
  }
}

/** The server ends every other session; this one stays signed in. */
export async function changePassword(passwords: ChangePasswordRequest): Promise<void> {
  await api('changePassword', { body: passwords });
}

/** The server answers the same whether or not an account uses the email. */
export function requestPasswordReset(request: PasswordResetRequest): Promise<Accepted> {
  return api('requestPasswordReset', { body: request });
}

/** Sets the password with the mailed link's token; the server ends every session. */
export async function confirmPasswordReset(reset: PasswordResetConfirm): Promise<void> {
  await api('confirmPasswordReset', { body: reset });
}

/**
 * Confirms the address with the mailed link's token. A signed-in tab re-reads the user, so the
 * banner asking for confirmation goes away at once.
 */
export async function verifyEmail(token: string): Promise<void> {
  await api('verifyEmail', { body: { token } });
  await showAccountAsItIsNow();
}

export function resendVerification(): Promise<Accepted> {
  return api('resendVerification');
}

/**
 * Completes an email change with the token of the link mailed to the new address. A signed-in
 * tab re-reads the user, so the new address shows at once (when that read fails, the change
 * still stands).
 */
export async function confirmEmailChange(token: string): Promise<void> {
  await api('confirmEmailChange', { body: { token } });
  await showAccountAsItIsNow();
}

/**
 * After a mailed link changed the account, a signed-in console shows the account as it is now.
 * Opened from the mail, the page restores the session while the link's request runs: waiting for
 * that restore keeps the user it read (possibly before the change) from staying on screen.
 */
async function showAccountAsItIsNow(): Promise<void> {
  if ((await settledAuthState()).status !== 'authenticated') return;
  try {
    authStore.dispatch({ type: 'user.updated', user: await api('getMe') });
  } catch {
    // The change is made; the page says so, and the next page load shows the account as it is.
  }
}
