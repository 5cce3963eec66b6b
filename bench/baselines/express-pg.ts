// Baseline: Express 5 with no middleware plus node-postgres with the backend's pool size, running
// the backend's own user-by-id statement on every request. Authenticated GET /api/users/me (token
// check, revocation check, the same read, the user view) is measured against this.
import { eq, Placeholder, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import express from 'express';
import pg from 'pg';
import { users } from '@gv/backend/schema';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});
const userId = process.env.BENCH_USER_ID;

// The text the users repository prepares, built by the same query builder rather than copied, so
// both sides run the same statement and it stays the same when the schema changes.
const byId = drizzle({ client: pool })
  .select()
  .from(users)
  .where(eq(users.id, sql.placeholder('id')))
  .limit(1)
  .toSQL();
const statement = {
  name: 'users_find_by_id',
  text: byId.sql,
  values: byId.params.map((param) => (param instanceof Placeholder ? userId : param)),
};

const app = express();
app.get('/api/users/me', async (_req, res) => {
  const result = await pool.query(statement);
  res.json(result.rows[0]);
});
app.listen(Number(process.env.PORT), '127.0.0.1');

// Exit normally when stopped, so that --cpu-prof writes the profile.
process.on('SIGTERM', () => process.exit(0));
