// A tiny observable store around the auth state machine, readable outside React (the API
// client's interceptors) and inside it (useAuth, through useSyncExternalStore).
import { authReducer, initialAuthState, type AuthEvent, type AuthState } from './machine';

export interface AuthStore {
  getState(): AuthState;
  dispatch(event: AuthEvent): void;
  subscribe(listener: () => void): () => void;
}

export function createAuthStore(initial: AuthState = initialAuthState): AuthStore {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(event) {
      const next = authReducer(state, event);
      if (next === state) return;
      state = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The one store the app uses. */
export const authStore = createAuthStore();

/** The state once the session restore that runs at page load has finished (at once if it has). */
export function settledAuthState(store: AuthStore = authStore): Promise<AuthState> {
  return new Promise((resolve) => {
    const settle = () => {
      const state = store.getState();
      if (state.status === 'restoring') return;
      unsubscribe();
      resolve(state);
    };
    const unsubscribe = store.subscribe(settle);
    settle();
  });
}
