// Runs the backend as a real process from its TypeScript sources (no build needed), the way the
// resilience tests need it: its own port, its own environment, stopped with a real signal.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const backendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BackendProcess {
  port: number;
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `src/server.ts` on `port` without waiting for it (a start that should fail, say). */
export function spawnBackendProcess(port: number, env: Record<string, string>): BackendProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: backendDir,
      env: {
        PATH: process.env.PATH,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_FORMAT: 'json',
        SERVE_FRONTEND: 'false',
        // Parallel test processes would race for the default metrics port; a test that scrapes
        // passes a port of its own.
        METRICS_PORT: 'off',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port,
    baseUrl,
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (exitCode === undefined) child.kill(signal);
      return exited;
    },
  };
}

/** Starts `src/server.ts` on `port` and waits until readiness answers 200. */
export async function startBackendProcess(
  port: number,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<BackendProcess> {
  const running = spawnBackendProcess(port, env);
  let exited = false;
  void running.exited.then(() => (exited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited) {
    try {
      const response = await fetch(`${running.baseUrl}/api/health/ready`);
      await response.body?.cancel();
      if (response.ok) return running;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  running.child.kill('SIGKILL');
  throw new Error(`backend on port ${port} did not become ready:\n${running.output()}`);
}
