// Start-up as an operator sees it, with real processes: one migration path (MIGRATE_ON_START), the
// lock that keeps a second process off the embedded database, and the settings file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  backendDir,
  createTestDatabase,
  freePort,
  missingService,
  spawnBackend,
  startBackend,
  startProcess,
  waitForStatus,
  type BackendProcess,
} from '@gv/testing';
import { afterAll, describe, expect, it } from 'vitest';

const journal = JSON.parse(
  readFileSync(path.join(backendDir, 'drizzle/meta/_journal.json'), 'utf8'),
) as { entries: Array<{ tag: string }> };
const migrationNames = journal.entries.map((entry) => entry.tag);

const temporaryDirs: string[] = [];
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  temporaryDirs.push(dir);
  return dir;
}

/** An empty database of the engine: its variables for the processes. */
async function emptyDatabase(engine: 'pglite' | 'postgres'): Promise<Record<string, string>> {
  const dataDir = temporaryDir('gv-start-up');
  if (engine === 'pglite') return { DATA_DIR: dataDir };
  const database = await createTestDatabase('gv_start_up');
  drops.push(database.drop);
  return { DATABASE_URL: database.url, DATA_DIR: dataDir };
}

/** Runs one of the database commands (`src/db/cli/<name>.ts`) to its end. */
async function runCommand(name: string, env: Record<string, string>) {
  const run = startProcess(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', `src/db/cli/${name}.ts`],
    { cwd: backendDir, env: { PATH: process.env.PATH, ...env } },
  );
  return { code: await run.exited, output: run.output() };
}

/** The JSON log lines with this message. */
function logLines(output: string, message: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.message === message);
}

const server = async (env: Record<string, string>) =>
  startBackend({ from: 'source', port: await freePort(), env, timeoutMs: 120_000 });

const postgresMissing = missingService('TEST_DATABASE_URL', 'the PostgreSQL half of the checks');

describe.each([
  { engine: 'pglite' as const, skip: null },
  { engine: 'postgres' as const, skip: postgresMissing },
])('migrations at start-up on $engine', ({ engine, skip }) => {
  it.skipIf(skip)(
    'with MIGRATE_ON_START=false an empty database is refused, naming npm run db:migrate',
    async () => {
      const database = await emptyDatabase(engine);
      const refused = spawnBackend({
        from: 'source',
        port: await freePort(),
        env: { ...database, MIGRATE_ON_START: 'false' },
      });
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain('`npm run db:migrate`');
      expect(refused.output()).toContain(`lacks ${migrationNames.length} migrations`);

      // On by default (the all-in-one start): each migration applied once, by the server itself.
      const first = await server(database);
      await first.stop();
      const applied = logLines(first.output(), 'applied migration').map((line) => line.migration);
      expect(applied).toEqual(migrationNames);

      const again = await runCommand('migrate', database);
      expect(again.code, again.output).toBe(0);
      expect(again.output).toContain('Nothing to apply: the database was already up to date.');
    },
    300_000,
  );

  it.skipIf(skip)(
    'npm run db:migrate says what it applied; a server with MIGRATE_ON_START=false then starts',
    async () => {
      const database = await emptyDatabase(engine);
      const migrated = await runCommand('migrate', database);
      expect(migrated.code, migrated.output).toBe(0);
      for (const name of migrationNames) expect(migrated.output).toContain(`applied ${name}`);
      expect(migrated.output).toContain(`Applied ${migrationNames.length} migrations`);
      expect(migrated.output).not.toContain('Nothing to apply');

      const started = await server({ ...database, MIGRATE_ON_START: 'false' });
      await started.stop();
      expect(logLines(started.output(), 'applied migration')).toEqual([]);
    },
    300_000,
  );
});

describe('the embedded database belongs to one process', () => {
  const dataDir = temporaryDir('gv-lock');
  let first: BackendProcess | undefined;
  afterAll(async () => {
    await first?.stop('SIGKILL');
  });

  it('refuses a second server and the database commands while a server runs', async () => {
    first = await server({ DATA_DIR: dataDir });
    const holder = `pid ${first.child.pid}`;

    const second = spawnBackend({
      from: 'source',
      port: await freePort(),
      env: { DATA_DIR: dataDir },
    });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by another process: ${holder}`);
    expect(second.output()).toContain('Stop that process first');

    for (const command of ['seed', 'migrate']) {
      const refused = await runCommand(command, { DATA_DIR: dataDir });
      expect(refused.code, refused.output).toBe(1);
      expect(refused.output).toContain(`in use by another process: ${holder}`);
      expect(refused.output).not.toContain('Seeded');
    }
    // The first server was not disturbed.
    await waitForStatus(`${first.baseUrl}/api/health/ready`, { timeoutMs: 5_000 });
  }, 300_000);

  it('takes over the lock of a server that was killed', async () => {
    await first!.stop('SIGKILL');
    first = undefined;
    const seeded = await runCommand('seed', { DATA_DIR: dataDir });
    expect(seeded.code, seeded.output).toBe(0);
    expect(seeded.output).toMatch(/Seeded \d+ new demo users/);
  }, 300_000);
});

describe('the settings file', () => {
  it('is read at start-up, and variables set in the environment win over it', async () => {
    const dir = temporaryDir('gv-env-file');
    const port = await freePort();
    const envFile = path.join(dir, 'settings.env');
    writeFileSync(
      envFile,
      [`PORT=${port}`, 'APP_VERSION=from-the-file', 'GIT_COMMIT=from-the-file', ''].join('\n'),
    );
    const run = startProcess(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'src/server.ts'],
      {
        cwd: backendDir,
        env: {
          PATH: process.env.PATH,
          HOST: '127.0.0.1',
          METRICS_PORT: 'off',
          DATA_DIR: dir,
          ENV_FILE: envFile,
          GIT_COMMIT: 'from-the-environment',
        },
      },
    );
    try {
      const health = await waitForStatus(`http://127.0.0.1:${port}/api/health`, {
        process: run,
        timeoutMs: 120_000,
      });
      expect(await health.json()).toMatchObject({
        version: 'from-the-file',
        commit: 'from-the-environment',
      });
      expect(logLines(run.output(), 'GV Playground backend ready')[0]).toMatchObject({
        settings: envFile,
      });
    } finally {
      await run.stop();
    }
  }, 300_000);
});
