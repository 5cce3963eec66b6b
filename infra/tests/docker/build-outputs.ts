// The folders `npm run build` produces, read from each workspace's own build configuration, so a
// Dockerfile may COPY them before they exist (a fresh clone) and the check still knows they are real.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/tools.js';

interface TsConfig {
  extends?: string;
  compilerOptions?: { outDir?: string };
}

/** outDir of a tsconfig, following `extends` (relative paths only, as this repository uses). */
function tsOutDir(configFile: string): string | null {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as TsConfig;
  const outDir = config.compilerOptions?.outDir;
  if (outDir) return path.resolve(path.dirname(configFile), outDir);
  if (config.extends?.startsWith('.')) {
    return tsOutDir(path.resolve(path.dirname(configFile), config.extends));
  }
  return null;
}

/** Repository-relative build output folders: tsc's outDir per workspace, Vite's outDir (default dist). */
export function declaredBuildOutputs(): string[] {
  const outputs: string[] = [];
  for (const workspace of ['packages/contract', 'backend']) {
    const outDir = tsOutDir(path.join(repoRoot, workspace, 'tsconfig.build.json'));
    if (outDir) outputs.push(path.relative(repoRoot, outDir));
  }
  const viteConfig = path.join(repoRoot, 'frontend/vite.config.ts');
  if (existsSync(viteConfig)) {
    const custom = /outDir:\s*['"]([^'"]+)['"]/.exec(readFileSync(viteConfig, 'utf8'));
    outputs.push(path.join('frontend', custom?.[1] ?? 'dist'));
  }
  return outputs;
}
