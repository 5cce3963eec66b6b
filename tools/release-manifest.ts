// The hand-over from staging to production: after staging verified a commit, it records the
// exact image digests it ran (release.json, kept as the artifact `release-<commit>`); the
// production workflow finds that record and deploys those digests, never a rebuild.
//
//   release-manifest write --commit <sha> --backend-image <ref@sha256:…> --frontend-image <…>
//   release-manifest find  --commit <sha>     (sets the output run-id; needs GITHUB_TOKEN)
//   release-manifest read  --commit <sha> [--file release.json]   (sets backend-image, frontend-image)
import { readFileSync, writeFileSync } from 'node:fs';
import { readArgs, runTool, UsageError } from './lib/cli.js';
import { appendSummary, GitHubApi, setOutput } from './lib/github.js';

const USAGE = `Usage: release-manifest <write|find|read> --commit <sha> [options]

  write   record the images staging verified: --backend-image, --frontend-image
  find    find the successful staging run that recorded this commit (output run-id)
  read    check a downloaded record and set the outputs backend-image, frontend-image

  --commit <sha>          the full 40-character commit
  --file <path>           the record (default release.json)
  --backend-image <ref>   registry/gv-playground-backend@sha256:…   (write)
  --frontend-image <ref>  registry/gv-playground-frontend@sha256:…  (write)
  --workflow <file>       staging workflow file (default deploy-staging.yml)       (find)
  --branch <name>         branch staging deploys from (default main)                (find)
  -h, --help              show this text`;

const STAGING_WORKFLOW = 'deploy-staging.yml';

interface ReleaseRecord {
  commit: string;
  images: { backend: string; frontend: string };
  verifiedAt: string;
  stagingRun: string | null;
}

const artifactName = (commit: string) => `release-${commit}`;

const COMMIT = /^[0-9a-f]{40}$/;
/** registry/name@sha256:<64 hex>: a digest, never a tag, so what runs is what was tested. */
const IMAGE_BY_DIGEST =
  /^[a-z0-9.-]+(?::\d+)?\/(?:[a-z0-9._-]+\/)*([a-z0-9._-]+)@sha256:[0-9a-f]{64}$/;

function checkImage(reference: string, app: 'backend' | 'frontend'): string {
  const match = IMAGE_BY_DIGEST.exec(reference);
  if (!match) {
    throw new Error(`${app} image "${reference}" is not registry/repository@sha256:<digest>`);
  }
  if (match[1] !== `gv-playground-${app}`) {
    throw new Error(`${app} image "${reference}" is not from the gv-playground-${app} repository`);
  }
  return reference;
}

function checkRecord(value: unknown, commit: string): ReleaseRecord {
  const record = value as Partial<ReleaseRecord>;
  if (record.commit !== commit) {
    throw new Error(`the record is for commit ${String(record.commit)}, not ${commit}`);
  }
  return {
    commit,
    images: {
      backend: checkImage(String(record.images?.backend), 'backend'),
      frontend: checkImage(String(record.images?.frontend), 'frontend'),
    },
    verifiedAt: String(record.verifiedAt),
    stagingRun: record.stagingRun ?? null,
  };
}

interface Artifact {
  id: number;
  name: string;
  expired: boolean;
  created_at: string;
  workflow_run?: { id: number } | null;
}

interface WorkflowRun {
  id: number;
  path: string;
  event: string;
  conclusion: string | null;
  head_branch: string | null;
  html_url: string;
  head_repository?: { full_name: string } | null;
}

/**
 * The newest run that recorded this commit and can be trusted: the staging workflow, started by
 * CI on the deploy branch of this repository, finished successfully. Artifacts of the same name
 * from any other run (a pull request can upload one) are ignored.
 */
async function findStagingRun(
  github: GitHubApi,
  commit: string,
  workflow: string,
  branch: string,
): Promise<WorkflowRun> {
  const { artifacts } = await github.request<{ artifacts: Artifact[] }>(
    'GET',
    `/repos/{repo}/actions/artifacts?name=${artifactName(commit)}&per_page=100`,
  );
  const candidates = artifacts
    .filter((artifact) => artifact.name === artifactName(commit) && artifact.workflow_run)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const rejected: string[] = [];
  for (const artifact of candidates) {
    if (artifact.expired) {
      rejected.push(`run ${artifact.workflow_run?.id}: its record has expired`);
      continue;
    }
    const run = await github.request<WorkflowRun>(
      'GET',
      `/repos/{repo}/actions/runs/${artifact.workflow_run?.id}`,
    );
    const file = run.path.replace(/@.*$/, '');
    const problems = [
      file.endsWith(`.github/workflows/${workflow}`) ? null : `it ran ${file}`,
      run.event === 'workflow_run' ? null : `it was started by ${run.event}`,
      run.head_branch === branch ? null : `it ran on ${run.head_branch ?? 'no branch'}`,
      run.head_repository && run.head_repository.full_name !== github.repository
        ? `it ran for ${run.head_repository.full_name}`
        : null,
      run.conclusion === 'success' ? null : `it ended ${run.conclusion ?? 'unfinished'}`,
    ].filter(Boolean);
    if (problems.length === 0) return run;
    rejected.push(`run ${run.id}: ${problems.join(', ')}`);
  }
  throw new Error(
    `commit ${commit} has no verified staging release` +
      (rejected.length ? ` (${rejected.join('; ')})` : '') +
      `. Merge it to ${branch} and let staging pass first.`,
  );
}

interface ManifestOptions {
  command: 'write' | 'find' | 'read';
  commit: string;
  file: string;
  backendImage: string;
  frontendImage: string;
  workflow: string;
  branch: string;
}

function readOptions(argv: string[]): ManifestOptions {
  const { values, positionals } = readArgs(argv, {
    commit: { type: 'string' },
    file: { type: 'string', default: 'release.json' },
    'backend-image': { type: 'string' },
    'frontend-image': { type: 'string' },
    workflow: { type: 'string', default: STAGING_WORKFLOW },
    branch: { type: 'string', default: 'main' },
  });
  const [command] = positionals;
  if (command !== 'write' && command !== 'find' && command !== 'read') {
    throw new UsageError('say what to do: write, find or read');
  }
  const commit = values.commit ?? '';
  if (!COMMIT.test(commit)) {
    throw new UsageError(`--commit must be a full 40-character commit SHA (got "${commit}")`);
  }
  return {
    command,
    commit,
    file: values.file,
    backendImage: values['backend-image'] ?? '',
    frontendImage: values['frontend-image'] ?? '',
    workflow: values.workflow,
    branch: values.branch,
  };
}

async function run(options: ManifestOptions): Promise<number> {
  const { command, commit, file } = options;
  try {
    if (command === 'write') {
      const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
      const record: ReleaseRecord = {
        commit,
        images: {
          backend: checkImage(options.backendImage, 'backend'),
          frontend: checkImage(options.frontendImage, 'frontend'),
        },
        verifiedAt: new Date().toISOString(),
        stagingRun:
          GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
            ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
            : null,
      };
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`Recorded the verified images of ${commit} in ${file}:`);
      console.log(`  backend  ${record.images.backend}\n  frontend ${record.images.frontend}`);
      return 0;
    }

    if (command === 'find') {
      const github = GitHubApi.fromEnvironment();
      const run = await findStagingRun(github, commit, options.workflow, options.branch);
      console.log(`Commit ${commit} passed staging in ${run.html_url}`);
      setOutput('run-id', String(run.id));
      setOutput('run-url', run.html_url);
      return 0;
    }

    const record = checkRecord(JSON.parse(readFileSync(file, 'utf8')), commit);
    console.log(`Images verified by staging for ${commit}:`);
    console.log(`  backend  ${record.images.backend}\n  frontend ${record.images.frontend}`);
    setOutput('backend-image', record.images.backend);
    setOutput('frontend-image', record.images.frontend);
    appendSummary(
      [
        `### Release candidate ${commit.slice(0, 7)}`,
        '',
        '| app | image (verified on staging) |',
        '| --- | --- |',
        `| backend | \`${record.images.backend}\` |`,
        `| frontend | \`${record.images.frontend}\` |`,
        '',
        `Verified ${record.verifiedAt}${record.stagingRun ? ` in ${record.stagingRun}` : ''}.`,
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    console.error(`release-manifest ${command} FAILED: ${(error as Error).message}`);
    return 1;
  }
}

await runTool({ name: 'release-manifest', usage: USAGE, parse: readOptions, run });
