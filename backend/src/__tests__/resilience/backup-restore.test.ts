// Backup and restore with the real commands (`npm run db:backup` / `db:restore`): every table of a
// database with real data comes back with the same row count and the same contents, sequences
// included, and a restore refuses to write into a database that already holds data.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { backendDir, missingService, missingTool } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  createTestBackend,
  flushAuditLog,
  login,
  registerUser,
  TEST_DATABASE_URL,
  type TestBackend,
} from '../../test-support/test-backend.js';

const skipReason =
  missingService('TEST_DATABASE_URL') ??
  missingTool('pg_dump', 'apt-get install postgresql-client') ??
  missingTool('pg_restore', 'apt-get install postgresql-client');

function runCli(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', `src/db/cli/${script}`, ...args],
      {
        cwd: backendDir,
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

interface TableState {
  rows: number;
  checksum: string;
}

/** Row count and an md5 of the ordered contents of every table, plus every sequence's position. */
async function snapshot(url: string): Promise<Record<string, TableState | string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const state: Record<string, TableState | string> = {};
    const tables = await client.query<{ name: string }>(
      `select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
       from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
       order by 1`,
    );
    for (const { name } of tables.rows) {
      const result = await client.query<{ rows: number; checksum: string }>(
        `select count(*)::int as rows,
                md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as checksum
         from ${name} t`,
      );
      state[name] = result.rows[0]!;
    }
    const sequences = await client.query<{ name: string; position: string | null }>(
      `select schemaname || '.' || sequencename as name, last_value::text as position
       from pg_sequences order by 1`,
    );
    for (const { name, position } of sequences.rows) state[`sequence ${name}`] = String(position);
    return state;
  } finally {
    await client.end();
  }
}

describe.skipIf(skipReason)(
  `backup and restore${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let backend: TestBackend;
    let dir = '';
    const targetName = `gv_restore_${randomBytes(4).toString('hex')}`;
    const targetUrl = (() => {
      const url = new URL(TEST_DATABASE_URL ?? 'postgres://localhost/postgres');
      url.pathname = `/${targetName}`;
      return url.toString();
    })();

    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'gv-backup-'));
      backend = await createTestBackend({ driver: 'postgres' });
      // Real activity: accounts, an admin, several sessions (one revoked), audit events...
      const admin = await createAdmin(backend);
      const user = await registerUser(backend, { name: 'Zoë Ünïcode ✓' });
      await login(backend, user.email, user.password);
      await backend.http.delete(`/api/sessions/${user.sessionId}`).set(user.auth).expect(204);
      await backend.http.get('/api/users').set(admin.auth).expect(200);
      await flushAuditLog(backend);
      // ...and enough log rows, with JSON metadata and odd text, to make the comparison mean something.
      await backend.database.db.execute(sql`
        insert into logs (ts, level, event, message, user_id, ip, metadata)
        select now() - make_interval(secs => n), 'info', 'test.event',
               'line ' || n || E' with \\t tab, ''quote'' and ünïcode',
               ${user.userId}::uuid, '192.0.2.1'::inet, jsonb_build_object('n', n, 'even', n % 2 = 0)
        from generate_series(1, 5000) as n`);
    });

    afterAll(async () => {
      await backend?.dispose();
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${targetName} with (force)`);
      await admin.end();
      rmSync(dir, { recursive: true, force: true });
    });

    it('restores every table with the same rows and contents', async () => {
      const file = path.join(dir, 'gv.dump');
      const backup = await runCli('backup.ts', ['--output', file], {
        DATABASE_URL: backend.databaseUrl!,
      });
      expect(backup.output).toMatch(/dumping public\.logs/);
      expect(backup.output).toMatch(/Backup complete/);
      expect(backup.code).toBe(0);
      // The archive holds password hashes: only its owner may read it.
      expect(statSync(file).mode & 0o077).toBe(0);

      const restore = await runCli('restore.ts', [file, '--target', targetUrl], {});
      expect(restore.output).toMatch(new RegExp(`created database ${targetName}`));
      expect(restore.output).toMatch(/logs: 50\d\d rows/);
      expect(restore.code).toBe(0);

      const source = await snapshot(backend.databaseUrl!);
      const restored = await snapshot(targetUrl);
      expect(Object.keys(source)).toEqual(
        expect.arrayContaining(['public.users', 'public.sessions', 'public.logs']),
      );
      expect((source['public.logs'] as TableState).rows).toBeGreaterThan(5000);
      expect(restored).toEqual(source);
    });

    it('refuses to restore into a database that already holds data', async () => {
      const file = path.join(dir, 'gv.dump');
      const before = await snapshot(targetUrl);
      const again = await runCli('restore.ts', [file, '--target', targetUrl], {});
      expect(again.code).toBe(1);
      expect(again.output).toMatch(/is not empty/);
      expect(await snapshot(targetUrl)).toEqual(before);
    });

    it('explains what is wrong with a file that is not a backup', async () => {
      const result = await runCli('restore.ts', [path.join(backendDir, 'package.json')], {
        DATABASE_URL: targetUrl,
      });
      expect(result.code).toBe(1);
      expect(result.output).toMatch(/not a pg_dump custom-format archive/);
    });
  },
);
