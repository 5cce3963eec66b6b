// The deploy rules: two deploys to one environment never overlap, staging deploys only what CI
// passed, production promotes the images staging ran behind an approval. Findings, as in
// workflow-policy.ts, which lists these among ALL_RULES.
import {
  type ActionsFile,
  type Mapping,
  assumesAwsRole,
  type Finding,
  type Job,
  fileNamed,
  finding,
  jobsOf,
  stepsOf,
  toJs,
} from './actions-file.js';

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
          `no step runs tools/${command}: the images must come from staging's record`,
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
