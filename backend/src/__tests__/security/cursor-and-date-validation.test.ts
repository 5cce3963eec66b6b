// Cursors and dates on the log routes are checked at the boundary: values that look plausible to
// JavaScript but that PostgreSQL refuses to cast (30 February, year 0, "1 2", a bigint overflow)
// must be a 400 problem, never a 500. Run on PGlite, and on PostgreSQL when TEST_DATABASE_URL is
// set: the two engines are the same code, but these casts are what differs between bugs and fixes.
import { describe, expect, it } from 'vitest';
import { bothEngines, useBackendWithUsers } from '../../test-support/test-backend.js';

const cursorOf = (payload: unknown): string =>
  Buffer.from(JSON.stringify(payload)).toString('base64url');

const VALID_TS = '2024-01-01T00:00:00.000Z';

const BAD_CURSORS: Array<[string, unknown]> = [
  ['a ts of "1 2"', { ts: '1 2', id: '1' }],
  ['30 February', { ts: '2024-02-30T00:00:00Z', id: '1' }],
  ['year 0', { ts: '0000-01-01T00:00:00Z', id: '1' }],
  ['year 10000 (extended ISO year)', { ts: '+010000-01-01T00:00:00Z', id: '1' }],
  ['a date-only ts', { ts: '2024-01-01', id: '1' }],
  ['an id of 20 digits', { ts: VALID_TS, id: '99999999999999999999' }],
  ['an id just past the bigint range', { ts: VALID_TS, id: '9223372036854775808' }],
  ['an id of 19 nines', { ts: VALID_TS, id: '9999999999999999999' }],
  ['an id of 0', { ts: VALID_TS, id: '0' }],
  ['extra fields', { ts: VALID_TS, id: '1', sql: 'x' }],
];

const BAD_DATES: Array<[string, string]> = [
  ['year 0000', '0000-01-01T00:00:00Z'],
  ['30 February', '2024-02-30T00:00:00Z'],
  ['year 1 that is year 0 in UTC', '0001-01-01T00:00:00+01:00'],
  ['year 9999 that is year 10000 in UTC', '9999-12-31T23:00:00-05:00'],
  ['a space instead of T', '2024-01-01 00:00:00Z'],
];

describe.each(bothEngines())('log cursors and dates on %s', (driver, skipReason) => {
  const { backend, admin, user } = useBackendWithUsers(
    { driver, env: { RATE_LIMIT_ENABLED: 'false' } },
    skipReason,
  );

  const expectFieldProblem = (
    response: { status: number; headers: Record<string, string>; body: unknown },
    field: string,
  ) => {
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.body as { errors?: Array<{ path: string }> };
    expect(body.errors?.map((error) => error.path)).toContain(field);
  };

  it.skipIf(skipReason).each(BAD_CURSORS)(
    `answers 400 to a cursor with %s${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    async (_what, payload) => {
      const cursor = cursorOf(payload);
      expectFieldProblem(
        await backend.http.get(`/api/logs?cursor=${cursor}`).set(admin.auth),
        'cursor',
      );
      expectFieldProblem(
        await backend.http.get(`/api/logs/mine?cursor=${cursor}`).set(user.auth),
        'cursor',
      );
    },
  );

  it.skipIf(skipReason).each(BAD_DATES)(
    `answers 400 to from and to of %s${skipReason ? ` (skipped: ${skipReason})` : ''}`,
    async (_what, date) => {
      for (const field of ['from', 'to']) {
        expectFieldProblem(
          await backend.http.get(`/api/logs?${field}=${encodeURIComponent(date)}`).set(admin.auth),
          field,
        );
      }
    },
  );

  it.skipIf(skipReason)(
    'accepts the first and last instants PostgreSQL and ISO share',
    async () => {
      const response = await backend.http
        .get('/api/logs')
        .query({ from: '0001-01-01T00:00:00Z', to: '9999-12-31T23:59:59.999Z' })
        .set(admin.auth)
        .expect(200);
      expect((response.body as { data: unknown[] }).data.length).toBeGreaterThan(0);
      const edges = cursorOf({ ts: '9999-12-31T23:59:59.999Z', id: '9223372036854775807' });
      const paged = await backend.http.get(`/api/logs?cursor=${edges}`).set(admin.auth).expect(200);
      expect((paged.body as { data: unknown[] }).data.length).toBeGreaterThan(0);
    },
  );

  it.skipIf(skipReason)('still pages with the cursors the server hands out', async () => {
    const first = await backend.http.get('/api/logs?limit=1').set(admin.auth).expect(200);
    const { nextCursor } = first.body as { nextCursor: string | null };
    expect(nextCursor).toEqual(expect.any(String));
    const second = await backend.http
      .get(`/api/logs?limit=1&cursor=${nextCursor}`)
      .set(admin.auth)
      .expect(200);
    const ids = [first.body, second.body].map(
      (page) => (page as { data: Array<{ id: string }> }).data[0]?.id,
    );
    expect(ids[1]).toBeDefined();
    expect(ids[1]).not.toBe(ids[0]);
  });
});
