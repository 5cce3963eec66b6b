// What every scenario shares: the settings, the benchmark database, starting and stopping the
// servers under test (with a CPU profile when asked), load runs, and the results collected for
// the report.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { BenchDatabase } from './database.js';
import type { MemoryParts } from './explain.js';
import type { TargetResult } from './goals.js';
import { runLoad, type LoadOptions, type LoadResult } from './load.js';
import type { MachineInfo } from './machine.js';
import { outputDir, repoRoot, startServer, type ServerProcess } from './processes.js';
import { runCost, summariseProfile, type CpuProfile, type RunCost } from './profile.js';
import type { LatencyRow, MemoryRow, ProfiledRoute } from './report.js';

export const settings = {
  serverUrl:
    process.env.BENCH_DATABASE_URL ||
    process.env.TEST_DATABASE_URL ||
    'postgres://postgres@127.0.0.1:5432/postgres',
  durationSeconds: Number(process.env.BENCH_DURATION ?? 10),
  soakSeconds: Number(process.env.BENCH_SOAK ?? 60),
  outputPath: path.resolve(repoRoot, process.env.BENCH_OUTPUT ?? 'docs/performance.md'),
  /** Where the .cpuprofile files go; kept only when this is set. */
  profileDir: process.env.BENCH_PROFILE_DIR
    ? path.resolve(process.env.BENCH_PROFILE_DIR)
    : path.join(outputDir, 'profiles'),
  connections: 50,
  /** The second load for closed-loop latency. */
  fewConnections: 10,
  loginConnections: 8,
  logsConnections: 10,
  poolMax: 10,
  /** A first embedded start creates the database: tens of seconds on a busy machine. */
  startTimeoutMs: 180_000,
  logRows: 1_000_000,
  deepOffset: 900_000,
};

export interface Account {
  email: string;
  password: string;
}

interface BackendOptions {
  /** Run with --cpu-prof; read the profile with profileOf after stopping. */
  profile?: boolean;
  /** Embedded PGlite in DATA_DIR, started as `npm start` would: no DATABASE_URL, no NODE_ENV. */
  embedded?: boolean;
  env?: Record<string, string>;
}

export class Bench {
  readonly runs: LoadResult[] = [];
  readonly targets: TargetResult[] = [];
  readonly notes: string[] = [];
  readonly latency: LatencyRow[] = [];
  readonly profiles: ProfiledRoute[] = [];
  readonly memory: MemoryRow[] = [];
  readonly jwtSecret = randomBytes(48).toString('hex');
  readonly admin: Account = {
    email: 'bench-admin@example.test',
    password: 'amber kites 17 hollow river',
  };
  readonly member: Account = {
    email: 'bench-user@example.test',
    password: 'copper owls 42 drift north',
  };
  readonly embeddedDataDir = path.join(outputDir, 'embedded');
  readonly startedAt = performance.now();
  database?: BenchDatabase;
  machine?: MachineInfo;
  /** The parts of the backend's memory measured alone (scenarios/memory.ts). */
  parts?: MemoryParts & { importMs?: number };
  private readonly running = new Set<ServerProcess>();
  private readonly profileDirs = new Map<ServerProcess, string>();
  private started = 0;

  step(text: string): void {
    const elapsed = Math.round((performance.now() - this.startedAt) / 1000);
    process.stdout.write(`\n[${String(elapsed).padStart(3)} s] ${text}\n`);
  }

  private async start(
    name: string,
    args: string[],
    env: Record<string, string>,
    readyPath: string,
    profile = false,
  ): Promise<ServerProcess> {
    this.started += 1;
    // A folder per server: every thread writes its own profile (tsx's loader runs in a worker).
    const profileDir = path.join(settings.profileDir, `${name}-${this.started}`);
    if (profile) mkdirSync(profileDir, { recursive: true });
    const profileArgs = profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const server = await startServer({
      name,
      args: [...profileArgs, ...args],
      env,
      readyPath,
      timeoutMs: settings.startTimeoutMs,
    });
    this.running.add(server);
    if (profile) this.profileDirs.set(server, profileDir);
    return server;
  }

  backendEnv(options: BackendOptions = {}): Record<string, string> {
    const common = {
      HOST: '127.0.0.1',
      RATE_LIMIT_ENABLED: 'false',
      METRICS_PORT: 'off',
      ...(process.env.HOME ? { HOME: process.env.HOME } : {}),
    };
    if (options.embedded) return { ...common, DATA_DIR: this.embeddedDataDir, ...options.env };
    return {
      ...common,
      NODE_ENV: 'production',
      DATABASE_URL: this.database!.url,
      DATABASE_POOL_MAX: String(settings.poolMax),
      JWT_SECRET: this.jwtSecret,
      ACCESS_TOKEN_TTL: '1h',
      LOG_FORMAT: 'json',
      SERVE_FRONTEND: 'false',
      DATA_DIR: path.join(outputDir, 'data'),
      ADMIN_EMAIL: this.admin.email,
      ADMIN_PASSWORD: this.admin.password,
      ...options.env,
    };
  }

  /** `node backend/dist/server.js`, ready when /api/health/ready answers 200. */
  startBackend(name: string, options: BackendOptions = {}): Promise<ServerProcess> {
    return this.start(
      name,
      ['backend/dist/server.js'],
      this.backendEnv(options),
      '/api/health/ready',
      options.profile,
    );
  }

  startBaseline(
    name: string,
    script: string,
    options: { env?: Record<string, string>; readyPath?: string; profile?: boolean } = {},
  ): Promise<ServerProcess> {
    return this.start(
      name,
      ['--import', 'tsx', `bench/baselines/${script}`],
      options.env ?? {},
      options.readyPath ?? '/',
      options.profile,
    );
  }

  /** Starts any command under its own process group (for `npm start`). */
  async startDetached(name: string, args: string[], env: Record<string, string>) {
    const server = await startServer({
      name,
      args,
      env,
      readyPath: '/api/health/ready',
      timeoutMs: settings.startTimeoutMs,
      detached: true,
    });
    this.running.add(server);
    return server;
  }

  async stop(...servers: ServerProcess[]): Promise<void> {
    await Promise.all(servers.map((server) => server.stop()));
    for (const server of servers) this.running.delete(server);
  }

  /**
   * The profile a stopped server wrote. Node.js writes it while exiting, so a server that is
   * killed instead of shutting down leaves none; the report then says so.
   */
  profileOf(server: ServerProcess): CpuProfile | undefined {
    const dir = this.profileDirs.get(server);
    if (!dir) return undefined;
    // Node.js names them CPU.<date>.<time>.<pid>.<thread id>.<sequence>; the main thread is 0.
    const main = readdirSync(dir).find((file) =>
      /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(file),
    );
    if (!main) {
      process.stdout.write(`  no CPU profile from ${server.name} in ${dir}\n`);
      return undefined;
    }
    return JSON.parse(readFileSync(path.join(dir, main), 'utf8')) as CpuProfile;
  }

  /** The main-thread cost of the given runs in a profile, per request. */
  cost(profile: CpuProfile | undefined, ...runs: LoadResult[]): RunCost | undefined {
    if (!profile) return undefined;
    const summary = summariseProfile(profile, {
      windows: runs.map((run) => run.window),
      root: repoRoot,
      top: 8,
    });
    if (summary.samples === 0) {
      process.stdout.write(`  the profile has no samples during ${runs[0]!.label}\n`);
      return undefined;
    }
    const requests = runs.reduce((sum, run) => sum + run.total, 0);
    return runCost(runs[0]!.label, requests, summary);
  }

  async load(
    options: Omit<LoadOptions, 'durationSeconds'> & { durationSeconds?: number },
  ): Promise<LoadResult> {
    const result = await runLoad({
      ...options,
      durationSeconds: options.durationSeconds ?? settings.durationSeconds,
    });
    this.runs.push(result);
    return result;
  }

  /**
   * Baseline, target, baseline again: the target is compared with the mean of the two runs
   * around it, so a change in the machine's load during the measurement moves both sides alike,
   * and the difference between the two shows how much the machine moved.
   */
  async bracketed<B, T>(
    baseline: () => Promise<B>,
    target: () => Promise<T>,
  ): Promise<{ before: B; target: T; after: B }> {
    const before = await baseline();
    const measured = await target();
    const after = await baseline();
    return { before, target: measured, after };
  }

  async cleanUp(): Promise<void> {
    await Promise.allSettled([...this.running].map((server) => server.stop()));
    await this.database?.drop().catch((error: unknown) => {
      process.stderr.write(`Could not drop ${this.database?.name}: ${String(error)}\n`);
    });
    rmSync(outputDir, { recursive: true, force: true });
  }
}

export async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) {
    throw new Error(`POST ${url} answered ${response.status}: ${JSON.stringify(json)}`);
  }
  return json;
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
