// `npm run dev`: the backend in watch mode and the Vite dev server side by side, with prefixed
// output. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';
import { readArgs, runTool, UsageError } from './lib/cli.js';

const USAGE = `Usage: dev

  Starts the backend (watch mode, http://localhost:3000) and the console with hot reload
  (http://localhost:5173); Ctrl-C stops both.
  -h, --help   show this text`;

const processes: Array<{ name: string; colour: number; args: string[] }> = [
  { name: 'backend ', colour: 36, args: ['run', 'dev', '-w', 'backend'] },
  { name: 'frontend', colour: 35, args: ['run', 'dev', '-w', 'frontend'] },
];

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

function startAll(): Promise<number> {
  for (const { name, colour, args } of processes) {
    const child = spawn('npm', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
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

  process.stdout.write(
    'API on http://localhost:3000, the console with hot reload on http://localhost:5173\n',
  );
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  // The children keep the process alive; stopAll decides the exit code.
  return Promise.resolve(0);
}

function readOptions(argv: string[]): null {
  const { positionals } = readArgs(argv, {});
  if (positionals.length > 0)
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  return null;
}

await runTool({ name: 'dev', usage: USAGE, parse: readOptions, run: startAll });
