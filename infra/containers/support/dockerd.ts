// A private Docker daemon for the compose tests: its own data root (kept between runs, so loaded
// images are reused), its own sockets and run directory (removed afterwards), no default bridge,
// and no iptables, NAT or IP forwarding, so containers reach nothing outside this machine. It is
// stopped by its PID; nothing else on the machine is touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { run, waitFor } from './commands.js';
import { dockerClient, podmanEnv } from './engines.js';

export interface Dockerd {
  /** Environment for the docker client: DOCKER_HOST and a private client configuration. */
  env: NodeJS.ProcessEnv;
  docker(
    args: string[],
    options?: { allowFailure?: boolean; timeoutMs?: number; cwd?: string },
  ): ReturnType<typeof run>;
  log(): string;
  stop(): Promise<void>;
}

const DATA_ROOT = process.env.GV_DOCKERD_DATA_ROOT ?? '/var/lib/gv-playground/dockerd';

export async function startDockerd(): Promise<Dockerd> {
  mkdirSync(DATA_ROOT, { recursive: true });
  // Short path: containerd's socket lives below it and unix socket paths are limited to 108 bytes.
  const runDir = mkdtempSync('/tmp/gv-dockerd-');
  const socket = path.join(runDir, 'docker.sock');
  const logFile = path.join(runDir, 'dockerd.log');
  const logFd = openSync(logFile, 'a');
  const daemon: ChildProcess = spawn(
    'dockerd',
    [
      `--data-root=${DATA_ROOT}`,
      `--exec-root=${path.join(runDir, 'exec')}`,
      `--pidfile=${path.join(runDir, 'dockerd.pid')}`,
      `--host=unix://${socket}`,
      '--default-ulimit=nofile=20000:20000',
      '--bridge=none',
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      // Compose networks get addresses from here: a range the machine's interfaces do not use.
      '--default-address-pool=base=10.213.0.0/16,size=24',
    ],
    { stdio: ['ignore', logFd, logFd] },
  );
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DOCKER_HOST: `unix://${socket}`,
    DOCKER_CONFIG: path.join(runDir, 'client'),
  };
  const docker: Dockerd['docker'] = (args, options = {}) =>
    run(dockerClient, args, { env, timeoutMs: 10 * 60_000, ...options });
  const log = () => readFileSync(logFile, 'utf8');
  const stop = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      const exited = new Promise((resolve) => daemon.once('exit', resolve));
      daemon.kill('SIGTERM');
      const timer = setTimeout(() => daemon.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(runDir, { recursive: true, force: true });
  };
  try {
    await waitFor('dockerd answers', async () => {
      if (daemon.exitCode !== null) throw new Error(`dockerd exited:\n${log().slice(-2000)}`);
      const { code } = await docker(['version'], { allowFailure: true, timeoutMs: 5_000 });
      return code === 0 ? true : undefined;
    });
    // Everything in this daemon belongs to these tests: containers a killed earlier run left
    // behind would otherwise be restarted by their restart policy.
    const { stdout } = await docker(['ps', '--all', '--quiet']);
    const leftovers = stdout.split('\n').filter(Boolean);
    if (leftovers.length > 0) await docker(['rm', '--force', '--volumes', ...leftovers]);
    await docker(['volume', 'prune', '--force']);
    await docker(['network', 'prune', '--force']);
  } catch (error) {
    await stop();
    throw error;
  }
  return { env, docker, log, stop };
}

/** Copies images from podman into the daemon, skipping those it already holds unchanged. */
export async function loadImages(dockerd: Dockerd, refs: string[]): Promise<string[]> {
  const stale: string[] = [];
  for (const ref of refs) {
    const inPodman = await run('podman', ['image', 'inspect', '--format', '{{.Id}}', ref], {
      env: podmanEnv,
    });
    const inDocker = await dockerd.docker(['image', 'inspect', '--format', '{{.Id}}', ref], {
      allowFailure: true,
    });
    if (inDocker.stdout.trim().replace(/^sha256:/, '') !== inPodman.stdout.trim()) stale.push(ref);
  }
  if (stale.length === 0) return [];
  const save = spawn(
    'podman',
    ['save', '--format=docker-archive', '--multi-image-archive', ...stale],
    { env: podmanEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const load = spawn(dockerClient, ['load', '--quiet'], {
    env: dockerd.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  save.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  load.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  save.stdout.pipe(load.stdin);
  const closed = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const [saveCode, loadCode] = await Promise.all([closed(save), closed(load)]);
  if (saveCode !== 0 || loadCode !== 0) {
    throw new Error(`podman save | docker load failed (${saveCode}/${loadCode}):\n${errors}`);
  }
  return stale;
}
