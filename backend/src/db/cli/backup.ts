// `npm run db:backup [-- --output FILE]`: dumps the PostgreSQL database at DATABASE_URL with
// pg_dump into one custom-format archive, which `npm run db:restore` reads back.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnvFile } from '../../config/env-file.js';
import { lockHolder } from '../data-dir-lock.js';
import {
  CommandFailed,
  databaseName,
  describeUrl,
  formatBytes,
  pathFromInvocation,
  readDatabaseSettings,
  runPgTool,
} from './pg-tools.js';

function defaultOutput(url: string, dataDir: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  return path.join(dataDir, 'backups', `${databaseName(url)}-${stamp}.dump`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log('Usage: npm run db:backup [-- --output FILE]  (reads DATABASE_URL)');
    return;
  }
  loadEnvFile();
  const { databaseUrl: url, dataDir } = readDatabaseSettings();
  if (!url) {
    const holder = lockHolder(path.resolve(dataDir));
    throw new CommandFailed(
      'DATABASE_URL is not set. Backups are for PostgreSQL; the embedded database is the DATA_DIR ' +
        `folder itself (${path.resolve(dataDir)}): copy it while nothing uses it` +
        (holder
          ? `. pid ${holder.pid} (${holder.command}) has it open now: stop that process first.`
          : '.'),
    );
  }
  const output = values.output
    ? pathFromInvocation(values.output)
    : path.resolve(defaultOutput(url, dataDir));
  mkdirSync(path.dirname(output), { recursive: true });

  console.log(`Backing up ${describeUrl(url)}`);
  console.log(`        to ${output}`);
  const started = Date.now();
  // The archive holds password hashes and personal data: readable by its owner only.
  process.umask(0o077);
  await runPgTool(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', '--verbose', `--file=${output}`],
    url,
    (line) => {
      const table = /dumping contents of table "?([^"\s]+)"?/.exec(line);
      if (table) console.log(`  dumping ${table[1]}`);
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Backup complete: ${formatBytes(statSync(output).size)} in ${seconds} s.`);
  console.log(`Restore it into an empty database with:`);
  console.log(`  npm run db:restore -- ${output} --target postgres://.../new_database`);
}

main().catch((error: unknown) => {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof CommandFailed)) console.error(error);
  console.error('Check DATABASE_URL, that the server is reachable and that pg_dump is installed.');
  process.exit(1);
});
