// A backend that mails through a real SMTP server started for the test file, for the account
// flows (password reset, email confirmation) whose tests follow the link in the received mail.
import { afterAll, beforeAll } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.js';
import {
  createTestBackend,
  TEST_REDIS_URL,
  type Driver,
  type TestBackend,
} from './test-backend.js';

/** Where the mailed links point: the console's address, as PUBLIC_URL sets it. */
export const MAILED_LINKS_URL = 'http://console.example.test';

/** Started in beforeAll (nothing when `skipReason` is set); Redis with PostgreSQL where there is one. */
export function useMailingBackend(
  driver: Driver,
  skipReason: string | null,
  env: Record<string, string> = {},
) {
  const made: { backend?: TestBackend; smtp?: SmtpTestServer } = {};
  beforeAll(async () => {
    if (skipReason) return;
    made.smtp = await startSmtpTestServer();
    made.backend = await createTestBackend({
      driver,
      redis: driver === 'postgres' && Boolean(TEST_REDIS_URL),
      env: { SMTP_URL: made.smtp.url, PUBLIC_URL: MAILED_LINKS_URL, ...env },
    });
  });
  afterAll(async () => {
    await made.backend?.dispose();
    await made.smtp?.close();
  });
  return made as { backend: TestBackend; smtp: SmtpTestServer };
}
