// Starting the app: the access token lives in memory only, so every page load asks the server
// for a fresh one through the HttpOnly refresh cookie before deciding who is signed in.
import { refreshSession } from '../api';

let restoring: Promise<void> | null = null;

/** Runs once per page load; safe to call again (React StrictMode mounts twice in development). */
export function restoreSession(): Promise<void> {
  restoring ??= refreshSession().then(
    () => undefined,
    // No cookie, or an expired/revoked one: the store is now anonymous, which is the answer.
    () => undefined,
  );
  return restoring;
}
