import { describe, expect, it } from 'vitest';
import { redact } from '../observability/redact.js';
import { describeDatabaseError, isDatabaseUnavailable, withoutValues } from './errors.js';

/** The shape Drizzle gives a failed statement: its own error around the driver's. */
function failedQuery(driverError: Error, params: unknown[]) {
  const query = 'insert into "users" ("email", "password_hash") values ($1, $2)';
  return Object.assign(new Error(`Failed query: ${query}\nparams: ${params.join(',')}`), {
    name: 'DrizzleQueryError',
    query,
    params,
    cause: driverError,
  });
}

const hash = '$argon2id$v=19$m=19456,t=2,p=1$K1/Gl2tsBYesuKc4NRyXaw$GSZcJwWxYRSZCdyqEglW4Uol0B';

describe('database errors in logs', () => {
  it('keep the code, the SQL and the constraint, and drop every value', () => {
    const unique = Object.assign(
      new Error('duplicate key value violates unique constraint "users_email_idx"'),
      { code: '23505', constraint: 'users_email_idx', table: 'users' },
    );
    const description = describeDatabaseError(failedQuery(unique, ['ann@example.com', hash]));
    expect(description).toEqual({
      name: 'DrizzleQueryError',
      code: '23505',
      query: 'insert into "users" ("email", "password_hash") values ($1, $2)',
      reason: 'duplicate key value violates unique constraint "users_email_idx"',
      constraint: 'users_email_idx',
      table: 'users',
    });
  });

  it('remove values PostgreSQL quotes in its own messages', () => {
    expect(withoutValues('invalid input syntax for type uuid: "ann@example.com"')).toBe(
      'invalid input syntax for type uuid: "…"',
    );
    expect(withoutValues('column "email" does not exist')).toBe('column "email" does not exist');
  });

  it('are described the same way wherever they are logged, even nested', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const error = failedQuery(refused, ['ann@example.com', hash]);
    expect(isDatabaseUnavailable(error)).toBe(true);
    const logged = JSON.stringify(redact({ error, nested: { again: error } }));
    expect(logged).not.toContain('ann@example.com');
    expect(logged).not.toContain('$argon2');
    expect(logged).toContain('ECONNREFUSED');
  });

  it('never let a password hash through in plain text', () => {
    expect(redact(`stored ${hash} for the user`)).toBe('stored [REDACTED] for the user');
  });
});
