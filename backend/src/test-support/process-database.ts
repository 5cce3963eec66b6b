// A database for tests that run the backend as a real process: a fresh PostgreSQL database when
// TEST_DATABASE_URL is set, otherwise an embedded PGlite data directory. Either way the test gets
// the environment to start the process with and a way to read the tables directly afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TEST_DATABASE_URL } from '@gv/testing';
import { openDatabase, type Database } from '../db/database.js';

export interface ProcessDatabase {
  kind: 'postgres' | 'pglite';
  /** DATABASE_URL or DATA_DIR, for the backend process. */
  env: Record<string, string>;
  /** Opens the database from the test itself (only while no backend process holds PGlite). */
  open(): Promise<Database>;
  remove(): Promise<void>;
}

export async function createProcessDatabase(prefix: string): Promise<ProcessDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  if (TEST_DATABASE_URL) {
    const created = await createTestDatabase(prefix);
    return {
      kind: 'postgres',
      env: { DATABASE_URL: created.url, DATA_DIR: dataDir },
      open: () => openDatabase({ databaseUrl: created.url, dataDir, poolMax: 2 }),
      remove: async () => {
        await created.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  return {
    kind: 'pglite',
    env: { DATA_DIR: dataDir },
    open: () => openDatabase({ dataDir, poolMax: 1 }),
    remove: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
