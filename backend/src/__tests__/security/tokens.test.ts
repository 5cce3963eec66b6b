// Access-token attacks beyond those in auth.test.ts (tampering, alg:none, expiry, wrong key,
// wrong audience, HS512): key-selection headers (kid, jku, jwk, x5u), algorithm spellings,
// missing claims, and tokens that outlive their account or their admin rights.
// The authorization matrix, lockout, refresh reuse and the Origin check on refresh are covered in
// authorization-matrix.test.ts and auth.test.ts.
import { createHmac } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  registerUser,
  useTestBackend,
  type SignedInUser,
} from '../../test-support/test-backend.js';

const SECRET = new TextEncoder().encode('test-secret-that-is-at-least-32-bytes-long!!');
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs any header with the real secret; jose itself refuses to produce some of these. */
function signRaw(header: object, payload: object): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
}

const backend = useTestBackend({ env: { RATE_LIMIT_ENABLED: 'false' } });
let user: SignedInUser;

beforeAll(async () => {
  user = await registerUser(backend);
});

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

async function expectRefused(token: string, path = '/api/users/me') {
  const response = await backend.http.get(path).set('Authorization', `Bearer ${token}`);
  expect(response.status, `${path} with ${token.slice(0, 60)}...`).toBe(401);
  expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
}

describe('access tokens', () => {
  it('ignores key-selection headers: kid, jku, x5u and an embedded jwk choose nothing', async () => {
    const claims = claimsOf(user.token);
    const attacker = await generateKeyPair('RS256');
    const attackerJwk = await exportJWK(attacker.publicKey);
    const tokens = [
      // kid pointing at a file of known content, signed with that content as the key.
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: '../../../../dev/null' })
        .sign(new Uint8Array(32)),
      // kid as an injection into a key lookup.
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: "' UNION SELECT 'key' --" })
        .sign(new TextEncoder().encode('key'.padEnd(32, 'k'))),
      // jku / x5u pointing at keys the attacker controls, signed with the attacker's key.
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', jku: 'https://evil.example/jwks.json', kid: 'evil' })
        .sign(attacker.privateKey),
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', x5u: 'https://evil.example/cert.pem' })
        .sign(attacker.privateKey),
      // The attacker's public key embedded in the header (CVE-2018-0114).
      await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', jwk: attackerJwk })
        .sign(attacker.privateKey),
    ];
    for (const token of tokens) await expectRefused(token);
    // A kid on an otherwise genuine token changes nothing either way: the key is fixed.
    const genuineWithKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'anything' })
      .sign(SECRET);
    await backend.http
      .get('/api/users/me')
      .set('Authorization', `Bearer ${genuineWithKid}`)
      .expect(200);
  });

  it('accepts HS256 only, however "none" is spelled', async () => {
    const [, payload, signature] = user.token.split('.');
    for (const alg of ['none', 'None', 'NONE', 'nOnE', 'hs256', 'HS384', 'RS256', '']) {
      await expectRefused(`${base64url({ alg, typ: 'JWT' })}.${payload}.${signature}`);
      await expectRefused(`${base64url({ alg, typ: 'JWT' })}.${payload}.`);
    }
  });

  it('requires every claim: sub, sid, exp, iat, issuer and audience', async () => {
    const claims = claimsOf(user.token);
    const sign = (body: Record<string, unknown>) =>
      new SignJWT(body).setProtectedHeader({ alg: 'HS256' }).sign(SECRET);
    const without = (name: string) =>
      Object.fromEntries(Object.entries(claims).filter(([key]) => key !== name));
    for (const name of ['sub', 'sid', 'exp', 'iat', 'iss', 'aud', 'role']) {
      await expectRefused(await sign(without(name)));
    }
    await expectRefused(await sign({ ...claims, iss: 'someone-else' }));
    await expectRefused(await sign({ ...claims, role: 'superuser' }));
    await expectRefused(await sign({ ...claims, nbf: Math.floor(Date.now() / 1000) + 3_600 }));
    // Unknown critical header parameters must be understood, or the token refused.
    await expectRefused(signRaw({ alg: 'HS256', crit: ['x-unknown'], 'x-unknown': true }, claims));
    // The genuine signature over the same claims passes, so the refusals above are about them.
    await backend.http
      .get('/api/users/me')
      .set('Authorization', `Bearer ${signRaw({ alg: 'HS256' }, claims)}`)
      .expect(200);
  });

  it('refuses malformed Authorization headers without an error', async () => {
    for (const header of [
      'Bearer',
      'Bearer ',
      `Bearer ${user.token} extra`,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${'a'.repeat(6_000)}`,
      'Bearer a.b.c',
      'Bearer ....',
      `Bearer ${user.token.split('.').slice(0, 2).join('.')}`,
    ]) {
      const response = await backend.http.get('/api/users/me').set('Authorization', header);
      expect(response.status, header.slice(0, 40)).toBe(401);
    }
    // A token in the query string is never read.
    await backend.http.get(`/api/users/me?access_token=${user.token}`).expect(401);
  });

  it('stops working everywhere when the account is deleted by its owner', async () => {
    const doomed = await registerUser(backend);
    await backend.http
      .delete('/api/users/me')
      .set(doomed.auth)
      .send({ password: doomed.password })
      .expect(204);
    for (const path of ['/api/users/me', '/api/sessions', '/api/logs/mine']) {
      await expectRefused(doomed.token, path);
    }
  });

  it('stops working when an admin deletes or disables the account', async () => {
    const admin = await createAdmin(backend);
    const deleted = await registerUser(backend);
    const disabled = await registerUser(backend);
    await backend.http.delete(`/api/users/${deleted.userId}`).set(admin.auth).expect(204);
    await backend.http
      .patch(`/api/users/${disabled.userId}`)
      .set(admin.auth)
      .send({ status: 'disabled' })
      .expect(200);
    await expectRefused(deleted.token);
    await expectRefused(disabled.token);
  });

  it('loses admin rights at once when demoted, although its token still says admin', async () => {
    const admin = await createAdmin(backend);
    const demoted = await createAdmin(backend);
    expect(claimsOf(demoted.token).role).toBe('admin');
    await backend.http.get('/api/users').set(demoted.auth).expect(200);
    await backend.http
      .patch(`/api/users/${demoted.userId}`)
      .set(admin.auth)
      .send({ role: 'user' })
      .expect(200);
    await backend.http.get('/api/users').set(demoted.auth).expect(403);
    await backend.http.get('/api/logs').set(demoted.auth).expect(403);
    // Still a valid user, just no longer an admin.
    await backend.http.get('/api/users/me').set(demoted.auth).expect(200);
  });
});
