// Sends the account mails: over SMTP when SMTP_URL is set, otherwise as .eml files in
// DATA_DIR/mail, so the all-in-one start needs no mail server and a person can still open the
// links (docs/decisions/202).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Logger } from '../../observability/logger.js';
import type { MailContent } from './templates.js';

export interface MailerOptions {
  smtpUrl: string | undefined;
  from: string;
  dataDir: string;
}

export interface OutgoingMail extends MailContent {
  to: string;
}

/** Where a mail went: the SMTP server's message id, or the .eml file written. */
export type Delivery = { kind: 'smtp'; messageId: string } | { kind: 'file'; file: string };

export class Mailer {
  /**
   * Made with the first mail: nodemailer holds about 8 MiB once imported, and most processes
   * send no mail for a long time, or never (docs/decisions/226).
   */
  private transport: Promise<Transporter> | undefined;
  private readonly mailDir: string | undefined;

  constructor(
    private readonly options: MailerOptions,
    private readonly logger: Logger,
  ) {
    if (options.smtpUrl) {
      this.logger.info(`mail: sending through ${smtpHost(options.smtpUrl)} (SMTP_URL)`);
    } else {
      this.mailDir = path.join(options.dataDir, 'mail');
      this.logger.info(
        `mail: SMTP_URL is not set; mails are written as .eml files to ${this.mailDir}`,
      );
    }
  }

  private transportForFirstMail(): Promise<Transporter> {
    this.transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      this.options.smtpUrl
        ? nodemailer.createTransport(this.options.smtpUrl)
        : // Renders the complete message, headers and both bodies, without sending it anywhere.
          nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }),
    );
    return this.transport;
  }

  async send(mail: OutgoingMail): Promise<Delivery> {
    const transport = await this.transportForFirstMail();
    const info = (await transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    })) as { messageId: string; message?: Buffer };
    if (!this.mailDir) return { kind: 'smtp', messageId: info.messageId };
    await mkdir(this.mailDir, { recursive: true, mode: 0o700 });
    // Sortable by time; the random part keeps two mails in one millisecond apart.
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.eml`;
    const file = path.join(this.mailDir, name);
    await writeFile(file, info.message ?? Buffer.alloc(0), { mode: 0o600 });
    return { kind: 'file', file };
  }

  close(): void {
    // A transport that failed to load has nothing open; send() already reported its error.
    void this.transport?.then(
      (transport) => transport.close(),
      () => undefined,
    );
  }
}

/** The server part of SMTP_URL, never its credentials. */
function smtpHost(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}
