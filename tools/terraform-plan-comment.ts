// Posts a Terraform plan on its pull request as one comment per environment, updated in place
// on every push so the conversation is not buried under old plans.
//
//   terraform-plan-comment --environment staging --plan-file plan.txt --pull-request 42 \
//     --outcome success            (needs GITHUB_TOKEN with pull-requests: write)
import { readFileSync } from 'node:fs';
import { readArgs, runTool, UsageError } from './lib/cli.js';
import { GitHubApi } from './lib/github.js';

const USAGE = `Usage: terraform-plan-comment --environment <name> --plan-file <path> --pull-request <n>
                              [--outcome success|failure]

  --environment <name>   the Terraform environment the plan is for, e.g. staging
  --plan-file <path>     the output of terraform show (plain text)
  --pull-request <n>     the pull request to comment on
  --outcome <result>     success or failure of the plan step (default success)
  -h, --help             show this text`;

/** GitHub refuses comments over 65,536 characters; the plan is cut well below that. */
const MAX_PLAN_CHARS = 60_000;

interface IssueComment {
  id: number;
  body?: string;
  user?: { type?: string } | null;
}

function renderPlanComment(options: {
  environment: string;
  plan: string;
  outcome: 'success' | 'failure';
  commit?: string;
  runUrl?: string;
}): string {
  const marker = `<!-- terraform-plan:${options.environment} -->`;
  const summary =
    /^(?:│\s*)?(Plan: .*|No changes\..*|Error: .*)$/m.exec(options.plan)?.[1] ??
    (options.outcome === 'success' ? 'Plan finished.' : 'Plan failed.');
  const plan =
    options.plan.length > MAX_PLAN_CHARS
      ? `${options.plan.slice(0, MAX_PLAN_CHARS)}\n… cut after ${MAX_PLAN_CHARS} characters: the full plan is in the run log.`
      : options.plan;
  const status = options.outcome === 'success' ? '✅' : '❌';
  const footer = [
    options.commit ? `commit ${options.commit.slice(0, 7)}` : null,
    options.runUrl ? `[run log](${options.runUrl})` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return [
    marker,
    `### ${status} Terraform plan: \`${options.environment}\``,
    '',
    `**${summary.replaceAll('`', "'")}**`,
    '',
    '<details><summary>Show the plan</summary>',
    '',
    '```terraform',
    plan.replaceAll('```', "'''"),
    '```',
    '',
    '</details>',
    '',
    footer,
  ].join('\n');
}

async function upsertComment(
  github: GitHubApi,
  pullRequest: number,
  body: string,
): Promise<string> {
  const marker = body.split('\n', 1)[0] ?? '';
  for (let page = 1; page <= 20; page += 1) {
    const comments = await github.request<IssueComment[]>(
      'GET',
      `/repos/{repo}/issues/${pullRequest}/comments?per_page=100&page=${page}`,
    );
    const mine = comments.find((c) => c.user?.type === 'Bot' && c.body?.startsWith(marker));
    if (mine) {
      await github.request('PATCH', `/repos/{repo}/issues/comments/${mine.id}`, { body });
      return `updated comment ${mine.id}`;
    }
    if (comments.length < 100) break;
  }
  const created = await github.request<IssueComment>(
    'POST',
    `/repos/{repo}/issues/${pullRequest}/comments`,
    { body },
  );
  return `created comment ${created.id}`;
}

interface CommentOptions {
  environment: string;
  planFile: string;
  pullRequest: number;
  outcome: 'success' | 'failure';
}

function readOptions(argv: string[]): CommentOptions {
  const { values } = readArgs(argv, {
    environment: { type: 'string' },
    'plan-file': { type: 'string' },
    'pull-request': { type: 'string' },
    outcome: { type: 'string', default: 'success' },
  });
  const environment = values.environment ?? '';
  if (!/^[a-z][a-z0-9-]*$/.test(environment)) throw new UsageError('give --environment');
  const planFile = values['plan-file'] ?? '';
  if (!planFile) throw new UsageError('give --plan-file');
  const pullRequest = Number(values['pull-request']);
  if (!Number.isInteger(pullRequest) || pullRequest < 1) {
    throw new UsageError('--pull-request must be the pull request number');
  }
  if (values.outcome !== 'success' && values.outcome !== 'failure') {
    throw new UsageError('--outcome must be success or failure');
  }
  return { environment, planFile, pullRequest, outcome: values.outcome };
}

async function run({ environment, planFile, pullRequest, outcome }: CommentOptions) {
  try {
    const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, PLAN_COMMIT } = process.env;
    const body = renderPlanComment({
      environment,
      plan: readFileSync(planFile, 'utf8'),
      outcome,
      commit: PLAN_COMMIT,
      runUrl:
        GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID
          ? `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}`
          : undefined,
    });
    const what = await upsertComment(GitHubApi.fromEnvironment(), pullRequest, body);
    console.log(`Terraform plan for ${environment} on pull request #${pullRequest}: ${what}.`);
    return 0;
  } catch (error) {
    console.error(`terraform-plan-comment FAILED: ${(error as Error).message}`);
    return 1;
  }
}

await runTool({ name: 'terraform-plan-comment', usage: USAGE, parse: readOptions, run });
