// Starting and stopping the servers under test as separate processes, and reading their memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@gv/testing';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Server output goes to files here, as a container runtime would take it, not through this process. */
export const outputDir = mkdtempSync(path.join(os.tmpdir(), 'gv-bench-'));

export interface ServerProcess {
  name: string;
  pid: number;
  port: number;
  baseUrl: string;
  /** Milliseconds from spawn to the first successful answer on the ready path. */
  readyMs: number;
  /** The file holding the server's stdout and stderr. */
  logFile: string;
  /** The end of that output, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

function answersOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.setTimeout(1_000, () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

export interface StartOptions {
  name: string;
  /** Arguments after `node`. */
  args: string[];
  env: Record<string, string>;
  /** Path polled until it answers 200. */
  readyPath: string;
  timeoutMs?: number;
  /** Own process group, stopped as a whole: for `npm start`, whose server is a grandchild. */
  detached?: boolean;
}

/** Spawns `node <args>` with PORT set and waits until `readyPath` answers 200. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const logFile = path.join(outputDir, `${options.name.replace(/\W+/g, '-')}-${port}.log`);
  const fd = openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, options.args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', ...options.env, PORT: String(port) },
    stdio: ['ignore', fd, fd],
    detached: options.detached ?? false,
  });
  closeSync(fd);
  const signal = (name: NodeJS.Signals) =>
    options.detached ? process.kill(-child.pid!, name) : child.kill(name);
  const output = () => readFileSync(logFile, 'utf8').slice(-20_000);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = started + (options.timeoutMs ?? 30_000);
  let readyMs: number | undefined;
  while (performance.now() < deadline && exitCode === undefined) {
    if (await answersOk(baseUrl + options.readyPath)) {
      readyMs = performance.now() - started;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (readyMs === undefined) {
    signal('SIGKILL');
    throw new Error(
      `${options.name} did not become ready on ${options.readyPath}` +
        (exitCode !== undefined ? ` (exited with ${exitCode})` : '') +
        `:\n${output()}`,
    );
  }

  return {
    name: options.name,
    pid: child.pid!,
    port,
    baseUrl,
    readyMs,
    logFile,
    output,
    stop: async () => {
      if (exitCode !== undefined) return;
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resident memory of a process in MiB, from /proc (Linux). */
export function residentMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Runs `node <args>` to completion and returns its stdout; fails with its output otherwise. */
export function runNode(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`node ${args.join(' ')} exited with ${code}:\n${stdout}${stderr}`));
    });
  });
}
