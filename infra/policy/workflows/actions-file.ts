// GitHub Actions files as the workflow rules see them: parsed with line positions, plus the small
// accessors every rule uses. withEdit re-parses a broken copy for the negative-control tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';

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

export type Mapping = Record<string, unknown>;

export interface Step extends Mapping {
  name?: string;
  uses?: string;
  run?: string;
  with?: Mapping;
}

export interface Job extends Mapping {
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

export const toJs = (file: ActionsFile) => (file.document.toJS() ?? {}) as Mapping;
export const jobsOf = (file: ActionsFile) =>
  Object.entries((toJs(file).jobs ?? {}) as Record<string, Job>);
export const stepsOf = (file: ActionsFile): Step[] =>
  file.kind === 'workflow'
    ? jobsOf(file).flatMap(([, job]) => job.steps ?? [])
    : (((toJs(file).runs as Mapping | undefined)?.steps ?? []) as Step[]);
export const fileNamed = (files: ActionsFile[], name: string) =>
  files.find((file) => file.path === `.github/workflows/${name}`);

export const finding = (file: ActionsFile | string, rule: string, message: string): Finding => ({
  file: typeof file === 'string' ? file : file.path,
  rule,
  message,
});

/** Whether a step assumes an AWS role, directly or through a local composite action. */
export function assumesAwsRole(step: Step, files: ActionsFile[]): boolean {
  const uses = step.uses ?? '';
  if (uses.startsWith('aws-actions/configure-aws-credentials@')) return true;
  if (!uses.startsWith('./')) return false;
  const action = files.find((f) => f.path === `${uses.slice(2).replace(/\/$/, '')}/action.yml`);
  return action ? stepsOf(action).some((inner) => assumesAwsRole(inner, files)) : false;
}

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
