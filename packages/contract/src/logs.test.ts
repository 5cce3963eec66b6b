import { describe, expect, it } from 'vitest';
import { decodeLogCursor, logsQuerySchema } from './logs.js';

const cursorOf = (payload: unknown): string =>
  Buffer.from(JSON.stringify(payload)).toString('base64url');

describe('log cursors', () => {
  it('reads back what the server issues', () => {
    const payload = { ts: '2026-03-01T10:00:00.123Z', id: '9223372036854775807' };
    expect(decodeLogCursor(cursorOf(payload))).toEqual(payload);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', cursorOf('x').slice(1)],
    ['a JSON array', cursorOf([1, 2])],
    ['a ts PostgreSQL cannot cast', cursorOf({ ts: '1 2', id: '1' })],
    ['30 February', cursorOf({ ts: '2024-02-30T00:00:00Z', id: '1' })],
    ['year 0', cursorOf({ ts: '0000-01-01T00:00:00Z', id: '1' })],
    [
      'an id past the bigint range',
      cursorOf({ ts: '2024-01-01T00:00:00Z', id: '9223372036854775808' }),
    ],
    ['a negative id', cursorOf({ ts: '2024-01-01T00:00:00Z', id: '-1' })],
    ['a numeric id', cursorOf({ ts: '2024-01-01T00:00:00Z', id: 1 })],
    ['too long', 'A'.repeat(201)],
  ])('refuses %s', (_what, cursor) => {
    expect(decodeLogCursor(cursor)).toBeNull();
    expect(logsQuerySchema.safeParse({ cursor }).success).toBe(false);
  });
});

describe('log date filters', () => {
  it.each(['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2026-06-01T12:00:00+02:00'])(
    'accepts %s',
    (date) => {
      expect(logsQuerySchema.safeParse({ from: date, to: date }).success).toBe(true);
    },
  );

  it.each([
    '0000-01-01T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:00:00-05:00',
    '2024-01-01 00:00:00Z',
    '2024-01-01',
  ])('refuses %s with an error on the field', (date) => {
    const result = logsQuerySchema.safeParse({ from: date });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('from');
  });
});
