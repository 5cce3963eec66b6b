// `npm run dev`: the backend in watch mode and the Vite dev server side by side, with prefixed
// output. Ctrl-C stops both. Ports and the proxy target follow the configuration (PORT, HOST, the
// environment and .env), the same the backend reads.
import { spawn, type ChildProcess } from 'node:child_process';
import { loadEnvFile } from '@gv/backend/env-file';
import { DEFAULT_CONSOLE_PORT, devBanner, devSettings } from './dev-settings.js';
import { readArgs, runTool, UsageError } from './lib/cli.js';

const USAGE = `Usage: dev [--console-port <port>]

  Starts the backend in watch mode on PORT (3000 unless the environment or .env says otherwise)
  and the console with hot reload, whose /api goes to that backend; Ctrl-C stops both.
  --console-port <port>  where the console listens (default ${DEFAULT_CONSOLE_PORT})
  -h, --help             show this text`;

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  // Each child leads its own process group, so npm's children (tsx, vite) stop with it.
  for (const child of children) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 2_000).unref();
}

function startAll(options: { consolePort: number }): Promise<number> {
  loadEnvFile();
  const settings = devSettings(process.env, options.consolePort);
  // --silent: a child that fails says why itself; npm's lifecycle lines would only repeat it.
  const processes = [
    { name: 'backend ', colour: 36, args: ['run', '--silent', 'dev', '-w', 'backend'], env: {} },
    {
      name: 'frontend',
      colour: 35,
      // --strictPort: a busy port stops the run instead of moving the console elsewhere unseen.
      args: ['run', '--silent', 'dev', '-w', 'frontend', '--'],
      extra: ['--port', String(options.consolePort), '--strictPort'],
      env: { VITE_BACKEND_URL: settings.proxyTarget },
    },
  ];
  for (const { name, colour, args, extra = [], env } of processes) {
    const child = spawn('npm', [...args, ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
      detached: true,
    });
    const prefix = `\u001b[${colour}m${name}\u001b[0m │ `;
    const forward = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) stream.write(`${prefix}${line}\n`);
    };
    child.stdout.on('data', forward(process.stdout));
    child.stderr.on('data', forward(process.stderr));
    child.on('exit', (code) => {
      if (!stopping) {
        process.stderr.write(
          `${name.trim()} exited with code ${code}; stopping the other process.\n`,
        );
        stopAll(code ?? 1);
      }
    });
    children.push(child);
  }

  process.stdout.write(`${devBanner(settings)}\n`);
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  // The children keep the process alive; stopAll decides the exit code.
  return Promise.resolve(0);
}

function readOptions(argv: string[]): { consolePort: number } {
  const { values, positionals } = readArgs(argv, { 'console-port': { type: 'string' } });
  if (positionals.length > 0)
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const text = values['console-port'] ?? String(DEFAULT_CONSOLE_PORT);
  const consolePort = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(consolePort >= 1 && consolePort <= 65_535)) {
    throw new UsageError(`--console-port must be a port from 1 to 65535 (got "${text}")`);
  }
  return { consolePort };
}

await runTool({ name: 'dev', usage: USAGE, parse: readOptions, run: startAll });
