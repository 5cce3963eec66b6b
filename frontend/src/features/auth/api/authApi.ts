// Signing in and out: each call tells the auth store what happened.
import type { ChangePasswordRequest, LoginRequest, RegisterRequest } from '@gv/contract';
import { api } from '../../../lib/api';
import { authStore } from '../../../lib/auth/store';

export async function signIn(credentials: LoginRequest): Promise<void> {
  const auth = await api('login', { body: credentials });
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
