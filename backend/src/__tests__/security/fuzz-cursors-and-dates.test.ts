// Property-based fuzzing of what the log routes hand to PostgreSQL casts: keyset cursors (an
// instant and a bigint inside base64url JSON) and the from/to filters. The generators stay close
// to valid (real and impossible calendar dates, years 0 to 10000 and beyond, offsets, bigints
// around 2^63), so a good share passes validation and runs on the database: on PGlite always,
// and on PostgreSQL too when TEST_DATABASE_URL is set. Whatever arrives: never a 5xx.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../domain/errors.js';
import { bothEngines, useBackendWithUsers } from '../../test-support/test-backend.js';
import { assertWellFormed } from '../../test-support/well-formed-response.js';

const RUNS = 250;

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/** Date-times assembled field by field: many are real, many are 30 February or hour 24. */
const calendarLike = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 10_001 }), fc.constantFrom(0, 1, 1970, 9999, 10_000)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 60 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.constantFrom('', '.0', '.999', '.123456', '.123456789', '.1234567890123'),
    zone: fc.constantFrom('Z', '+00:00', '+01:00', '-05:00', '+14:00', '-12:00', '+23:59', ''),
    separator: fc.constantFrom('T', 'T', 'T', ' ', 't'),
  })
  .map(
    (d) =>
      `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}${d.separator}` +
      `${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}${d.fraction}${d.zone}`,
  );

/** Every instant JavaScript can represent, written the way toISOString writes it (±YYYYYY). */
const anyInstant = fc
  .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Plausible instants near the edges PostgreSQL and ISO share (years 1 and 9999). */
const edgeInstant = fc
  .date({
    min: new Date('0000-12-31T00:00:00Z'),
    max: new Date('+010000-01-02T00:00:00Z'),
    noInvalidDate: true,
  })
  .chain((date) =>
    fc.constantFrom(
      date.toISOString(),
      date.toISOString().replace('Z', '+01:00'),
      date.toISOString().replace('Z', '-05:00'),
    ),
  );

const timestampText = fc.oneof(
  { weight: 4, arbitrary: calendarLike },
  { weight: 2, arbitrary: anyInstant },
  { weight: 3, arbitrary: edgeInstant },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '1 2',
      'infinity',
      '-infinity',
      'epoch',
      'now',
      'allballs',
      '2024-01-01 BC',
      'J2451187',
      '2024-01-01',
      '',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

const bigintText = fc.oneof(
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 65n }).map(String),
  fc.bigInt({ min: 2n ** 63n - 5n, max: 2n ** 63n + 5n }).map(String),
  fc.constantFrom('0', '00', '01', '1e3', ' 1', '1.5', '99999999999999999999', ''),
);

const cursorText = fc.oneof(
  { weight: 6, arbitrary: fc.record({ ts: timestampText, id: bigintText }) },
  {
    weight: 1,
    arbitrary: fc.record({
      ts: fc.oneof(timestampText, fc.integer(), fc.constant(null)),
      id: fc.oneof(bigintText, fc.integer(), fc.constant(null)),
      extra: fc.string({ maxLength: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const encodeCursor = (payload: unknown) =>
  Buffer.from(JSON.stringify(payload) ?? 'null').toString('base64url');

describe.each(bothEngines())('fuzzing log cursors and dates on %s', (driver, skipReason) => {
  const { backend, user, admin } = useBackendWithUsers(
    { driver, env: { RATE_LIMIT_ENABLED: 'false' } },
    skipReason,
  );
  const title = (what: string) => `${what}${skipReason ? ` (skipped: ${skipReason})` : ''}`;

  it.skipIf(skipReason)(
    title('never answers 5xx, and valid values reach the database'),
    async () => {
      const statuses: number[] = [];
      await fc.assert(
        fc.asyncProperty(
          fc.option(cursorText, { nil: undefined }),
          fc.option(timestampText, { nil: undefined }),
          fc.option(timestampText, { nil: undefined }),
          fc.boolean(),
          async (cursor, from, to, mine) => {
            const query = new URLSearchParams();
            if (cursor !== undefined) query.set('cursor', encodeCursor(cursor));
            if (from !== undefined && !mine) query.set('from', from);
            if (to !== undefined && !mine) query.set('to', to);
            const url = `/api/logs${mine ? '/mine' : ''}?${query.toString()}`;
            const response = await backend.http.get(url).set((mine ? user : admin).auth);
            assertWellFormed(response, `GET ${url} (cursor ${JSON.stringify(cursor)})`);
            statuses.push(response.status);
          },
        ),
        { numRuns: RUNS },
      );
      // Without this the property could pass by refusing everything before any SQL runs. About a
      // tenth of the generated requests are valid; the floor sits well below that, so a random
      // draw cannot fail it while a validator that refuses everything still does.
      const reachedDatabase = statuses.filter((status) => status === 200).length;
      expect(reachedDatabase).toBeGreaterThan(RUNS / 50);
    },
  );

  it.skipIf(skipReason)(
    title('the repository refuses, never fails on, a cursor that skipped the contract'),
    async () => {
      await fc.assert(
        fc.asyncProperty(cursorText, async (payload) => {
          try {
            await backend.repositories.logs.page({ cursor: encodeCursor(payload), limit: 5 });
          } catch (error) {
            expect(error, JSON.stringify(payload)).toBeInstanceOf(InvalidInput);
            expect((error as InvalidInput).errors[0]!.path).toBe('cursor');
          }
        }),
        { numRuns: RUNS },
      );
    },
  );
});
