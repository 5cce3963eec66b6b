import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/logger.js';
import { startSmtpTestServer, type SmtpTestServer } from '../../test-support/smtp-test-server.js';
import { Mailer } from './mailer.js';
import { passwordResetMail, PRODUCT_NAME } from './templates.js';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { lines, logger: createLogger({ level: 'info', format: 'json', stream }) };
}

const RESET_URL = 'http://console.example.test/reset-password?token=abc123';

describe('mail over SMTP_URL', () => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });
  afterAll(() => smtp.close());

  it('delivers the mail to the SMTP server with a plain-text and an HTML body', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = new Mailer(
      { smtpUrl: smtp.url, from: 'GV Playground <no-reply@example.test>', dataDir: tmpdir() },
      logger,
    );
    await mailer.send({
      to: 'Ada@Example.test',
      ...passwordResetMail({ url: RESET_URL, validMinutes: 30 }),
    });
    mailer.close();

    const mail = await smtp.waitForMail('ada@example.test');
    expect(mail.from).toContain('no-reply@example.test');
    expect(mail.subject).toBe(`Reset your ${PRODUCT_NAME} password`);
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(PRODUCT_NAME);
      expect(body).toContain('30 minutes');
      expect(body).toContain('If it was not you');
    }
    expect(mail.text).toContain(RESET_URL);
    // The HTML body carries the same link as a button.
    expect(mail.html).toContain(`href="${RESET_URL}"`);
    expect(lines.join('\n')).toContain(`sending through ${smtp.url}`);
  });
});

describe('mail without SMTP_URL', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'gv-mail-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('writes each mail as an .eml file under DATA_DIR/mail and says so once at start', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = new Mailer(
      { smtpUrl: undefined, from: 'no-reply@example.test', dataDir },
      logger,
    );
    const delivery = await mailer.send({
      to: 'grace@example.test',
      ...passwordResetMail({ url: RESET_URL, validMinutes: 30 }),
    });
    mailer.close();

    const mailDir = path.join(dataDir, 'mail');
    expect(delivery).toEqual({ kind: 'file', file: expect.stringContaining(mailDir) as string });
    const files = await readdir(mailDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const parsed = await simpleParser(await readFile(path.join(mailDir, files[0]!)));
    expect(parsed.subject).toBe(`Reset your ${PRODUCT_NAME} password`);
    expect(parsed.text).toContain(RESET_URL);
    expect(parsed.html).toContain(PRODUCT_NAME);
    const startLines = lines.filter((line) => line.includes(mailDir));
    expect(startLines).toHaveLength(1);
    expect(startLines[0]).toContain('SMTP_URL is not set');
  });
});
