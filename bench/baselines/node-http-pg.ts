// Baseline: node:http plus node-postgres with the backend's pool size, reading one user by primary
// key per request. Authenticated GET /api/users/me (token check, revocation check, the same read)
// is measured against this.
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});
const userId = process.env.BENCH_USER_ID;

http
  .createServer((_req, res) => {
    pool.query('select * from users where id = $1', [userId]).then(
      (result) => {
        const body = JSON.stringify(result.rows[0]);
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      },
      () => {
        res.writeHead(500).end();
      },
    );
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
