// A reset request must not tell whether an account uses the email: not by status, body or
// headers, and not by how long the answer takes (docs/decisions/201).
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../test-support/smtp-test-server.js';
import {
  createTestBackend,
  registerUser,
  uniqueEmail,
  type TestBackend,
} from '../test-support/test-backend.js';

const ROUNDS = 15;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

describe('password-reset requests for known and unknown emails', () => {
  let backend: TestBackend;
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    // Many requests from one address: the limits have their own test.
    backend = await createTestBackend({
      env: { SMTP_URL: smtp.url, RATE_LIMIT_ENABLED: 'false' },
    });
  });
  afterAll(async () => {
    await backend.dispose();
    await smtp.close();
  });

  it('answer with the same status, body and headers, in the same time', async () => {
    const known: string[] = [];
    for (let i = 0; i < ROUNDS; i += 1) known.push((await registerUser(backend)).email);
    // Their confirmation mails go out before the measuring starts.
    await backend.background.idle();
    const timings = { known: [] as number[], unknown: [] as number[] };
    const answers = new Set<string>();

    // Interleaved, each after the previous one's mail is out, so both kinds meet the same load.
    for (let i = 0; i < ROUNDS; i += 1) {
      for (const kind of ['known', 'unknown'] as const) {
        const email = kind === 'known' ? known[i]! : uniqueEmail('nobody');
        const started = performance.now();
        const response = await backend.http
          .post('/api/auth/password-reset/request')
          .send({ email });
        timings[kind].push(performance.now() - started);
        const { 'x-request-id': _id, date: _date, ...headers } = response.headers;
        answers.add(JSON.stringify({ status: response.status, body: response.body, headers }));
        await backend.background.idle();
      }
    }

    expect(answers.size).toBe(1);
    expect(JSON.parse([...answers][0]!)).toMatchObject({ status: 202 });
    // Every known email got its mail, so the lookups did happen, after the answers.
    const resetMails = smtp.received.filter((mail) => /Reset your/.test(mail.subject));
    expect(new Set(resetMails.flatMap((mail) => mail.to))).toEqual(new Set(known));
    // Tolerant on purpose: a busy machine adds noise, but an answer that waited for the lookup,
    // the token and the SMTP conversation would be several times slower for known emails.
    const knownMedian = median(timings.known);
    const unknownMedian = median(timings.unknown);
    const slower = Math.max(knownMedian, unknownMedian);
    const faster = Math.min(knownMedian, unknownMedian);
    expect(slower - faster <= 15 || slower / faster <= 2, JSON.stringify(timings)).toBe(true);
  });
});
