// Settings shared by the server the journeys start and the journeys themselves.
export const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;

/** The first admin, created by the backend at start-up from ADMIN_EMAIL / ADMIN_PASSWORD. */
export const admin = {
  email: 'e2e-admin@example.com',
  password: 'e2e-admin-password-1',
  name: 'Administrator',
};
