// Where the container engines are and whether this machine can run them. The container tests
// skip with one line when something is missing, except in CI, where .ci/run installs them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const containersDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(containersDir, '../..');

/** Podman reads the sandbox settings from here (runc, ulimits); /etc/containers stays as it is. */
export const podmanEnv = {
  ...process.env,
  CONTAINERS_CONF: path.join(containersDir, 'containers.conf'),
};

/**
 * Debian's docker.io client (20.10), which finds the compose v2 plugin that
 * install-engines.sh puts in /usr/local/lib/docker/cli-plugins. A newer `docker` found first on
 * PATH may have no compose plugin, so this path is fixed.
 */
export const dockerClient = '/usr/bin/docker';
export const composePlugin = '/usr/local/lib/docker/cli-plugins/docker-compose';

/** Whether a command is installed (the sbin folders included: dockerd and debootstrap live there). */
function installed(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], {
      env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` },
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** What is missing to build and run containers here, or null when everything is present. */
export function missingEngines(): string | null {
  if (process.getuid?.() !== 0)
    return 'the container tests need root (podman and dockerd run rootful here)';
  const missing = ['podman', 'runc', 'debootstrap', 'dockerd'].filter((tool) => !installed(tool));
  if (!existsSync(dockerClient)) missing.push(dockerClient);
  if (!existsSync(composePlugin)) missing.push('docker compose v2');
  if (missing.length === 0) return null;
  return `${missing.join(', ')} not installed (run infra/containers/install-engines.sh as root)`;
}
