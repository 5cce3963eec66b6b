// A real SMTP server in the test process: mail the backend sends over SMTP_URL arrives here and
// is parsed as a mail client would, so tests read the link a user would click. Used by the
// backend's tests and the browser journeys alike.
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '@gv/testing';

export interface ReceivedMail {
  /** Recipients from the SMTP envelope, lower-cased. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpTestServer {
  /** Give this to the backend as SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** The first mail (received so far or later) to this address whose subject matches. */
  waitForMail(to: string, subject?: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(', ');
}

export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: the backend's client would otherwise try TLS with no certificate.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
            from: addressText(parsed.from),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const find = (to: string, subject?: RegExp) =>
    received.find(
      (mail) => mail.to.includes(to.toLowerCase()) && (!subject || subject.test(mail.subject)),
    );

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitForMail(to, subject, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const mail = find(to, subject);
        if (mail) return mail;
        if (Date.now() > deadline) {
          const seen = received.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          throw new Error(`No mail to ${to} within ${timeoutMs} ms (received: ${seen})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail's plain text that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): URL {
  const match = mail.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (!match) throw new Error(`No link starting ${prefix} in mail "${mail.subject}"`);
  return new URL(match);
}
