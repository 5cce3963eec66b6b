// Starts the backend exactly as its image would, without a Docker engine: the image's file system
// is rebuilt in a temporary folder from backend/Dockerfile's own COPY and RUN instructions (the
// build stage is the repository after `npm run build`), then the migrate service's command and the
// image's CMD run there with the image's ENV, USER and WORKDIR against a fresh PostgreSQL database.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/tools.js';
import {
  contextPathInStage,
  copiesOf,
  envOf,
  lastOf,
  parseDockerfile,
  workdirOf,
  type DockerStage,
} from './dockerfile-model.js';
import {
  backendUnavailable,
  createTestDatabase,
  freePort,
  runToCompletion,
  startProcess,
  waitForStatus,
  type RunningProcess,
  type TestDatabase,
} from './running-backend.js';

const unavailable = backendUnavailable();
if (unavailable) console.warn(`SKIP: backend image start check: ${unavailable}`);

const model = parseDockerfile(path.join(repoRoot, 'backend/Dockerfile'));
const runtime = model.stages.at(-1) as DockerStage;
const runs = (stage: DockerStage) =>
  stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.text);
/** The stage that compiles the code: the repository after `npm run build` stands in for it. */
const isCompileStage = (stage: DockerStage) =>
  runs(stage).some((run) => run.startsWith('npm run build'));

/** Every file below a folder, relative to it (symbolic links are listed, not followed). */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** uid/gid options that make a child process run as the image's USER (possible when we are root). */
function imageUser(): { uid?: number; gid?: number } {
  const [uid, gid] = (lastOf(runtime, 'USER')?.args[0] ?? '').split(':').map(Number);
  if (process.getuid?.() !== 0 || uid === undefined) return {};
  return { uid, gid: gid ?? uid };
}

describe.skipIf(unavailable)('backend started as backend/Dockerfile starts it', () => {
  let root = '';
  let database: TestDatabase | undefined;
  let server: RunningProcess | undefined;
  let baseUrl = '';
  let appDir = '';
  let env: NodeJS.ProcessEnv = {};
  let filesAtStart: string[] = [];

  /** A stage's file system: its context COPYs, then its RUN instructions, under root/<stage>. */
  function materialize(stage: DockerStage): string {
    const stageRoot = path.join(root, stage.name ?? 'stage');
    for (const copy of copiesOf(stage).filter((candidate) => candidate.from === null)) {
      for (const source of copy.sources) {
        const target = copy.destinationIsDir
          ? path.join(copy.destination, path.basename(source))
          : copy.destination;
        cpSync(path.join(repoRoot, source), path.join(stageRoot, target), { recursive: true });
      }
    }
    const cwd = path.join(stageRoot, workdirOf(stage));
    for (const run of runs(stage)) {
      // The npm cache that `npm ci` filled for the repository serves this install too.
      execFileSync('sh', ['-c', run], {
        cwd,
        env: {
          ...process.env,
          npm_config_prefer_offline: 'true',
          npm_config_update_notifier: 'false',
        },
        stdio: 'pipe',
      });
    }
    return stageRoot;
  }

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'gv-backend-image-'));
    chmodSync(root, 0o755);
    const stageRoots = new Map<string, string>();
    const runtimeRoot = path.join(root, 'runtime');
    for (const copy of copiesOf(runtime)) {
      const stage = model.stages.find((candidate) => candidate.name === copy.from);
      if (!stage)
        throw new Error(
          `line ${copy.line}: only COPY --from=<stage> is expected in the runtime stage`,
        );
      for (const source of copy.sources) {
        let from: string;
        if (isCompileStage(stage)) {
          const repoPath = contextPathInStage(stage, source, repoRoot);
          if (!repoPath)
            throw new Error(`line ${copy.line}: ${source} is not built from the repository`);
          from = path.join(repoRoot, repoPath);
        } else {
          if (!stageRoots.has(stage.name ?? ''))
            stageRoots.set(stage.name ?? '', materialize(stage));
          from = path.join(stageRoots.get(stage.name ?? '') as string, source);
        }
        const target = copy.destinationIsDir
          ? path.join(copy.destination, path.basename(source))
          : copy.destination;
        cpSync(from, path.join(runtimeRoot, target), { recursive: true, verbatimSymlinks: true });
      }
    }
    for (let dir = path.join(runtimeRoot, 'app'); dir !== root; dir = path.dirname(dir))
      chmodSync(dir, 0o755);

    database = await createTestDatabase('gv_image_start');
    const port = await freePort();
    appDir = path.join(runtimeRoot, workdirOf(runtime));
    env = {
      PATH: process.env.PATH,
      ...envOf(runtime),
      // What the orchestrator adds (Kubernetes Secret / compose .env), and a port free on this host.
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
    };
    baseUrl = `http://127.0.0.1:${port}`;

    const compose = parse(readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8'), {
      merge: true,
    }) as {
      services: { migrate: { command: string[] } };
    };
    const [migrateCommand, ...migrateArgs] = compose.services.migrate.command;
    await runToCompletion(migrateCommand as string, migrateArgs, {
      cwd: appDir,
      env,
      ...imageUser(),
    });

    filesAtStart = listFiles(runtimeRoot);
    const [command, ...args] = lastOf(runtime, 'CMD')?.exec ?? [];
    server = startProcess(command as string, args, { cwd: appDir, env, ...imageUser() });
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('applied the migrations with the migrate service command', async () => {
    const client = new pg.Client({ connectionString: database?.url });
    await client.connect();
    try {
      const { rows } = await client.query<{
        users: string | null;
        sessions: string | null;
        logs: string | null;
      }>(
        "select to_regclass('users') as users, to_regclass('sessions') as sessions, to_regclass('logs') as logs",
      );
      expect(rows[0]).toEqual({ users: 'users', sessions: 'sessions', logs: 'logs' });
    } finally {
      await client.end();
    }
  });

  it('becomes ready on PostgreSQL and is alive', async () => {
    await waitForStatus(`${baseUrl}/api/health/ready`, 200, server as RunningProcess);
    const live = await fetch(`${baseUrl}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
  });

  it.skipIf(process.getuid?.() !== 0)('runs as the numeric USER of the image, not as root', () => {
    const status = readFileSync(`/proc/${server?.child.pid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    expect(Number(uid)).toBe(imageUser().uid);
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it("passes the image's own HEALTHCHECK command", async () => {
    const [command, ...args] = lastOf(runtime, 'HEALTHCHECK')?.exec ?? [];
    await expect(
      runToCompletion(command as string, args, { cwd: appDir, env }),
    ).resolves.toBeDefined();
  });

  it('writes nothing to its file system (ready for a read-only root)', async () => {
    await fetch(`${baseUrl}/api/health`);
    expect(listFiles(path.join(root, 'runtime'))).toEqual(filesAtStart);
  });

  it('drains and exits 0 on SIGTERM within SHUTDOWN_TIMEOUT', async () => {
    const started = Date.now();
    const code = await server?.stop('SIGTERM');
    expect(code, server?.output()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
