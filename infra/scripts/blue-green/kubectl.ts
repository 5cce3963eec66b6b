// Everything the blue-green release does to the cluster goes through this interface: kubectl
// commands, and port-forwards to reach the preview Services and Prometheus from outside the
// cluster (port-forwarding is not subject to the namespace's NetworkPolicies).
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

export interface PortForward {
  /** http://127.0.0.1:<local port> */
  url: string;
  close(): Promise<void>;
}

export interface Kubectl {
  /** Runs `kubectl <args>` and returns its standard output; rejects when it exits non-zero. */
  run(args: string[]): Promise<string>;
  /** Forwards a free local port to `target` (e.g. svc/gv-backend-preview) on `remotePort`. */
  portForward(namespace: string, target: string, remotePort: number): Promise<PortForward>;
}

const execFileAsync = promisify(execFile);

/** The real kubectl on PATH (or the given binary), with an optional --context. */
export function systemKubectl(binary = 'kubectl', context?: string): Kubectl {
  const withContext = (args: string[]) => (context ? ['--context', context, ...args] : args);
  return {
    async run(args) {
      try {
        const { stdout } = await execFileAsync(binary, withContext(args), {
          maxBuffer: 16 * 1024 * 1024,
        });
        return stdout;
      } catch (error) {
        const failure = error as { stderr?: string; message: string };
        throw new Error(
          `kubectl ${args.join(' ')} failed: ${(failure.stderr ?? failure.message).trim()}`,
        );
      }
    },
    portForward(namespace, target, remotePort) {
      const args = withContext([
        '-n',
        namespace,
        'port-forward',
        target,
        `:${remotePort}`,
        '--address',
        '127.0.0.1',
      ]);
      const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      return new Promise<PortForward>((resolve, reject) => {
        let errorOutput = '';
        const timer = setTimeout(() => {
          child.kill();
          reject(
            new Error(
              `kubectl port-forward ${target} did not start within 20s: ${errorOutput.trim()}`,
            ),
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
    },
  };
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
