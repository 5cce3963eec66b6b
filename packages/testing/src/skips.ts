// Tests that need something a machine may lack (a system tool, PostgreSQL or Redis, a build) skip
// with the reason where it is missing. Not in CI: .ci/run installs and starts all of it, so a skip
// there means a check that silently stopped running, and it fails the run instead. The causes no
// install step can remove are listed in SKIPS_ALLOWED_IN_CI; each call that may skip in CI names one.
import { execFileSync } from 'node:child_process';

export const SKIPS_ALLOWED_IN_CI = {
  /** The npm registry this machine reaches answers 405 to npm's bulk advisory (audit) endpoint. */
  'registry-without-audit': 'the registry does not offer the audit endpoint',
  /**
   * The run leaves a service out on purpose by setting its variable to an empty string, as
   * .ci/run's second backend pass does to run on the embedded database and in-process stores.
   */
  'service-left-out': 'this run leaves the service out on purpose',
} as const;

export type AllowedSkip = keyof typeof SKIPS_ALLOWED_IN_CI;

/** CI=true (or any value but "false" and "0"), as CI services and .ci/run set it. */
export function inCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

/**
 * For `describe.skipIf(...)`, `it.skipIf(...)` and `context.skip(...)`: returns the reason (and
 * prints it once, so a skip is never mistaken for a pass), or null when there is none. In CI a
 * reason that is not allowed there throws, which fails the test file instead of skipping it.
 */
export function skipReason(
  reason: string | null | undefined,
  allowedInCi?: AllowedSkip,
): string | null {
  if (!reason) return null;
  if (inCi() && !allowedInCi) {
    throw new Error(
      `CI must run this test, but it would skip: ${reason}. ` +
        'Install or start what it needs in .ci/run; only the causes in SKIPS_ALLOWED_IN_CI ' +
        '(packages/testing/src/skips.ts) may skip in CI.',
    );
  }
  console.warn(
    `SKIP: ${reason}${allowedInCi ? ` (allowed in CI: ${SKIPS_ALLOWED_IN_CI[allowedInCi]})` : ''}`,
  );
  return reason;
}

// Daemons live in the sbin folders, which a non-root PATH often lacks.
const PATH_EXTRA = ['/usr/sbin', '/sbin', '/usr/local/sbin', '/usr/local/bin'];

/** The absolute path of a command on PATH (or the sbin folders), or null when it is not installed. */
export function findTool(name: string): string | null {
  const searchPath = [process.env.PATH ?? '', ...PATH_EXTRA].join(':');
  try {
    const found = execFileSync('sh', ['-c', 'command -v "$0"', name], {
      env: { ...process.env, PATH: searchPath },
      encoding: 'utf8',
    }).trim();
    return found || null;
  } catch {
    return null;
  }
}

/** Why the checks that need the command `name` cannot run here, or null when they can. */
export function missingTool(name: string, installHint: string): string | null {
  if (findTool(name)) return null;
  return skipReason(`${name} is not installed (${installHint})`);
}

/**
 * Why a test that needs the service behind `variable` cannot run here, or null when it can. An
 * empty value (rather than none) says the run leaves the service out on purpose.
 */
export function missingService(
  variable: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL',
  why?: string,
): string | null {
  const value = process.env[variable];
  if (value) return null;
  return skipReason(
    `${variable} is not set${why ? ` (${why})` : ''}`,
    value === '' ? 'service-left-out' : undefined,
  );
}
