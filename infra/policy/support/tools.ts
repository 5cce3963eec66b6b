// Finds the system tools the infrastructure checks use, so a missing one skips with a reason.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const PATH_EXTRA = ['/usr/sbin', '/sbin', '/usr/local/sbin', '/usr/local/bin'];

/** The absolute path of a command on PATH (or the sbin folders), or null when it is not installed. */
export function findTool(name: string): string | null {
  const searchPath = [process.env.PATH ?? '', ...PATH_EXTRA].join(':');
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], {
      env: { ...process.env, PATH: searchPath },
      encoding: 'utf8',
    }).trim();
    return found || null;
  } catch {
    return null;
  }
}

/**
 * For `describe.skipIf(...)`: returns a one-line reason when the tool is missing, printed once,
 * so a skipped check is never mistaken for a passing one.
 */
export function missingTool(name: string, installHint: string): string | null {
  if (findTool(name)) return null;
  const reason = `${name} is not installed (${installHint}); skipping the checks that need it`;
  console.warn(`SKIP: ${reason}`);
  return reason;
}
