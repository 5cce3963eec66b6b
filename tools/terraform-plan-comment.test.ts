// A pull request shows one Terraform plan comment per environment, refreshed in place on each
// push. GitHub's API is replaced by a local server; the script runs unchanged.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBody, runTool, startServer, type TestServer } from './testing/run-tool.js';

const REPO = 'example-org/gv-playground';

interface Comment {
  id: number;
  body: string;
  user: { type: string };
}

describe('tools/terraform-plan-comment.ts', () => {
  let dir: string;
  let github: TestServer;
  let comments: Comment[] = [];
  let nextId = 100;

  const post = (environment: string, plan: string, outcome = 'success') => {
    const planFile = path.join(dir, `${environment}.txt`);
    writeFileSync(planFile, plan);
    return runTool(
      'terraform-plan-comment.ts',
      [
        '--environment',
        environment,
        '--plan-file',
        planFile,
        '--pull-request',
        '7',
        '--outcome',
        outcome,
      ],
      {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: REPO,
        GITHUB_TOKEN: 'test-token',
        PLAN_COMMIT: 'b'.repeat(40),
      },
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gv-plan-comment-'));
    github = await startServer(async (request, response) => {
      const url = new URL(request.url ?? '/', github.url);
      response.setHeader('content-type', 'application/json');
      if (request.method === 'GET' && url.pathname === `/repos/${REPO}/issues/7/comments`) {
        response.end(JSON.stringify(comments));
      } else if (request.method === 'POST' && url.pathname === `/repos/${REPO}/issues/7/comments`) {
        const { body } = JSON.parse(await readBody(request)) as { body: string };
        const comment = { id: nextId++, body, user: { type: 'Bot' } };
        comments.push(comment);
        response.statusCode = 201;
        response.end(JSON.stringify(comment));
      } else if (
        request.method === 'PATCH' &&
        url.pathname.startsWith(`/repos/${REPO}/issues/comments/`)
      ) {
        const id = Number(url.pathname.split('/').pop());
        const { body } = JSON.parse(await readBody(request)) as { body: string };
        const comment = comments.find((c) => c.id === id);
        if (comment) comment.body = body;
        response.end(JSON.stringify(comment));
      } else {
        response.statusCode = 404;
        response.end(JSON.stringify({ message: 'Not Found' }));
      }
    });
    comments = [{ id: 1, body: 'Looks good to me', user: { type: 'User' } }];
  });

  afterAll(async () => {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates one comment per environment with the plan summary in bold', async () => {
    const staging = await post(
      'staging',
      'Terraform will perform the following actions:\n  + aws_s3_bucket.logs\n\nPlan: 1 to add, 0 to change, 0 to destroy.\n',
    );
    const production = await post(
      'production',
      'No changes. Your infrastructure matches the configuration.\n',
    );

    expect(staging.code, staging.output).toBe(0);
    expect(production.code, production.output).toBe(0);
    expect(comments).toHaveLength(3);
    const stagingComment = comments.find((c) =>
      c.body.startsWith('<!-- terraform-plan:staging -->'),
    );
    expect(stagingComment?.body).toContain('### ✅ Terraform plan: `staging`');
    expect(stagingComment?.body).toContain('**Plan: 1 to add, 0 to change, 0 to destroy.**');
    expect(stagingComment?.body).toContain('+ aws_s3_bucket.logs');
    expect(stagingComment?.body).toContain('commit bbbbbbb');
    expect(comments.find((c) => c.body.includes('terraform-plan:production'))?.body).toContain(
      '**No changes. Your infrastructure matches the configuration.**',
    );
  });

  it('updates its own comment on the next push instead of adding another', async () => {
    const result = await post(
      'staging',
      '╷\n│ Error: Unsupported argument\n│\n│   on main.tf line 3, in module "eks":\n╵\n',
      'failure',
    );

    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toMatch(/updated comment \d+/);
    expect(comments).toHaveLength(3);
    const stagingComment = comments.find((c) => c.body.includes('terraform-plan:staging'));
    expect(stagingComment?.body).toContain('### ❌ Terraform plan: `staging`');
    expect(stagingComment?.body).toContain('**Error: Unsupported argument**');
    expect(comments[0]?.body).toBe('Looks good to me');
  });

  it('cuts a huge plan so the comment stays within GitHub limits', async () => {
    const huge = `${'  + resource "aws_iam_policy" "x" {}\n'.repeat(5_000)}Plan: 5000 to add, 0 to change, 0 to destroy.\n`;
    const result = await post('production', huge);

    expect(result.code, result.output).toBe(0);
    const body = comments.find((c) => c.body.includes('terraform-plan:production'))?.body ?? '';
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('cut after 60000 characters');
    expect(body).toContain('**Plan: 5000 to add, 0 to change, 0 to destroy.**');
  });
});
