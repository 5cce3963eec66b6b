// The two images this repository builds, the base images they and compose.yaml need, and the
// podman calls that make them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { run } from './commands.js';
import { containersDir, podmanEnv, repoRoot } from './engines.js';

export interface BuiltImage {
  name: 'backend' | 'frontend';
  dockerfile: string;
  /** Fully qualified, so podman and docker store it under the name compose.yaml uses. */
  ref: string;
}

export const builtImages: BuiltImage[] = [
  {
    name: 'backend',
    dockerfile: 'backend/Dockerfile',
    ref: 'docker.io/library/gv-playground-backend:local',
  },
  {
    name: 'frontend',
    dockerfile: 'frontend/Dockerfile',
    ref: 'docker.io/library/gv-playground-frontend:local',
  },
];

/** Services of the monitoring profile that have no stand-in (Grafana is not packaged by Debian). */
export const servicesWithoutStandIn = ['grafana'];

/** The images the FROM lines of a Dockerfile pull (earlier stages are not images). */
export function dockerfileBases(dockerfile: string): string[] {
  const stages: string[] = [];
  const bases: string[] = [];
  for (const line of readFileSync(path.join(repoRoot, dockerfile), 'utf8').split('\n')) {
    const match = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line.trim());
    if (!match) continue;
    const [, image, stage] = match as unknown as [string, string, string | undefined];
    if (!stages.includes(image) && !bases.includes(image)) bases.push(image);
    if (stage) stages.push(stage);
  }
  return bases;
}

/** The images compose.yaml pulls for every service that has a stand-in. */
export function composeBases(): string[] {
  const compose = parse(readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, { image?: string; build?: unknown }> };
  return Object.entries(compose.services)
    .filter(([name, service]) => !service.build && !servicesWithoutStandIn.includes(name))
    .map(([, service]) => service.image as string);
}

/** Makes (or reuses) the stand-ins for these references: see standins/make-standins.sh. */
export async function makeStandins(refs: string[]): Promise<string> {
  const result = await run(path.join(containersDir, 'standins/make-standins.sh'), refs, {
    env: podmanEnv,
    timeoutMs: 30 * 60_000,
  });
  return result.stdout;
}

/** `podman build` of one image from the repository root, as docs/containers.md describes. */
export async function buildImage(image: BuiltImage, logFile: string): Promise<void> {
  await run(
    'podman',
    [
      'build',
      '--format=docker',
      '--pull=never',
      // npm ci in the build stages reaches the registry through the machine's own network.
      '--network=host',
      '--file',
      image.dockerfile,
      '--tag',
      image.ref,
      '.',
    ],
    { cwd: repoRoot, env: podmanEnv, logFile, timeoutMs: 20 * 60_000 },
  );
}

export async function podman(
  args: string[],
  options: { allowFailure?: boolean; timeoutMs?: number } = {},
) {
  return run('podman', args, { env: podmanEnv, ...options });
}

/** Size of an image in bytes, as `podman images` reports it. */
export async function imageSize(ref: string): Promise<number> {
  const { stdout } = await podman(['image', 'inspect', '--format', '{{.Size}}', ref]);
  return Number(stdout.trim());
}

/** Image sizes the built images may grow to (docs/containers.md, "Image size budget"). */
export function sizeBudgets(): Record<
  BuiltImage['name'],
  { measuredBytes: number; allowedGrowth: number }
> {
  return JSON.parse(readFileSync(path.join(containersDir, 'image-sizes.json'), 'utf8'));
}

/** The full reference engines store an image under: node:22 → docker.io/library/node:22. */
export function qualify(ref: string): string {
  const [first, ...rest] = ref.split('/');
  if (rest.length === 0) return `docker.io/library/${ref}`;
  if (first?.includes('.') || first?.includes(':') || first === 'localhost') return ref;
  return `docker.io/${ref}`;
}
