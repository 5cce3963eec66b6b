// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import { ConfigError, loadConfig } from '../../config/env.js';
import { loadEnvFile } from '../../config/env-file.js';
import { DataDirLocked } from '../data-dir-lock.js';
import { openDatabase } from '../database.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../migrate.js';

try {
  loadEnvFile();
  const config = loadConfig();
  const target = config.DATABASE_URL
    ? 'PostgreSQL (DATABASE_URL)'
    : `embedded database in ${config.dataDir}`;
  console.log(`Applying migrations from ${MIGRATIONS_FOLDER} to ${target}...`);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolMax: 1,
  });
  try {
    const applied = await runMigrations(database);
    for (const migration of applied) console.log(`  applied ${migration}`);
    console.log(
      applied.length === 0
        ? 'Nothing to apply: the database was already up to date.'
        : `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}; the database is up to date.`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof DataDirLocked) {
    console.error(error.message);
  } else {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Check DATABASE_URL and that the database user may create tables.');
  }
  process.exit(1);
}
