// The sign-in state of this browser tab, as a pure state machine: every change is an event, and
// `authReducer` is the only place that decides what an event does in each state.
import type { AuthResponse, User } from '@gv/contract';

/** Why nobody is signed in; the login page explains the last two. */
export type AnonymousReason = 'no-session' | 'signed-out' | 'session-ended' | 'account-deleted';

export type AuthState =
  /** On load, before the silent refresh through the HttpOnly cookie has answered. */
  | { status: 'restoring' }
  | { status: 'anonymous'; reason: AnonymousReason }
  | {
      status: 'authenticated';
      user: User;
      /** Kept in memory only: never in localStorage, where any injected script could read it. */
      accessToken: string;
      expiresAt: string;
      sessionId: string;
    };

/**
 * `startedFrom` names the session a refresh was made for (`null` for the restore on load), so a
 * late answer cannot overwrite a newer state: a refresh started before a sign-in or a sign-out
 * no longer applies when it completes.
 */
export type AuthEvent =
  | { type: 'refresh.succeeded'; auth: AuthResponse; startedFrom: string | null }
  | { type: 'refresh.failed'; startedFrom: string | null }
  | { type: 'signed-in'; auth: AuthResponse }
  | { type: 'signed-out' }
  | { type: 'account.deleted' }
  | { type: 'user.updated'; user: User };

export const initialAuthState: AuthState = { status: 'restoring' };

function authenticated(auth: AuthResponse): AuthState {
  return {
    status: 'authenticated',
    user: auth.user,
    accessToken: auth.accessToken,
    expiresAt: auth.expiresAt,
    sessionId: auth.sessionId,
  };
}

/** Is the state still the one the refresh was started from? */
function refreshApplies(state: AuthState, startedFrom: string | null): boolean {
  if (state.status === 'restoring') return startedFrom === null;
  return state.status === 'authenticated' && state.sessionId === startedFrom;
}

export function authReducer(state: AuthState, event: AuthEvent): AuthState {
  switch (event.type) {
    case 'refresh.succeeded':
      return refreshApplies(state, event.startedFrom) ? authenticated(event.auth) : state;
    case 'refresh.failed':
      if (!refreshApplies(state, event.startedFrom)) return state;
      return {
        status: 'anonymous',
        reason: state.status === 'restoring' ? 'no-session' : 'session-ended',
      };
    case 'signed-in':
      return authenticated(event.auth);
    case 'signed-out':
      return { status: 'anonymous', reason: 'signed-out' };
    case 'account.deleted':
      return { status: 'anonymous', reason: 'account-deleted' };
    case 'user.updated':
      return state.status === 'authenticated' && state.user.id === event.user.id
        ? { ...state, user: event.user }
        : state;
  }
}

/** The session a refresh started now would be for (see `startedFrom`). */
export function currentSessionId(state: AuthState): string | null {
  return state.status === 'authenticated' ? state.sessionId : null;
}
