// The MailDev image of compose's mail profile, built from infra/docker/maildev and run hardened as
// compose runs it (read-only, no capabilities, mails in a tmpfs, ports on 127.0.0.1): a mail sent
// over SMTP shows up in its inbox. The build reuses the Node stand-in the backend needs (< 1 min).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { freePort } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { step, waitFor } from './support/commands.js';
import { repoRoot } from './support/engines.js';
import { httpRequest } from './support/http.js';
import { podman, qualify } from './support/images.js';

const skipReason = inject('containersSkipReason');
const compose = parse(readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8'), {
  merge: true,
}) as { services: { mail: { image: string; build: { context: string } } } };
const mail = compose.services.mail;
const ref = qualify(mail.image);
const name = `gv-image-check-${randomBytes(3).toString('hex')}-mail`;

/** One SMTP conversation, as a mail client has it: each command waits for the server's answer. */
async function sendOverSmtp(port: number, from: string, to: string, message: string) {
  const socket = connect(port, '127.0.0.1');
  const replies: string[] = [];
  let buffered = '';
  let waiting: ((reply: string) => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    // A reply ends with a line "NNN text" (continuation lines are "NNN-text").
    const complete = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n$/.exec(buffered);
    if (!complete) return;
    replies.push(buffered);
    buffered = '';
    waiting?.(complete[1] as string);
  });
  const reply = () => new Promise<string>((resolve) => (waiting = resolve));
  const say = async (line: string, expected: string) => {
    const answer = reply();
    socket.write(`${line}\r\n`);
    expect(await answer, `${line.split(' ')[0]}: ${replies.at(-1)}`).toBe(expected);
  };
  expect(await reply()).toBe('220');
  await say('EHLO gv-playground.test', '250');
  await say(`MAIL FROM:<${from}>`, '250');
  await say(`RCPT TO:<${to}>`, '250');
  await say('DATA', '354');
  await say(`${message.replace(/\n/g, '\r\n')}\r\n.`, '250');
  await say('QUIT', '221');
  socket.end();
}

describe.skipIf(skipReason)('the MailDev image of the mail profile', () => {
  let smtpPort = 0;
  let inbox = '';

  beforeAll(async () => {
    await step(`podman build ${mail.build.context}`, () =>
      podman(
        [
          'build',
          '--format=docker',
          '--pull=never',
          // npm ci reaches the registry through the machine's own network.
          '--network=host',
          '--tag',
          ref,
          path.join(repoRoot, mail.build.context),
        ],
        { timeoutMs: 10 * 60_000 },
      ),
    );
    smtpPort = await freePort();
    const webPort = await freePort();
    inbox = `http://127.0.0.1:${webPort}`;
    await podman([
      'run',
      '--detach',
      `--name=${name}`,
      '--read-only',
      '--cap-drop=ALL',
      '--security-opt=no-new-privileges',
      '--tmpfs=/tmp',
      `--publish=127.0.0.1:${smtpPort}:1025`,
      `--publish=127.0.0.1:${webPort}:1080`,
      ref,
    ]);
    await waitFor('MailDev answers /healthz', async () => {
      const response = await httpRequest(`${inbox}/healthz`, { timeoutMs: 2_000 }).catch(
        () => undefined,
      );
      return response?.status === 200 ? true : undefined;
    });
  });

  afterAll(async () => {
    await podman(['rm', '--force', '--time=0', name], { allowFailure: true });
  });

  it('runs as uid 1000, and the health check the image declares passes', async () => {
    const { stdout } = await podman(['exec', name, 'id', '-u']);
    expect(stdout.trim()).toBe('1000');
    const check = await podman(['healthcheck', 'run', name], { allowFailure: true });
    expect(check.code, `${check.stdout}${check.stderr}`).toBe(0);
  });

  it('keeps a mail sent over SMTP and shows it in the inbox', async () => {
    const subject = `Reset your password ${randomBytes(3).toString('hex')}`;
    await sendOverSmtp(
      smtpPort,
      'no-reply@gv-playground.test',
      'ada@example.com',
      `From: no-reply@gv-playground.test\nTo: ada@example.com\nSubject: ${subject}\n\nFollow the link.`,
    );
    const mails = JSON.parse((await httpRequest(`${inbox}/email`)).text()) as {
      subject: string;
      to: { address: string }[];
      text: string;
    }[];
    const received = mails.find((candidate) => candidate.subject === subject);
    expect(received?.to).toEqual([expect.objectContaining({ address: 'ada@example.com' })]);
    expect(received?.text.trim()).toBe('Follow the link.');
  });
});
