// Baseline: the least an Express 5 sign-in can do. It parses the JSON body, reads the user by
// email, verifies the password with argon2id, stores a session row with the hash of a new refresh
// token, signs an HS256 access token and answers with the token and a refresh cookie. No
// middleware, no validation, no throttle, no audit row, no access log. What it reaches against raw
// argon2id verifications is the most any Express 5 + PostgreSQL sign-in can reach on this machine.
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { verify } from '@node-rs/argon2';
import { eq, Param, Placeholder, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import express from 'express';
import { SignJWT } from 'jose';
import pg from 'pg';
import { sessions, users } from '@gv/backend/schema';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});
const key = await webcrypto.subtle.importKey(
  'raw',
  randomBytes(32),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['sign'],
);
const REFRESH_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// Statement texts built by the backend's query builder over its own schema, as the Express + pg
// baseline does, so that they follow the schema.
const queries = drizzle({ client: pool });
const byEmail = queries
  .select({ id: users.id, role: users.role, passwordHash: users.passwordHash })
  .from(users)
  .where(eq(users.email, sql.placeholder('email')))
  .limit(1)
  .toSQL();
const openSession = queries
  .insert(sessions)
  .values({
    userId: sql.placeholder('userId'),
    refreshTokenHash: sql.placeholder('refreshTokenHash'),
    expiresAt: sql.placeholder('expiresAt'),
  })
  .returning({ id: sessions.id })
  .toSQL();

/**
 * Binds named placeholders in the order the builder put them in the text; an insert's values come
 * wrapped in a `Param` with the column's encoder.
 */
function statement(
  name: string,
  built: { sql: string; params: unknown[] },
  values: Record<string, unknown>,
) {
  const bind = (param: unknown) => {
    const inner = param instanceof Param ? (param.value as unknown) : param;
    return inner instanceof Placeholder ? values[inner.name] : inner;
  };
  return { name, text: built.sql, values: built.params.map(bind) };
}

const app = express();
app.use(express.json());
app.post('/api/auth/login', async (req, res) => {
  const { email, password } = req.body as { email: string; password: string };
  const { rows } = await pool.query(statement('bench_user_by_email', byEmail, { email }));
  const user = rows[0] as { id: string; role: string; password_hash: string } | undefined;
  if (!user || !(await verify(user.password_hash, password))) {
    res.status(401).json({ title: 'Invalid email or password' });
    return;
  }
  const refreshToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + REFRESH_TTL_MS);
  const opened = await pool.query(
    statement('bench_open_session', openSession, {
      userId: user.id,
      refreshTokenHash: createHash('sha256').update(refreshToken).digest('hex'),
      expiresAt: expiresAt.toISOString(),
    }),
  );
  const sessionId = (opened.rows[0] as { id: string }).id;
  const accessToken = await new SignJWT({ sid: sessionId, role: user.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime('15m')
    .sign(key);
  res.cookie('refresh_token', refreshToken, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/api/auth',
    expires: expiresAt,
  });
  res.json({ accessToken, user: { id: user.id, email, role: user.role } });
});
// Readiness for the harness, which waits for a 200 before measuring.
app.get('/', (_req, res) => {
  res.json({ ok: true });
});
app.listen(Number(process.env.PORT), '127.0.0.1');

// Exit normally when stopped, so that --cpu-prof could write a profile.
process.on('SIGTERM', () => process.exit(0));
