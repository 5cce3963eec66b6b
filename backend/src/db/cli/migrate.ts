// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database).
import { ConfigError, loadConfig } from '../../config/env.js';
import { openDatabase } from '../database.js';
import { MIGRATIONS_FOLDER, runMigrations } from '../migrate.js';

try {
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
  await runMigrations(database);
  await database.close();
  console.log('Migrations are up to date.');
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    console.error('Check DATABASE_URL and that the database user may create tables.');
  }
  process.exit(1);
}
