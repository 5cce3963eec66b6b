// What the benchmark runs on, and making sure it measures the current code.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { repoRoot } from './processes.js';

export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  os: string;
  postgres: string;
  /** One-minute load average when the run started: how busy the machine already was. */
  loadAverage: number;
}

export async function machineInfo(databaseUrl: string): Promise<MachineInfo> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const result = await client.query<{ version: string }>(
    "select current_setting('server_version') as version",
  );
  await client.end();
  const osRelease = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  return {
    date: new Date().toISOString().slice(0, 10),
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.versions.node,
    os: /^PRETTY_NAME="?([^"\n]+)"?/m.exec(osRelease)?.[1] ?? `${os.type()} ${os.release()}`,
    postgres: `PostgreSQL ${result.rows[0]!.version.split(' ')[0]}`,
    loadAverage: os.loadavg()[0]!,
  };
}

/** The newest modification time of any file under a directory. */
function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Builds packages/contract and backend when backend/dist is missing or older than the sources. */
export function ensureProductionBuild(): void {
  const server = path.join(repoRoot, 'backend/dist/server.js');
  const contract = path.join(repoRoot, 'packages/contract/dist/index.js');
  const stale =
    !existsSync(server) ||
    !existsSync(contract) ||
    newestMtime(path.join(repoRoot, 'backend/src')) > statSync(server).mtimeMs ||
    newestMtime(path.join(repoRoot, 'packages/contract/src')) > statSync(contract).mtimeMs;
  if (!stale) {
    process.stdout.write('  backend/dist is up to date\n');
    return;
  }
  process.stdout.write('  building packages/contract and backend...\n');
  const result = spawnSync('npm', ['run', 'build', '-w', 'packages/contract', '-w', 'backend'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('The build failed; fix it and run npm run bench again.');
}
