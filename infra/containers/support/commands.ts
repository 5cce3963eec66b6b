// Running the engines' command-line tools: output kept for failure messages, a time limit on
// every call, and progress lines with timings for the long steps.
import { spawn, type SpawnOptions } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions extends SpawnOptions {
  /** Kill the command after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Resolve with the result instead of rejecting when the command exits non-zero. */
  allowFailure?: boolean;
  /** Also append everything the command prints to this file (long builds). */
  logFile?: string;
  input?: string;
}

/** Runs a command to completion; rejects with the end of its output when it fails. */
export function run(
  command: string,
  args: string[],
  options: RunOptions = {},
): Promise<CommandResult> {
  const { timeoutMs = 600_000, allowFailure = false, logFile, input, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['pipe', 'pipe', 'pipe'] });
    const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      log?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      log?.write(chunk);
    });
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      log?.end();
      const result = { code, stdout, stderr };
      if (code === 0 || allowFailure) return resolve(result);
      const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(
        new Error(
          `${command} ${args.join(' ')} ${signal ? `was killed (${signal})` : `exited with ${code}`}:\n${tail}`,
        ),
      );
    });
  });
}

/** Prints a step's start and its duration, so a slow or stuck run shows where it is. */
export async function step<T>(title: string, action: () => Promise<T>): Promise<T> {
  const started = Date.now();
  console.log(`containers: ${title} ...`);
  try {
    const result = await action();
    console.log(`containers: ${title}: done in ${seconds(Date.now() - started)}`);
    return result;
  } catch (error) {
    console.log(`containers: ${title}: FAILED after ${seconds(Date.now() - started)}`);
    throw error;
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Polls `check` until it returns a value; fails with the last reason after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${what}: not within ${seconds(timeoutMs)}${last ? ` (last: ${last})` : ''}`);
}
