// `npm run db:restore -- FILE [--target URL]`: restores an archive made by `npm run db:backup` into
// an empty database (--target, or DATABASE_URL). A missing target database is created; one that
// already holds tables is refused, so a restore can never overwrite live data.
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadEnvFile } from '../../config/env-file.js';
import {
  CommandFailed,
  databaseName,
  describeUrl,
  pathFromInvocation,
  readDatabaseSettings,
  requirePostgresUrl,
  runPgTool,
} from './pg-tools.js';

/** pg_dump's custom format starts with these bytes. */
const ARCHIVE_MAGIC = 'PGDMP';

function assertArchive(file: string): void {
  if (!existsSync(file)) throw new CommandFailed(`No such file: ${file}`);
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(ARCHIVE_MAGIC.length);
  readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  if (head.toString('latin1') !== ARCHIVE_MAGIC) {
    throw new CommandFailed(
      `${file} is not a pg_dump custom-format archive; make one with npm run db:backup.`,
    );
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates the target database when it does not exist yet; returns whether it did. */
async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  return withClient(maintenance.toString(), async (client) => {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
    return true;
  });
}

/** Tables, views and sequences outside PostgreSQL's own schemas. */
async function countRelations(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query<{ count: string }>(
      `select count(*) as count from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'S')
         and n.nspname not in ('pg_catalog', 'information_schema')
         and n.nspname not like 'pg_toast%'`,
    );
    return Number(result.rows[0]!.count);
  });
}

async function rowCounts(url: string): Promise<Array<[string, number]>> {
  return withClient(url, async (client) => {
    const counts: Array<[string, number]> = [];
    for (const table of ['users', 'sessions', 'logs']) {
      const exists = await client.query('select to_regclass($1) as found', [`public.${table}`]);
      if (!exists.rows[0].found) continue;
      const result = await client.query<{ count: string }>(
        `select count(*) as count from ${pg.escapeIdentifier(table)}`,
      );
      counts.push([table, Number(result.rows[0]!.count)]);
    }
    return counts;
  });
}

async function main(): Promise<void> {
  loadEnvFile();
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { target: { type: 'string', short: 't' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.log('Usage: npm run db:restore -- FILE [--target postgres://.../empty_database]');
    console.log('       (without --target, DATABASE_URL names the database to restore into)');
    if (!values.help) process.exitCode = 1;
    return;
  }
  const file = pathFromInvocation(positionals[0]!);
  assertArchive(file);
  const url = values.target
    ? requirePostgresUrl(values.target, '--target')
    : requirePostgresUrl(readDatabaseSettings().databaseUrl, 'DATABASE_URL (or --target)');
  const name = databaseName(url);

  console.log(`Restoring ${file}`);
  console.log(`     into ${describeUrl(url)}`);
  if (await ensureDatabase(url)) console.log(`  created database ${name}`);
  const existing = await countRelations(url);
  if (existing > 0) {
    throw new CommandFailed(
      `Database ${name} is not empty (${existing} tables, views or sequences). Restore only into ` +
        `an empty database: name a new one with --target and it is created.`,
    );
  }

  const started = Date.now();
  await runPgTool(
    'pg_restore',
    [
      '--verbose',
      '--exit-on-error',
      // All or nothing: a failed restore leaves the database empty rather than half-filled.
      '--single-transaction',
      '--no-owner',
      '--no-privileges',
      `--dbname=${name}`,
      file,
    ],
    url,
    (line) => {
      const table = /processing data for table "?([^"\s]+)"?/.exec(line);
      if (table) console.log(`  restoring ${table[1]}`);
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = await rowCounts(url);
  console.log(`Restore complete in ${seconds} s.`);
  for (const [table, count] of counts) console.log(`  ${table}: ${count} rows`);
}

main().catch((error: unknown) => {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof CommandFailed)) {
    console.error('Check the target URL and that the server is reachable.');
  }
  process.exit(1);
});
