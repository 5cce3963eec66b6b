// The pipeline's rules (workflow-policy.ts) hold for every workflow and composite action, and each
// rule is shown to catch the mistake it exists for on a broken copy of a real file.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../policy/support/tools.js';
import {
  loadActionsFiles,
  withEdit,
  type ActionsFile,
  type Finding,
} from '../../policy/workflows/actions-file.js';
import {
  checkDeployConcurrency,
  checkProductionPromotion,
  checkStagingAfterCi,
} from '../../policy/workflows/deploy-rules.js';
import {
  checkLocalReferences,
  checkTerraformReferences,
} from '../../policy/workflows/local-references.js';
import {
  ALL_RULES,
  checkCheckoutCredentials,
  checkDefaultPermissions,
  checkIdToken,
  checkPinnedActions,
  checkSecretsInScripts,
  checkTimeouts,
} from '../../policy/workflows/workflow-policy.js';

const CI = '.github/workflows/ci.yml';
const STAGING = '.github/workflows/deploy-staging.yml';
const PRODUCTION = '.github/workflows/deploy-production.yml';
const EKS_ACCESS = '.github/actions/eks-access/action.yml';

const files = loadActionsFiles(repoRoot);

/** Asserts a broken copy yields a finding of the rule, in the file, whose message matches. */
function expectFinding(findings: Finding[], file: string, message: RegExp): void {
  expect(findings, JSON.stringify(findings, null, 2)).toContainEqual(
    expect.objectContaining({ file, message: expect.stringMatching(message) }),
  );
}

describe('the workflows and composite actions follow every rule', () => {
  it('covers the whole pipeline', () => {
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        CI,
        STAGING,
        PRODUCTION,
        '.github/workflows/terraform-plan.yml',
        EKS_ACCESS,
      ]),
    );
  });

  it.each(Object.entries(ALL_RULES))('%s', (_rule, check: (f: ActionsFile[]) => Finding[]) => {
    expect(check(files)).toEqual([]);
  });

  it('local-references', () => {
    expect(checkLocalReferences(files, repoRoot)).toEqual([]);
  });

  it('terraform-references', () => {
    expect(checkTerraformReferences(files, repoRoot)).toEqual([]);
  });
});

describe('each rule catches the mistake it exists for', () => {
  it('pinned-actions: a tag instead of a commit, a missing version comment, in an action too', () => {
    const tagged = withEdit(files, CI, (text) =>
      text.replace(
        'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
        'actions/checkout@v5',
      ),
    );
    expectFinding(
      checkPinnedActions(tagged),
      CI,
      /actions\/checkout@v5 is not pinned to a full commit SHA/,
    );

    const uncommented = withEdit(files, CI, (text) => text.replace('# v6.18.0', '# latest'));
    expectFinding(
      checkPinnedActions(uncommented),
      CI,
      /docker\/build-push-action@\w{40} has no "# vX\.Y\.Z" comment/,
    );

    const inAction = withEdit(files, EKS_ACCESS, (text) =>
      text.replace(/configure-aws-credentials@\w{40} # v5\.0\.0/, 'configure-aws-credentials@main'),
    );
    expectFinding(
      checkPinnedActions(inAction),
      EKS_ACCESS,
      /configure-aws-credentials@main is not pinned/,
    );
  });

  it('default-permissions: top-level permissions removed, or widened to write', () => {
    const removed = withEdit(files, CI, (text) =>
      text.replace('permissions:\n  contents: read\n\n', ''),
    );
    expectFinding(checkDefaultPermissions(removed), CI, /no top-level permissions/);

    const widened = withEdit(files, STAGING, (text) =>
      text.replace('permissions:\n  contents: read\n\n', 'permissions:\n  contents: write\n\n'),
    );
    expectFinding(checkDefaultPermissions(widened), STAGING, /grant contents: write/);

    const writeAll = withEdit(files, CI, (text) =>
      text.replace('permissions:\n  contents: read\n\n', 'permissions: write-all\n\n'),
    );
    expectFinding(checkDefaultPermissions(writeAll), CI, /top-level permissions "write-all"/);
  });

  it('id-token: granted to a job without AWS, or missing where a role is assumed', () => {
    const needless = withEdit(files, PRODUCTION, (text) =>
      text.replace(
        '      actions: read # to find the staging run',
        '      id-token: write # to find the staging run',
      ),
    );
    expectFinding(
      checkIdToken(needless),
      PRODUCTION,
      /job resolve may mint OIDC tokens but assumes no AWS role/,
    );

    const missing = withEdit(files, STAGING, (text) =>
      // The build job's grant goes; its configure-aws-credentials step stays.
      text.replace(
        /( {2}build:\n(?:.*\n)*? {4}permissions:\n {6}contents: read\n) {6}id-token: write\n/,
        '$1',
      ),
    );
    expectFinding(
      checkIdToken(missing),
      STAGING,
      /job build assumes an AWS role without permissions: id-token: write/,
    );
  });

  it('timeouts: a job without timeout-minutes', () => {
    const broken = withEdit(files, CI, (text) =>
      text.replace(
        '    name: Code quality\n    runs-on: ubuntu-24.04\n    timeout-minutes: 15\n',
        '    name: Code quality\n    runs-on: ubuntu-24.04\n',
      ),
    );
    expectFinding(checkTimeouts(broken), CI, /job quality has no timeout-minutes/);
  });

  it('secrets-in-scripts: a secret echoed from a run script', () => {
    const broken = withEdit(files, STAGING, (text) =>
      text.replace(
        '      - name: Health checks\n',
        '      - name: Debug\n        run: echo "token ${{ secrets.SLACK_WEBHOOK_URL }}"\n      - name: Health checks\n',
      ),
    );
    expectFinding(
      checkSecretsInScripts(broken),
      STAGING,
      /step "Debug" echoes a secret in its script/,
    );
  });

  it('deploy-concurrency: deploys that may overlap or be cancelled half-way', () => {
    const cancelling = withEdit(files, PRODUCTION, (text) =>
      text.replace(
        '  group: deploy-production\n  cancel-in-progress: false',
        '  group: deploy-production\n  cancel-in-progress: true',
      ),
    );
    expectFinding(
      checkDeployConcurrency(cancelling),
      PRODUCTION,
      /cancel-in-progress must be false/,
    );

    const unkeyed = withEdit(files, STAGING, (text) =>
      text.replace('  group: deploy-staging\n', '  group: deploy-${{ github.run_id }}\n'),
    );
    expectFinding(
      checkDeployConcurrency(unkeyed),
      STAGING,
      /no workflow-level concurrency group keyed by "staging"/,
    );
  });

  it('staging-after-ci: a push trigger that skips CI, or a job that ignores CI failing', () => {
    const onPush = withEdit(files, STAGING, (text) =>
      text.replace('on:\n  workflow_run:', 'on:\n  push:\n    branches: [main]\n  workflow_run:'),
    );
    expectFinding(
      checkStagingAfterCi(onPush),
      STAGING,
      /must start only from workflow_run, not push, workflow_run/,
    );

    const ungated = withEdit(files, STAGING, (text) =>
      text.replace(
        "    if: github.event.workflow_run.conclusion == 'success' && vars.AWS_REGION != ''\n",
        "    if: vars.AWS_REGION != ''\n",
      ),
    );
    expectFinding(
      checkStagingAfterCi(ungated),
      STAGING,
      /job build does not check that CI succeeded/,
    );

    const otherWorkflow = withEdit(files, STAGING, (text) =>
      text.replace('workflows: [CI]', 'workflows: [Lint]'),
    );
    expectFinding(checkStagingAfterCi(otherWorkflow), STAGING, /does not follow the "CI" workflow/);
  });

  it('production-promotion: a rebuild, images not from staging, no approval environment', () => {
    const rebuild = withEdit(files, PRODUCTION, (text) =>
      text.replace(
        '      - name: Migrate the database\n',
        '      - name: Rebuild\n        run: docker build -f backend/Dockerfile .\n      - name: Migrate the database\n',
      ),
    );
    expectFinding(
      checkProductionPromotion(rebuild),
      PRODUCTION,
      /step "Rebuild" builds or pushes an image/,
    );

    const unrecorded = withEdit(files, PRODUCTION, (text) =>
      text.replace('run: npx tsx tools/release-manifest.ts read', 'run: cat'),
    );
    expectFinding(
      checkProductionPromotion(unrecorded),
      PRODUCTION,
      /no step runs tools\/release-manifest\.ts read/,
    );

    const unapproved = withEdit(files, PRODUCTION, (text) =>
      text.replace(
        '    environment:\n      name: production\n',
        '    environment:\n      name: prod-no-review\n',
      ),
    );
    const findings = checkProductionPromotion(unapproved);
    expectFinding(findings, PRODUCTION, /no job runs in the production environment/);
    expectFinding(
      findings,
      PRODUCTION,
      /job deploy reaches AWS outside the production environment/,
    );

    const unkept = withEdit(files, STAGING, (text) =>
      text.replace('name: release-${{ github.event.workflow_run.head_sha }}', 'name: release'),
    );
    expectFinding(
      checkProductionPromotion(unkept),
      STAGING,
      /staging must write release\.json and keep it/,
    );
  });

  it('checkout-credentials: a checkout that leaves its token in .git/config', () => {
    const broken = withEdit(files, CI, (text) =>
      text.replace(
        '        with:\n          persist-credentials: false\n      - uses: ./.github/actions/setup-node-deps\n      - name: Lint',
        '      - uses: ./.github/actions/setup-node-deps\n      - name: Lint',
      ),
    );
    expectFinding(checkCheckoutCredentials(broken), CI, /must set persist-credentials: false/);
  });

  it('local-references: a misspelt input, a missing required input, a missing script', () => {
    const broken = withEdit(files, STAGING, (text) =>
      text
        .replace(
          '          cluster-name: ${{ vars.EKS_CLUSTER_NAME }}\n',
          '          cluster: ${{ vars.EKS_CLUSTER_NAME }}\n',
        )
        .replace('tools/monitor-window.ts', 'tools/monitoring-window.ts'),
    );
    const findings = checkLocalReferences(broken, repoRoot);
    expectFinding(findings, STAGING, /\.\/\.github\/actions\/eks-access has no input "cluster"/);
    expectFinding(
      findings,
      STAGING,
      /\.\/\.github\/actions\/eks-access needs the input "cluster-name"/,
    );
    expectFinding(
      findings,
      STAGING,
      /step runs tools\/monitoring-window\.ts, which does not exist/,
    );

    const misnamed = withEdit(files, CI, (text) =>
      text.replace('run: npm run typecheck', 'run: npm run type-check'),
    );
    expectFinding(
      checkLocalReferences(misnamed, repoRoot),
      CI,
      /step runs npm run type-check, which package\.json does not define/,
    );
  });

  it('terraform-references: a root that is gone, a backend or var file that is not there', () => {
    const PLAN = '.github/workflows/terraform-plan.yml';
    const oldRoots = withEdit(files, CI, (text) =>
      text.replace(
        '[bootstrap, envs/shared, envs/platform]',
        '[bootstrap, envs/shared, envs/staging]',
      ),
    );
    expectFinding(
      checkTerraformReferences(oldRoots, repoRoot),
      CI,
      /works in infra\/terraform\/envs\/staging, which holds no Terraform configuration/,
    );
    const misnamed = withEdit(files, STAGING, (text) =>
      text
        .replace('          environment: staging\n', '          environment: stage\n')
        .replace('-var-file=staging.tfvars -out=tfplan', '-var-file=stage.tfvars -out=tfplan'),
    );
    const findings = checkTerraformReferences(misnamed, repoRoot);
    expectFinding(
      findings,
      STAGING,
      /initialises with infra\/terraform\/envs\/platform\/stage\.s3\.tfbackend, which does not exist/,
    );
    expectFinding(
      findings,
      STAGING,
      /plans with -var-file=stage\.tfvars, which infra\/terraform\/envs\/platform does not hold/,
    );
    const perMatrix = withEdit(files, PLAN, (text) =>
      text.replace('environment: [staging, production]', 'environment: [staging, prod]'),
    );
    const planFindings = checkTerraformReferences(perMatrix, repoRoot);
    expectFinding(planFindings, PLAN, /prod\.s3\.tfbackend, which does not exist/);
    expectFinding(
      planFindings,
      PLAN,
      /-var-file=prod\.tfvars, which infra\/terraform\/envs\/platform does not hold/,
    );
  });
});
