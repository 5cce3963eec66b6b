// Shared by the backup and restore commands: running PostgreSQL's client tools (pg_dump,
// pg_restore from the postgresql-client package) against a database URL, showing their progress.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { envSchema } from '../../config/env.js';
import { redactString } from '../../observability/redact.js';

export class CommandFailed extends Error {}

/** The two settings these commands use, validated by the backend's own configuration schema. */
export function readDatabaseSettings(source: NodeJS.ProcessEnv = process.env): {
  databaseUrl: string | undefined;
  dataDir: string;
} {
  const parsed = envSchema.pick({ DATABASE_URL: true, DATA_DIR: true }).safeParse(source);
  if (!parsed.success) {
    throw new CommandFailed(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'),
    );
  }
  return { databaseUrl: parsed.data.DATABASE_URL, dataDir: parsed.data.DATA_DIR };
}

/** Reads a postgres:// URL from a value, failing with a message that says how to give one. */
export function requirePostgresUrl(value: string | undefined, source: string): string {
  const parsed = envSchema.shape.DATABASE_URL.safeParse(value);
  if (!parsed.success || !parsed.data) {
    throw new CommandFailed(
      `${source} must be a postgres:// URL, e.g. postgres://user:password@host:5432/gv_playground`,
    );
  }
  return parsed.data;
}

/** The URL as it may be printed: without its password. */
export function describeUrl(url: string): string {
  return redactString(url);
}

/**
 * Resolves a path the way the person typed it: `npm run` starts scripts in the workspace folder,
 * but keeps the folder the command was typed in as INIT_CWD.
 */
export function pathFromInvocation(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

/**
 * libpq reads its connection settings from PG* variables. Passing them this way rather than as a
 * --dbname URL keeps the password out of the process list (`ps`), where any local user could read it.
 */
export function libpqEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  const env: Record<string, string> = {
    PGHOST: decodeURIComponent(parsed.hostname) || 'localhost',
    PGPORT: parsed.port || '5432',
    PGDATABASE: databaseName(url),
  };
  if (parsed.username) env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const fromQuery: Record<string, string> = {
    sslmode: 'PGSSLMODE',
    sslrootcert: 'PGSSLROOTCERT',
    sslcert: 'PGSSLCERT',
    sslkey: 'PGSSLKEY',
    application_name: 'PGAPPNAME',
    connect_timeout: 'PGCONNECT_TIMEOUT',
  };
  for (const [parameter, variable] of Object.entries(fromQuery)) {
    const value = parsed.searchParams.get(parameter);
    if (value) env[variable] = value;
  }
  return env;
}

/**
 * Runs a PostgreSQL client tool, printing each line of its `--verbose` output as progress, and
 * fails with its last lines when it exits with an error.
 */
export function runPgTool(
  tool: 'pg_dump' | 'pg_restore',
  args: string[],
  url: string,
  onLine: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      env: { ...process.env, ...libpqEnvironment(url) },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    const lines: string[] = [];
    let partial = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const complete = text.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        if (!line.trim()) continue;
        lines.push(line);
        onLine(line);
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        new CommandFailed(
          error.code === 'ENOENT'
            ? `${tool} was not found. Install PostgreSQL's client tools (Debian/Ubuntu: ` +
                `apt-get install postgresql-client), with a major version at least the server's.`
            : `${tool} could not start: ${error.message}`,
        ),
      );
    });
    child.on('close', (code) => {
      if (partial.trim()) lines.push(partial);
      if (code === 0) return resolve();
      const tail = lines
        .filter((line) => /error|fatal|could not|failed|denied/i.test(line))
        .slice(-5);
      reject(
        new CommandFailed(
          `${tool} exited with code ${code}:\n${(tail.length > 0 ? tail : lines.slice(-5)).join('\n')}`,
        ),
      );
    });
  });
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
