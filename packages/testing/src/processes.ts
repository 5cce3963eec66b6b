// Child processes for tests that run real servers and commands: output kept for failure messages,
// a stop that cannot hang, and polling with a deadline.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** How a process ended: its exit code, or the name of the signal that ended it. */
export type ExitStatus = number | string;

export interface RunningProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves once the process has ended (or could not start: then with 'spawn-error'). */
  exited: Promise<ExitStatus>;
  /** Sends the signal, then SIGKILL if the process is still there after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ExitStatus>;
}

export interface StartProcessOptions extends Omit<SpawnOptions, 'stdio'> {
  /**
   * Send stdout and stderr to this file instead of pipes: programs that open /dev/stdout by name
   * (nginx's log directives) cannot do that on the socket pairs Node uses for pipes, and a server
   * under measurement should not have this process reading its output.
   */
  logFile?: string;
}

// The start and the end are what explain a failure; keep the piped output bounded.
const KEPT_OUTPUT = 200_000;

export function startProcess(
  command: string,
  args: string[],
  options: StartProcessOptions = {},
): RunningProcess {
  const { logFile, ...spawnOptions } = options;
  const logFd = logFile ? openSync(logFile, 'a') : null;
  const child = spawn(command, args, {
    ...spawnOptions,
    stdio: logFd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
  });
  if (logFd !== null) closeSync(logFd);
  let piped = '';
  const keep = (chunk: Buffer) => (piped = (piped + chunk.toString()).slice(-KEPT_OUTPUT));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      piped += `\n${error.message}`;
      resolve('spawn-error');
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => (logFile ? readFileSync(logFile, 'utf8').slice(-KEPT_OUTPUT) : piped),
    exited,
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (running()) {
        child.kill(signal);
        const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(killer);
      }
      return exited;
    },
  };
}

/** Runs a command to completion and returns its output; rejects with the output otherwise. */
export async function runToCompletion(
  command: string,
  args: string[],
  options: StartProcessOptions = {},
): Promise<string> {
  const run = startProcess(command, args, options);
  const status = await run.exited;
  if (status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${status}:\n${run.output()}`);
  }
  return run.output();
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}${reason}`);
}

export interface WaitForStatusOptions {
  status?: number;
  /** Give up as soon as this process has ended, and show its output in the error. */
  process?: RunningProcess;
  timeoutMs?: number;
  intervalMs?: number;
}

/** Polls `url` until it answers `status` (200 unless given) and returns that response. */
export async function waitForStatus(
  url: string,
  options: WaitForStatusOptions = {},
): Promise<Response> {
  const { status = 200, process: watched, timeoutMs = 60_000, intervalMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (watched && watched.child.exitCode !== null) {
      last = `the process exited with ${watched.child.exitCode}`;
      break;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === status) return response;
      await response.body?.cancel();
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const output = watched ? ` Output:\n${watched.output()}` : '';
  throw new Error(`${url} did not answer ${status} (last: ${last}).${output}`);
}

/** GETs a URL and parses JSON; undefined when the server does not answer 2xx yet. */
export async function getJson<T>(url: string): Promise<T | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    return (await response.json()) as T;
  } catch {
    return undefined;
  }
}
