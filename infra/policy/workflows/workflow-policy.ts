// The rules every GitHub Actions file in this repository follows, as functions that return
// findings. policy.test.ts runs them on the real files (no findings allowed) and on broken
// copies (each rule must speak up), so a rule that cannot fail is noticed.
import { isScalar, visit } from 'yaml';
import {
  type ActionsFile,
  type Finding,
  finding,
  jobsOf,
  stepsOf,
  toJs,
  assumesAwsRole,
} from './actions-file.js';
import {
  checkDeployConcurrency,
  checkProductionPromotion,
  checkStagingAfterCi,
} from './deploy-rules.js';

// ── Rules ──────────────────────────────────────────────────────────────────────────────────

const FULL_SHA = /^[^@\s]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^\s*v\d+\.\d+\.\d+\b/;

/**
 * A tag can be moved to other code; a commit cannot. Every third-party action is referenced by a
 * full commit SHA with its release in a comment (`# v5.0.0`) so that reviews and Dependabot can
 * read it. Local actions (`./`) and `docker://` images are not GitHub actions and are exempt.
 */
export function checkPinnedActions(files: ActionsFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    visit(file.document, {
      Pair(_, pair) {
        if (!isScalar(pair.key) || pair.key.value !== 'uses' || !isScalar(pair.value)) return;
        const reference = String(pair.value.value);
        if (reference.startsWith('./') || reference.startsWith('docker://')) return;
        const line = file.lines.linePos(pair.value.range?.[0] ?? 0).line;
        if (!FULL_SHA.test(reference)) {
          findings.push(
            finding(
              file,
              'pinned-actions',
              `line ${line}: ${reference} is not pinned to a full commit SHA`,
            ),
          );
        } else if (!VERSION_COMMENT.test(pair.value.comment ?? '')) {
          findings.push(
            finding(
              file,
              'pinned-actions',
              `line ${line}: ${reference} has no "# vX.Y.Z" comment naming its release`,
            ),
          );
        }
      },
    });
  }
  return findings;
}

/** The GITHUB_TOKEN starts read-only for the whole workflow; jobs ask for more themselves. */
export function checkDefaultPermissions(files: ActionsFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files.filter((f) => f.kind === 'workflow')) {
    const permissions = toJs(file).permissions;
    if (permissions === undefined) {
      findings.push(
        finding(
          file,
          'default-permissions',
          'no top-level permissions: the token would get the repository default (possibly write-all)',
        ),
      );
      continue;
    }
    if (
      typeof permissions === 'string' ||
      typeof permissions !== 'object' ||
      permissions === null
    ) {
      findings.push(
        finding(
          file,
          'default-permissions',
          `top-level permissions "${String(permissions)}": use contents: read or {}`,
        ),
      );
      continue;
    }
    for (const [scope, level] of Object.entries(permissions)) {
      if (level !== 'read' && level !== 'none') {
        findings.push(
          finding(
            file,
            'default-permissions',
            `top-level permissions grant ${scope}: ${String(level)}; grant it in the job that needs it`,
          ),
        );
      }
    }
    for (const [id, job] of jobsOf(file)) {
      if (typeof job.permissions === 'string') {
        findings.push(
          finding(
            file,
            'default-permissions',
            `job ${id} uses permissions: ${job.permissions}; list the scopes it needs`,
          ),
        );
      }
    }
  }
  return findings;
}

/**
 * `id-token: write` lets a job mint OIDC tokens; only jobs that exchange one for an AWS role get
 * it, and every such job must have it (the exchange fails without).
 */
export function checkIdToken(files: ActionsFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files.filter((f) => f.kind === 'workflow')) {
    for (const [id, job] of jobsOf(file)) {
      const grants =
        typeof job.permissions === 'object' && job.permissions?.['id-token'] === 'write';
      const assumes = (job.steps ?? []).some((step) => assumesAwsRole(step, files));
      if (grants && !assumes) {
        findings.push(
          finding(file, 'id-token', `job ${id} may mint OIDC tokens but assumes no AWS role`),
        );
      }
      if (assumes && !grants) {
        findings.push(
          finding(
            file,
            'id-token',
            `job ${id} assumes an AWS role without permissions: id-token: write`,
          ),
        );
      }
    }
  }
  return findings;
}

/** A hung job otherwise holds a runner (and a deploy lock) for six hours. */
export function checkTimeouts(files: ActionsFile[]): Finding[] {
  return files
    .filter((f) => f.kind === 'workflow')
    .flatMap((file) =>
      jobsOf(file)
        .filter(([, job]) => !job.uses && !(Number(job['timeout-minutes']) > 0))
        .map(([id]) => finding(file, 'timeouts', `job ${id} has no timeout-minutes`)),
    );
}

/**
 * Secrets reach scripts through `env:`, never as `${{ secrets.* }}` inside `run:`: an expression
 * is pasted into the script text before it runs, so an `echo` prints it and quoting cannot help.
 */
export function checkSecretsInScripts(files: ActionsFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    for (const step of stepsOf(file)) {
      for (const line of (step.run ?? '').split('\n')) {
        if (/\$\{\{[^}]*\bsecrets\./.test(line)) {
          const what = /\becho\b|\bprintf\b/.test(line) ? 'echoes' : 'pastes';
          findings.push(
            finding(
              file,
              'secrets-in-scripts',
              `step "${step.name ?? step.run?.slice(0, 30)}" ${what} a secret in its script: ${line.trim()}`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

/** Checkouts keep no token in .git/config, where later steps (and uploaded artifacts) could read it. */
export function checkCheckoutCredentials(files: ActionsFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    for (const step of stepsOf(file)) {
      if (
        (step.uses ?? '').startsWith('actions/checkout@') &&
        step.with?.['persist-credentials'] !== false
      ) {
        findings.push(
          finding(
            file,
            'checkout-credentials',
            `step "${step.name ?? 'checkout'}" must set persist-credentials: false`,
          ),
        );
      }
    }
  }
  return findings;
}

export const ALL_RULES = {
  'pinned-actions': checkPinnedActions,
  'default-permissions': checkDefaultPermissions,
  'id-token': checkIdToken,
  timeouts: checkTimeouts,
  'secrets-in-scripts': checkSecretsInScripts,
  'deploy-concurrency': checkDeployConcurrency,
  'staging-after-ci': checkStagingAfterCi,
  'production-promotion': checkProductionPromotion,
  'checkout-credentials': checkCheckoutCredentials,
} as const;
