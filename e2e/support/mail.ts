// Mails the journeys' own server wrote as .eml files (it has no SMTP_URL): journeys read them as
// a person reads their inbox, e.g. to confirm an address before it can become an admin.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import { simpleParser } from 'mailparser';

const VERIFY_LINK = /\/verify-email\?token=([\w-]+)/;

/** The token of the newest confirmation mail to `email`, if one has been written yet. */
async function newestVerificationToken(mailDir: string, email: string): Promise<string | null> {
  const files = (await readdir(mailDir).catch(() => [])).filter((name) => name.endsWith('.eml'));
  // Names start with the time they were written, so the newest sorts last.
  for (const name of files.sort().reverse()) {
    const mail = await simpleParser(await readFile(path.join(mailDir, name)));
    const to = [mail.to ?? []].flat().map((address) => address.text.toLowerCase());
    const token = VERIFY_LINK.exec(mail.text ?? '')?.[1];
    if (token && to.includes(email.toLowerCase())) return token;
  }
  return null;
}

/** Follows the confirmation link mailed to `email` (through the API, as the link's page does). */
export async function confirmEmailThroughMail(
  request: APIRequestContext,
  email: string,
): Promise<void> {
  const mailDir = process.env.E2E_MAIL_DIR;
  if (!mailDir) {
    throw new Error(
      'E2E_MAIL_DIR is not set: confirming an email needs the mails of the server the journeys started',
    );
  }
  let token: string | null = null;
  await expect
    .poll(async () => (token = await newestVerificationToken(mailDir, email)), {
      message: `a confirmation mail to ${email} in ${mailDir}`,
      timeout: 30_000,
    })
    .not.toBeNull();
  const response = await request.post('/api/auth/verify-email', { data: { token } });
  expect(response.status(), await response.text()).toBe(204);
}
