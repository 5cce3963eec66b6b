// Dependabot must watch everything that is pinned: npm, the GitHub Actions (workflows and the
// composite actions), the Dockerfiles and every Terraform configuration. A folder it is pointed at
// must exist, and no Dockerfile or Terraform folder may be left out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../policy/support/tools.js';

interface Update {
  'package-ecosystem': string;
  directory?: string;
  directories?: string[];
  schedule?: { interval?: string };
}

/** What each ecosystem looks for in a folder it is pointed at. */
const MANIFEST: Record<string, (dir: string) => boolean> = {
  npm: (dir) => existsSync(path.join(dir, 'package-lock.json')),
  'github-actions': (dir) =>
    existsSync(path.join(dir, '.github/workflows')) || existsSync(path.join(dir, 'action.yml')),
  docker: (dir) => existsSync(path.join(dir, 'Dockerfile')),
  terraform: (dir) => readdirSync(dir).some((name) => name.endsWith('.tf')),
};

/** Expands `/infra/terraform/envs/*` (a trailing `*` only, as used here) to folders. */
function expand(pattern: string): string[] {
  const relative = pattern.replace(/^\//, '');
  if (!relative.endsWith('*')) return [relative];
  const parent = relative.slice(0, -1).replace(/\/$/, '');
  return readdirSync(path.join(repoRoot, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.posix.join(parent, entry.name));
}

function coverage(updates: Update[]): { problems: string[]; covered: Record<string, string[]> } {
  const problems: string[] = [];
  const covered: Record<string, string[]> = {};
  for (const update of updates) {
    const ecosystem = update['package-ecosystem'];
    const patterns = update.directories ?? (update.directory ? [update.directory] : []);
    const folders = patterns.flatMap(expand);
    covered[ecosystem] = [...(covered[ecosystem] ?? []), ...folders];
    if (!update.schedule?.interval) problems.push(`${ecosystem}: no schedule`);
    for (const folder of folders) {
      const absolute = path.join(repoRoot, folder);
      if (!existsSync(absolute)) problems.push(`${ecosystem}: ${folder || '/'} does not exist`);
      else if (!MANIFEST[ecosystem]?.(absolute)) {
        problems.push(`${ecosystem}: ${folder || '/'} has nothing for it to update`);
      }
    }
  }
  return { problems, covered };
}

/** The folders that must be watched, found in the repository itself. */
function expectedFolders(): Record<string, string[]> {
  const hasTerraform = (dir: string) =>
    readdirSync(path.join(repoRoot, dir)).some((name) => name.endsWith('.tf'));
  return {
    npm: ['', 'infra/docker/maildev'],
    'github-actions': ['', ...expand('.github/actions/*')],
    docker: ['backend', 'frontend', 'infra/docker/maildev'].filter((dir) =>
      existsSync(path.join(repoRoot, dir, 'Dockerfile')),
    ),
    terraform: [
      'infra/terraform/bootstrap',
      ...expand('infra/terraform/envs/*'),
      ...expand('infra/terraform/modules/*'),
    ].filter(hasTerraform),
  };
}

const config = parse(readFileSync(path.join(repoRoot, '.github/dependabot.yml'), 'utf8')) as {
  version: number;
  updates: Update[];
};

describe('.github/dependabot.yml', () => {
  it('is version 2 and every folder it names holds something to update', () => {
    expect(config.version).toBe(2);
    expect(coverage(config.updates).problems).toEqual([]);
  });

  it('watches every npm lockfile, action, Dockerfile and Terraform folder', () => {
    const { covered } = coverage(config.updates);
    for (const [ecosystem, folders] of Object.entries(expectedFolders())) {
      expect(folders.length, ecosystem).toBeGreaterThan(0);
      for (const folder of folders) {
        expect(covered[ecosystem] ?? [], `${ecosystem} does not watch ${folder || '/'}`).toContain(
          folder,
        );
      }
    }
  });

  it('notices a dropped ecosystem and a folder that does not exist', () => {
    const broken = config.updates
      .filter((update) => update['package-ecosystem'] !== 'terraform')
      .map((update) =>
        update['package-ecosystem'] === 'docker'
          ? { ...update, directories: ['/backend', '/api'] }
          : update,
      );
    const { problems, covered } = coverage(broken);
    expect(problems).toContain('docker: api does not exist');
    expect(covered.terraform).toBeUndefined();
  });
});
