// Mails the journeys' own server wrote as .eml files (it has no SMTP_URL): journeys read them as
// a person reads their inbox, e.g. to confirm an address before it can become an admin.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type APIRequestContext } from '@playwright/test';
import { simpleParser } from 'mailparser';

/** Mails to `email`, newest first. */
async function* mailsTo(mailDir: string, email: string) {
  const files = (await readdir(mailDir).catch(() => [])).filter((name) => name.endsWith('.eml'));
  // Names start with the time they were written, so the newest sorts last.
  for (const name of files.sort().reverse()) {
    const mail = await simpleParser(await readFile(path.join(mailDir, name)));
    const to = [mail.to ?? []].flat().map((address) => address.text.toLowerCase());
    if (to.includes(email.toLowerCase())) yield mail;
  }
}

/** The token of the newest mail to `email` with a link to `page`, if one has been written yet. */
async function newestLinkToken(mailDir: string, email: string, page: string) {
  const link = new RegExp(`${page}\\?token=([\\w-]+)`);
  for await (const mail of mailsTo(mailDir, email)) {
    const token = link.exec(mail.text ?? '')?.[1];
    if (token) return token;
  }
  return null;
}

function mailDirectory(): string {
  const mailDir = process.env.E2E_MAIL_DIR;
  if (!mailDir) {
    throw new Error(
      'E2E_MAIL_DIR is not set: reading mail needs the mails of the server the journeys started',
    );
  }
  return mailDir;
}

/** Waits for a mail to `email` with a link to `page` (e.g. /verify-email); returns its token. */
export async function waitForMailedToken(email: string, page: string): Promise<string> {
  const mailDir = mailDirectory();
  let token: string | null = null;
  await expect
    .poll(async () => (token = await newestLinkToken(mailDir, email, page)), {
      message: `a mail to ${email} with a link to ${page} in ${mailDir}`,
      timeout: 30_000,
    })
    .not.toBeNull();
  return token!;
}

/** Waits for a mail to `email` whose subject matches. */
export async function waitForMailSubject(email: string, subject: RegExp): Promise<void> {
  const mailDir = mailDirectory();
  const found = async () => {
    for await (const mail of mailsTo(mailDir, email))
      if (subject.test(mail.subject ?? '')) return true;
    return false;
  };
  await expect
    .poll(found, { message: `a mail to ${email} about ${subject}`, timeout: 30_000 })
    .toBe(true);
}

/** Follows the confirmation link mailed to `email` (through the API, as the link's page does). */
export async function confirmEmailThroughMail(
  request: APIRequestContext,
  email: string,
): Promise<void> {
  const token = await waitForMailedToken(email, '/verify-email');
  const response = await request.post('/api/auth/verify-email', { data: { token } });
  expect(response.status(), await response.text()).toBe(204);
}
