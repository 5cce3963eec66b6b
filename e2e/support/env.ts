// Settings shared by the server the journeys start and the journeys themselves.
export const port = Number(process.env.E2E_PORT ?? 3100);
/**
 * E2E_BASE_URL points the journeys at a system that is already running (the compose stack in
 * the container tests); without it they start their own server on `port`.
 */
export const externalBaseURL = process.env.E2E_BASE_URL?.replace(/\/+$/, '') || undefined;
export const baseURL = externalBaseURL ?? `http://localhost:${port}`;

/** The first admin, created by the backend at start-up from ADMIN_EMAIL / ADMIN_PASSWORD. */
export const admin = {
  email: 'e2e-admin@example.com',
  password: 'e2e-admin-password-1',
  name: 'Administrator',
};
