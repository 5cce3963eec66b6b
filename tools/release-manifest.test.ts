// The staging → production hand-over: production may only deploy digests that a successful
// staging run on main recorded. GitHub's API is replaced by a local server (it cannot run here);
// the script runs unchanged.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, startServer, type TestServer } from './testing/run-tool.js';

const COMMIT = 'a'.repeat(40);
const OTHER_COMMIT = 'c'.repeat(40);
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const BACKEND = `${REGISTRY}/gv-playground-backend@sha256:${'1'.repeat(64)}`;
const FRONTEND = `${REGISTRY}/gv-playground-frontend@sha256:${'2'.repeat(64)}`;
const REPO = 'example-org/gv-playground';

interface FakeRun {
  id: number;
  path: string;
  event: string;
  conclusion: string | null;
  head_branch: string;
  head_repository: { full_name: string };
  html_url: string;
}

const run = (id: number, overrides: Partial<FakeRun> = {}): FakeRun => ({
  id,
  path: '.github/workflows/deploy-staging.yml',
  event: 'workflow_run',
  conclusion: 'success',
  head_branch: 'main',
  head_repository: { full_name: REPO },
  html_url: `https://github.com/${REPO}/actions/runs/${id}`,
  ...overrides,
});

describe('tools/release-manifest.ts', () => {
  let dir: string;
  let github: TestServer;
  let artifacts: { id: number; run: FakeRun; expired: boolean; created_at: string }[] = [];
  let authorizations: string[] = [];

  const outputs = (file: string) =>
    Object.fromEntries(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split('=', 2) as [string, string]),
    );

  const manifest = (args: string[], env: Record<string, string> = {}) => {
    const outputFile = path.join(dir, `output-${Date.now()}-${Math.random()}`);
    writeFileSync(outputFile, '');
    return runTool('release-manifest.ts', args, {
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: REPO,
      GITHUB_TOKEN: 'test-token',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      ...env,
    }).then((result) => ({ ...result, outputs: () => outputs(outputFile) }));
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gv-release-'));
    github = await startServer((request, response) => {
      authorizations.push(request.headers.authorization ?? '');
      const url = new URL(request.url ?? '/', github.url);
      response.setHeader('content-type', 'application/json');
      if (url.pathname === `/repos/${REPO}/actions/artifacts`) {
        const name = url.searchParams.get('name');
        const matching = artifacts.filter(() => name === `release-${COMMIT}`);
        response.end(
          JSON.stringify({
            total_count: matching.length,
            artifacts: matching.map((a) => ({
              id: a.id,
              name,
              expired: a.expired,
              created_at: a.created_at,
              workflow_run: { id: a.run.id },
            })),
          }),
        );
        return;
      }
      const runMatch = new RegExp(`^/repos/${REPO}/actions/runs/(\\d+)$`).exec(url.pathname);
      const found = artifacts.find((a) => String(a.run.id) === runMatch?.[1]);
      if (found) {
        response.end(JSON.stringify(found.run));
        return;
      }
      response.statusCode = 404;
      response.end(JSON.stringify({ message: 'Not Found' }));
    });
  });

  afterAll(async () => {
    await github.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records digests and reads them back as step outputs with a summary', async () => {
    const file = path.join(dir, 'release.json');
    const written = await manifest([
      'write',
      '--commit',
      COMMIT,
      '--backend-image',
      BACKEND,
      '--frontend-image',
      FRONTEND,
      '--file',
      file,
    ]);
    expect(written.code, written.output).toBe(0);
    const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({
      commit: COMMIT,
      images: { backend: BACKEND, frontend: FRONTEND },
      stagingRun: `https://github.com/${REPO}/actions/runs/4242`,
    });

    const read = await manifest(['read', '--commit', COMMIT, '--file', file]);
    expect(read.code, read.output).toBe(0);
    expect(read.outputs()).toEqual({ 'backend-image': BACKEND, 'frontend-image': FRONTEND });
    const summary = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain(`| backend | \`${BACKEND}\` |`);
  });

  it('refuses a tag where a digest is required, so a moved tag can never reach production', async () => {
    const result = await manifest([
      'write',
      '--commit',
      COMMIT,
      '--backend-image',
      `${REGISTRY}/gv-playground-backend:${COMMIT}`,
      '--frontend-image',
      FRONTEND,
      '--file',
      path.join(dir, 'tagged.json'),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not registry/repository@sha256:<digest>');
  });

  it('refuses a record made for another commit, or with the images swapped', async () => {
    const file = path.join(dir, 'other.json');
    writeFileSync(
      file,
      JSON.stringify({ commit: OTHER_COMMIT, images: { backend: BACKEND, frontend: FRONTEND } }),
    );
    const wrongCommit = await manifest(['read', '--commit', COMMIT, '--file', file]);
    expect(wrongCommit.code).toBe(1);
    expect(wrongCommit.stderr).toContain(`the record is for commit ${OTHER_COMMIT}`);

    writeFileSync(
      file,
      JSON.stringify({ commit: COMMIT, images: { backend: FRONTEND, frontend: BACKEND } }),
    );
    const swapped = await manifest(['read', '--commit', COMMIT, '--file', file]);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain('is not from the gv-playground-backend repository');
  });

  it('finds the successful staging run and ignores look-alike artifacts from untrusted runs', async () => {
    authorizations = [];
    artifacts = [
      {
        id: 1,
        created_at: '2025-06-01T10:05:00Z',
        expired: false,
        run: run(501, { event: 'pull_request', head_branch: 'feature/x' }),
      },
      {
        id: 2,
        created_at: '2025-06-01T10:04:00Z',
        expired: false,
        run: run(502, { path: '.github/workflows/ci.yml' }),
      },
      {
        id: 3,
        created_at: '2025-06-01T10:03:00Z',
        expired: false,
        run: run(503, { conclusion: 'failure' }),
      },
      { id: 4, created_at: '2025-06-01T10:00:00Z', expired: false, run: run(504) },
    ];

    const result = await manifest(['find', '--commit', COMMIT]);

    expect(result.code, result.output).toBe(0);
    expect(result.outputs()).toEqual({
      'run-id': '504',
      'run-url': `https://github.com/${REPO}/actions/runs/504`,
    });
    expect(authorizations.every((header) => header === 'Bearer test-token')).toBe(true);
  });

  it('fails with every reason when no trustworthy staging run recorded the commit', async () => {
    artifacts = [
      {
        id: 5,
        created_at: '2025-06-02T10:00:00Z',
        expired: false,
        run: run(601, { event: 'pull_request', head_branch: 'feature/y' }),
      },
      { id: 6, created_at: '2025-06-01T10:00:00Z', expired: true, run: run(602) },
    ];

    const result = await manifest(['find', '--commit', COMMIT]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`commit ${COMMIT} has no verified staging release`);
    expect(result.stderr).toContain('run 601: it was started by pull_request, it ran on feature/y');
    expect(result.stderr).toContain('run 602: its record has expired');
    expect(result.stderr).toContain('Merge it to main and let staging pass first.');
  });

  it('insists on a full commit SHA', async () => {
    const result = await manifest(['find', '--commit', 'abc1234']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--commit must be a full 40-character commit SHA');
  });
});
