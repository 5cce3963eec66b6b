// Starting the app: the access token lives in memory only, so every page load asks the server
// for a fresh one through the HttpOnly refresh cookie before deciding who is signed in.
import { connection, isUnreachable, refreshSession } from '../api';

let restoring: Promise<void> | null = null;

/**
 * Runs once per page load; safe to call again (React StrictMode mounts twice in development).
 * When the server cannot be reached the person is neither signed in nor out yet: the state stays
 * "restoring" and the refresh is sent again as soon as the server answers.
 */
export function restoreSession(): Promise<void> {
  restoring ??= (async () => {
    for (;;) {
      try {
        await refreshSession();
        return;
      } catch (error) {
        // No cookie, or an expired/revoked one: the store is now anonymous, which is the answer.
        if (!isUnreachable(error)) return;
        await connection.whenReachable();
      }
    }
  })();
  return restoring;
}
