// References from the workflows into the repository that actionlint cannot follow: local composite
// actions and their inputs, scripts and npm scripts, Terraform roots and their per-environment
// files. Each check returns findings, like the rules in workflow-policy.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type ActionsFile,
  type Finding,
  type Job,
  finding,
  jobsOf,
  stepsOf,
  toJs,
} from './actions-file.js';

/**
 * actionlint cannot open local composite actions here, so their inputs are checked: every input
 * passed is declared, every required one is passed; and every tools/*.ts a step runs and every
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
      for (const [, script] of (step.run ?? '').matchAll(/\b(tools\/[\w./-]+\.ts)\b/g)) {
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

/** The job once per combination of its `strategy.matrix` lists, `${{ matrix.x }}` filled in. */
function expandMatrix(job: Job): Job[] {
  const matrix = ((job.strategy as { matrix?: Record<string, unknown> } | undefined)?.matrix ??
    {}) as Record<string, unknown>;
  let combinations: Record<string, string>[] = [{}];
  for (const [key, values] of Object.entries(matrix)) {
    if (!Array.isArray(values)) continue;
    combinations = combinations.flatMap((combination) =>
      values.map((value) => ({ ...combination, [key]: String(value) })),
    );
  }
  const text = JSON.stringify(job);
  return combinations.map((combination) => {
    let filled = text;
    for (const [key, value] of Object.entries(combination)) {
      filled = filled.replaceAll(`\${{ matrix.${key} }}`, value);
    }
    return JSON.parse(filled) as Job;
  });
}

const isLiteral = (value: unknown): value is string =>
  typeof value === 'string' && !value.includes('${{');

const holdsTerraform = (dir: string) =>
  existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.tf'));

/**
 * Every Terraform root a workflow works in or initialises exists, and so does every
 * `<environment>.s3.tfbackend` and `-var-file` it names, for each matrix combination. Moving or
 * merging a root otherwise breaks only the next deploy.
 */
export function checkTerraformReferences(files: ActionsFile[], root: string): Finding[] {
  const findings: Finding[] = [];
  const report = (file: ActionsFile, message: string) =>
    findings.push(finding(file, 'terraform-references', message));
  for (const file of files.filter((candidate) => candidate.kind === 'workflow')) {
    for (const [, job] of jobsOf(file).flatMap(([name, job]) =>
      expandMatrix(job).map((expanded) => [name, expanded] as const),
    )) {
      const defaults = (job.defaults as { run?: Record<string, unknown> } | undefined)?.run;
      for (const step of job.steps ?? []) {
        const dir = step['working-directory'] ?? defaults?.['working-directory'];
        if (
          isLiteral(dir) &&
          dir.startsWith('infra/terraform') &&
          !holdsTerraform(path.join(root, dir))
        ) {
          report(file, `works in ${dir}, which holds no Terraform configuration`);
        }
        if (step.uses === './.github/actions/terraform-init') {
          const { root: terraformRoot, environment } = step.with ?? {};
          if (isLiteral(terraformRoot) && !holdsTerraform(path.join(root, terraformRoot))) {
            report(file, `initialises ${terraformRoot}, which holds no Terraform configuration`);
          } else if (isLiteral(terraformRoot) && isLiteral(environment)) {
            const backend = `${terraformRoot}/${environment}.s3.tfbackend`;
            if (!existsSync(path.join(root, backend)))
              report(file, `initialises with ${backend}, which does not exist`);
          }
        }
        const env = (step.env ?? {}) as Record<string, unknown>;
        for (const [, named] of (step.run ?? '').matchAll(/-var-file[= ]"?([^"\s]+)"?/g)) {
          const varFile = (named ?? '').replace(/\$\{?(\w+)\}?/g, (_, name: string) =>
            String(env[name] ?? `$${name}`),
          );
          if (
            isLiteral(dir) &&
            !varFile.includes('$') &&
            !existsSync(path.join(root, dir, varFile))
          ) {
            report(file, `plans with -var-file=${varFile}, which ${dir} does not hold`);
          }
        }
      }
    }
  }
  return findings;
}
