import { describe, expect, it } from 'vitest';
import { makeAuth, makeUser } from '../../test/fakeServer';
import { authReducer, initialAuthState, type AuthState } from './machine';

const signedIn = (token = 'token-1'): AuthState =>
  authReducer(initialAuthState, {
    type: 'refresh.succeeded',
    auth: makeAuth(token),
    startedFrom: null,
  });
const sessionId = makeAuth('x').sessionId;

describe('auth state machine', () => {
  it('starts by restoring the session from the refresh cookie', () => {
    expect(initialAuthState).toEqual({ status: 'restoring' });
  });

  it('restores a signed-in user when the silent refresh succeeds', () => {
    const state = signedIn('restored');
    expect(state).toMatchObject({ status: 'authenticated', accessToken: 'restored', sessionId });
  });

  it('becomes anonymous without a message when there was no session to restore', () => {
    const state = authReducer(initialAuthState, { type: 'refresh.failed', startedFrom: null });
    expect(state).toEqual({ status: 'anonymous', reason: 'no-session' });
  });

  it('replaces the access token when a refresh of the current session succeeds', () => {
    const state = authReducer(signedIn('old'), {
      type: 'refresh.succeeded',
      auth: makeAuth('new'),
      startedFrom: sessionId,
    });
    expect(state).toMatchObject({ status: 'authenticated', accessToken: 'new' });
  });

  it('ends the session (so the login page can say why) when its refresh fails', () => {
    const state = authReducer(signedIn(), { type: 'refresh.failed', startedFrom: sessionId });
    expect(state).toEqual({ status: 'anonymous', reason: 'session-ended' });
  });

  it('ignores a late restore answer once someone has signed in', () => {
    const afterSignIn = authReducer(initialAuthState, {
      type: 'signed-in',
      auth: makeAuth('fresh', { sessionId: '33333333-3333-4333-8333-333333333333' }),
    });
    expect(authReducer(afterSignIn, { type: 'refresh.failed', startedFrom: null })).toBe(
      afterSignIn,
    );
    expect(
      authReducer(afterSignIn, {
        type: 'refresh.succeeded',
        auth: makeAuth('stale'),
        startedFrom: null,
      }),
    ).toBe(afterSignIn);
  });

  it('does not sign a tab back in when a refresh lands after sign-out', () => {
    const signedOut = authReducer(signedIn(), { type: 'signed-out' });
    const state = authReducer(signedOut, {
      type: 'refresh.succeeded',
      auth: makeAuth('late'),
      startedFrom: sessionId,
    });
    expect(state).toEqual({ status: 'anonymous', reason: 'signed-out' });
  });

  it('forgets everything on sign-out and on account deletion', () => {
    expect(authReducer(signedIn(), { type: 'signed-out' })).toEqual({
      status: 'anonymous',
      reason: 'signed-out',
    });
    expect(authReducer(signedIn(), { type: 'account.deleted' })).toEqual({
      status: 'anonymous',
      reason: 'account-deleted',
    });
  });

  it('updates the profile of the signed-in user only', () => {
    const renamed = makeUser({ name: 'Ada King' });
    const state = authReducer(signedIn(), { type: 'user.updated', user: renamed });
    expect(state).toMatchObject({ status: 'authenticated', user: { name: 'Ada King' } });

    const someoneElse = makeUser({ id: '44444444-4444-4444-8444-444444444444', name: 'Eve' });
    const unchanged = signedIn();
    expect(authReducer(unchanged, { type: 'user.updated', user: someoneElse })).toBe(unchanged);
  });
});
