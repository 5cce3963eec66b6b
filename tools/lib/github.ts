// What the pipeline scripts need from GitHub: step outputs, the job summary, and a REST client.
// Outside Actions the outputs are printed instead, so every script also runs on a laptop.
import { appendFileSync } from 'node:fs';
import { httpRequest, parseJson, problemSummary } from './http.js';

/** Sets a step output (`steps.<id>.outputs.<name>`), or prints it outside GitHub Actions. */
export function setOutput(name: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new Error(`output ${name} must be a single line`);
  const file = process.env.GITHUB_OUTPUT;
  if (file) appendFileSync(file, `${name}=${value}\n`);
  else console.log(`output ${name}=${value}`);
}

/** Appends Markdown to the job summary page, or prints it outside GitHub Actions. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown}\n`);
  else console.log(markdown);
}

export class GitHubApi {
  constructor(
    private readonly token: string,
    readonly repository: string,
    private readonly apiUrl = process.env.GITHUB_API_URL ?? 'https://api.github.com',
  ) {
    if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new Error(`"${repository}" is not an owner/name repository`);
    }
  }

  /** Reads the token and repository the Actions runner provides. */
  static fromEnvironment(): GitHubApi {
    const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
    const repository = process.env.GITHUB_REPOSITORY;
    if (!token) throw new Error('set GITHUB_TOKEN (in a workflow: env GITHUB_TOKEN: github.token)');
    if (!repository) throw new Error('set GITHUB_REPOSITORY to owner/name');
    return new GitHubApi(token, repository);
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH', path: string, json?: unknown): Promise<T> {
    const url = `${this.apiUrl.replace(/\/+$/, '')}${path.replace('{repo}', this.repository)}`;
    const response = await httpRequest(url, {
      method,
      json,
      timeoutMs: 30_000,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.token}`,
        'x-github-api-version': '2022-11-28',
        'user-agent': 'gv-playground-pipeline',
      },
    });
    if (response.status < 200 || response.status >= 300) {
      throw new Error(
        `GitHub ${method} ${path} answered ${response.status}: ${problemSummary(response)}`,
      );
    }
    return parseJson(response, `GitHub ${method} ${path}`) as T;
  }
}
