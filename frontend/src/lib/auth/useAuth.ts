import { useSyncExternalStore } from 'react';
import { authStore } from './store';
import type { AuthState } from './machine';

export function useAuth(): AuthState {
  return useSyncExternalStore(authStore.subscribe, authStore.getState);
}

/** The signed-in user, for components that only render under a signed-in guard. */
export function useCurrentUser() {
  const state = useAuth();
  if (state.status !== 'authenticated') {
    throw new Error('useCurrentUser() used outside a signed-in route');
  }
  return state.user;
}
