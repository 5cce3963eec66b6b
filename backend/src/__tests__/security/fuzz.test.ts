// Property-based fuzzing of every route in the contract: path parameters, query strings and bodies
// full of wrong types, missing and extra fields, huge and unusual Unicode strings, `__proto__` and
// `constructor` keys, SQL and script payloads, sent anonymously, as a user and as an admin. Whatever
// arrives, the answer is never a 5xx, errors are always problem+json, and no stack trace or SQL
// leaks out.
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteSpec } from '@gv/contract';
import {
  createAdmin,
  createTestBackend,
  login,
  registerUser,
  type SignedInUser,
  type TestBackend,
} from '../../test-support/test-backend.js';
import { assertWellFormed } from '../../test-support/well-formed-response.js';

/** Runs per route: about 3,500 requests over the 23 routes, about ten seconds in all. */
const RUNS = 150;

const PAYLOADS = [
  "' OR '1'='1",
  "'; drop table users; --",
  '1; select pg_sleep(5)',
  "admin'--",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '\u0000',
  '%s%s%s%n',
  '${jndi:ldap://example.test/a}',
  '{{7*7}}',
  '\u202eevil\u202c',
  '💥🔥'.repeat(50),
  'Ω'.repeat(300),
  'a'.repeat(5_000),
  ' ',
  '',
];

const PLAUSIBLE = [
  'someone@example.test',
  'ADMIN@EXAMPLE.TEST',
  'correct horse battery staple',
  '00000000-0000-0000-0000-000000000000',
  '3f2c6a40-9d7b-4c1e-8f57-2a8e0b6c1d90',
  'others',
  'admin',
  'user',
  'disabled',
  'active',
  'auth.login.*',
  '2024-01-01T00:00:00Z',
  '1',
  '0',
  '-1',
  '100000000000000000000',
];

const text = fc.oneof(
  fc.constantFrom(...PAYLOADS, ...PLAUSIBLE),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.dictionary(text, text, { maxKeys: 3 }),
  fc.constant('x'.repeat(200_000)),
);

const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

function fieldNames(schema: z.ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** An object over the route's own field names (some missing, some extra, some dangerous). */
function objectFor(fields: string[]): fc.Arbitrary<Record<string, unknown>> {
  const key = fc.oneof(
    fc.constantFrom(...(fields.length > 0 ? fields : ['field']), ...DANGEROUS_KEYS),
    text,
  );
  return (
    fc
      .array(fc.tuple(key, anyValue), { maxLength: fields.length + 3 })
      // Object.fromEntries defines own properties, so "__proto__" travels as a real JSON key.
      .map((entries) => Object.fromEntries(entries))
  );
}

type RawBody = { kind: 'json'; text: string } | { kind: 'raw'; type: string; text: string };

function bodyFor(spec: RouteSpec): fc.Arbitrary<RawBody | undefined> {
  const fields = fieldNames(spec.body);
  const json = fc.oneof(
    { weight: 3, arbitrary: objectFor(fields) },
    // Every field present as a string: passes the type checks, so payloads reach the services
    // and the database (a name of "'; drop table users; --" is a valid name).
    {
      weight: 3,
      arbitrary: fc.record(Object.fromEntries(fields.map((field) => [field, text]))),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
  return fc.oneof(
    {
      weight: spec.body ? 6 : 1,
      arbitrary: json.map((value) => ({
        kind: 'json' as const,
        text: JSON.stringify(value) ?? 'null',
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<RawBody>(
        { kind: 'json', text: '{"email":' },
        {
          kind: 'json',
          text: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}',
        },
        { kind: 'json', text: '[' + '['.repeat(5_000) },
        { kind: 'raw', type: 'text/plain', text: 'email=a@b.c&password=x' },
        {
          kind: 'raw',
          type: 'application/x-www-form-urlencoded',
          text: 'email=a%40b.c&__proto__[x]=1',
        },
        { kind: 'raw', type: 'application/json; charset=utf-16', text: '{}' },
        {
          kind: 'raw',
          type: 'application/xml',
          text: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        },
      ),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

function queryFor(spec: RouteSpec): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom(...fieldNames(spec.query), ...DANGEROUS_KEYS, 'limit'),
    text,
  );
  const pair = fc.tuple(key, fc.oneof(text, fc.constant('')));
  return fc
    .array(pair, { maxLength: 4 })
    .map((pairs) =>
      pairs
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
        .join('&'),
    );
}

const pathParam = fc.oneof(
  fc.uuid(),
  text.filter((value) => value.length > 0),
  fc.constantFrom('%E0%A4%A', '%', '..', 'me', 'null', 'undefined', '%2e%2e%2f'),
);

function pathFor(spec: RouteSpec): fc.Arbitrary<string> {
  if (!spec.path.includes(':id')) return fc.constant(spec.path);
  return pathParam.map((id) => {
    // A few raw values are already percent-encoded on purpose (malformed on purpose, too).
    const raw = /^%|^\.\.$/.test(id) ? id : encodeURIComponent(id);
    return spec.path.replace(':id', raw);
  });
}

let backend: TestBackend;
const callers: Record<'anonymous' | 'user' | 'admin', SignedInUser | undefined> = {
  anonymous: undefined,
  user: undefined,
  admin: undefined,
};

beforeAll(async () => {
  // Every request comes from one address; the limits have their own tests.
  backend = await createTestBackend({ env: { RATE_LIMIT_ENABLED: 'false' } });
  callers.user = await registerUser(backend);
  callers.admin = await createAdmin(backend);
});
afterAll(async () => {
  await backend.dispose();
});

const entries = Object.entries(routes) as Array<[string, RouteSpec]>;

describe('fuzzing every route', () => {
  it.each(entries)('%s never answers 5xx or a malformed error', async (_name, spec) => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('anonymous', 'user', 'admin'),
        pathFor(spec),
        queryFor(spec),
        bodyFor(spec),
        async (callerName, path, query, body) => {
          let caller = callers[callerName];
          const url = `/api${path}${query ? `?${query}` : ''}`;
          let pending = backend.http[spec.method](url);
          if (caller) pending = pending.set(caller.auth);
          if (body?.kind === 'json')
            pending = pending.set('content-type', 'application/json').send(body.text);
          if (body?.kind === 'raw')
            pending = pending.set('content-type', body.type).send(body.text);
          const response = await pending;
          assertWellFormed(response, `${callerName} ${spec.method.toUpperCase()} ${url}`);
          // Sign-out and session revocation end the caller's session: sign in again.
          if (caller && spec.access !== 'public' && response.status === 401) {
            caller = await login(backend, caller.email, caller.password);
            callers[callerName] = caller;
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  // Found by this fuzzer: PostgreSQL cannot store NUL characters, and the error was a 500.
  it('answers 400 to NUL characters in text that would be stored or searched', async () => {
    const admin = callers.admin!;
    const requests = {
      'PATCH /api/users/me': backend.http
        .patch('/api/users/me')
        .set(admin.auth)
        .send({ name: 'a\u0000b' }),
      'POST /api/auth/register': backend.http
        .post('/api/auth/register')
        .send({ email: 'nul@example.test', password: 'a fine passphrase', name: '\u0000' }),
      'GET /api/users?q=': backend.http
        .get(`/api/users?q=${encodeURIComponent('a\u0000')}`)
        .set(admin.auth),
    };
    for (const [what, request] of Object.entries(requests)) {
      const response = await request;
      assertWellFormed(response, what);
      expect(response.status, what).toBe(400);
    }
  });

  it('answers unknown routes and methods with a problem+json 404', async () => {
    for (const [method, url] of [
      ['get', '/api/nope'],
      ['put', '/api/users/me'],
      ['get', '/api/users/me/../../etc/passwd'],
      ['get', `/api/${'a'.repeat(4_000)}`],
      ['get', '/api/%E0%A4%A'],
    ] as const) {
      const response = await backend.http[method](url);
      expect([400, 404]).toContain(response.status);
      assertWellFormed(response, `${method} ${url}`);
    }
  });

  it('leaves Object.prototype untouched after all of the above', () => {
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
