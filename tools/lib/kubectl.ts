// The one way the tools reach a cluster: kubectl as a child process. `KUBECTL` names another
// binary (the tests use a recording stand-in). Two shapes over the same process handling:
// functions that echo each command (rollout), and the `Kubectl` interface (blue-green release),
// which a test can replace with a cluster in memory and which also opens port-forwards.
import { spawn } from 'node:child_process';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface KubectlCall {
  /** Text for stdin, e.g. manifests for `apply -f -`. */
  input?: string;
  /** Print the command and pretend it succeeded, without running it. */
  dryRun?: boolean;
  /** Stream output to the console as it arrives (long waits, logs). */
  stream?: boolean;
  /** Do not echo the command (for lookups whose output is the point). */
  quiet?: boolean;
}

export class KubectlFailed extends Error {
  override name = 'KubectlFailed';
  constructor(
    readonly args: string[],
    readonly result: KubectlResult,
  ) {
    const detail = (result.stderr || result.stdout).trim().split('\n').slice(-3).join(' / ');
    super(`kubectl ${args.join(' ')} exited ${result.code}${detail ? `: ${detail}` : ''}`);
  }
}

const binary = () => process.env.KUBECTL ?? 'kubectl';

/** Starts kubectl; `kill` stops it (used when racing two waits). */
export function startKubectl(
  args: string[],
  call: KubectlCall = {},
): { done: Promise<KubectlResult>; kill: () => void } {
  if (!call.quiet || call.dryRun) console.log(`$ kubectl ${args.join(' ')}`);
  if (call.dryRun)
    return { done: Promise.resolve({ code: 0, stdout: '', stderr: '' }), kill: () => {} };
  const child = spawn(binary(), args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (call.stream) process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (call.stream) process.stderr.write(chunk);
  });
  child.stdin.end(call.input ?? '');
  const done = new Promise<KubectlResult>((resolve) => {
    child.on('error', (error) =>
      resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` }),
    );
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 143 : 1), stdout, stderr }),
    );
  });
  return { done, kill: () => child.kill('SIGTERM') };
}

/** Runs kubectl and returns its result, whatever the exit code. */
export function runKubectl(args: string[], call: KubectlCall = {}): Promise<KubectlResult> {
  return startKubectl(args, call).done;
}

/** Runs kubectl and throws `KubectlFailed` unless it exits 0. */
export async function kubectl(args: string[], call: KubectlCall = {}): Promise<string> {
  const result = await runKubectl(args, call);
  if (result.code !== 0) throw new KubectlFailed(args, result);
  return result.stdout;
}

/** `kubectl` seconds for a `--timeout=` flag: whole seconds, rounded up. */
export const kubectlSeconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1_000))}s`;

export interface PortForward {
  /** http://127.0.0.1:<local port> */
  url: string;
  close(): Promise<void>;
}

/** A cluster as the blue-green release sees it; port-forwards are not subject to NetworkPolicies. */
export interface Kubectl {
  /** Runs `kubectl <args>` and returns its standard output; rejects when it exits non-zero. */
  run(args: string[]): Promise<string>;
  /** Forwards a free local port to `target` (e.g. svc/gv-backend-preview) on `remotePort`. */
  portForward(namespace: string, target: string, remotePort: number): Promise<PortForward>;
}

/** The real kubectl, with an optional --context. */
export function systemKubectl(context?: string): Kubectl {
  const withContext = (args: string[]) => (context ? ['--context', context, ...args] : args);
  return {
    run: (args) => kubectl(withContext(args), { quiet: true }),
    portForward: (namespace, target, remotePort) =>
      startPortForward(
        withContext(['-n', namespace, 'port-forward', target, `:${remotePort}`]),
        target,
      ),
  };
}

function startPortForward(args: string[], target: string): Promise<PortForward> {
  const child = spawn(binary(), [...args, '--address', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<PortForward>((resolve, reject) => {
    let errorOutput = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(
        new Error(`kubectl port-forward ${target} did not start within 20s: ${errorOutput.trim()}`),
      );
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => (errorOutput += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const port = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(chunk.toString())?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`kubectl port-forward ${target} exited with ${code}: ${errorOutput.trim()}`),
      );
    });
  });
}

/** Shell-style rendering of a command, for the log. */
export function describeCommand(args: string[]): string {
  const quote = (arg: string) =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
  return ['kubectl', ...args].map(quote).join(' ');
}

/** Prints every command before it runs. */
export function loggingKubectl(inner: Kubectl, log: (line: string) => void): Kubectl {
  return {
    run(args) {
      log(`  $ ${describeCommand(args)}`);
      return inner.run(args);
    },
    portForward(namespace, target, remotePort) {
      log(`  $ ${describeCommand(['-n', namespace, 'port-forward', target, `:${remotePort}`])}`);
      return inner.portForward(namespace, target, remotePort);
    },
  };
}

/**
 * Runs nothing. Reading the live track answers `assumedLiveTrack`; everything else answers empty.
 * Used by --dry-run, which prints the complete command sequence of a release.
 */
export function dryRunKubectl(assumedLiveTrack: string): Kubectl {
  return {
    async run(args) {
      return args.includes('get') && args.includes('service') ? assumedLiveTrack : '';
    },
    async portForward() {
      return { url: 'http://127.0.0.1:0', close: async () => {} };
    },
  };
}
