// Runs kubectl, printing each command first so a deploy log shows exactly what was done.
// `KUBECTL` names another binary (the tests use a recording stand-in).
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
