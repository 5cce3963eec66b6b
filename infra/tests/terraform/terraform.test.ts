// Holds infra/terraform's shape without AWS or providers: the format check, the layout and the
// interfaces between configurations, and the docs that map them. The checks are the policy
// library's (infra/policy/terraform); architecture.test.ts holds the seed's architecture and
// planted-mistakes.test.ts proves each check fails on code broken the way it guards against.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool, missingTool } from '@gv/testing';
import { repoRoot } from '../../policy/support/tools.js';
import { checkEnvironmentFiles } from '../../policy/terraform/environments.js';
import {
  checkModuleCalls,
  checkModuleReadme,
  checkMovedBlocks,
  checkOutputsAreDescribed,
  checkReferences,
  checkVariablesAreTypedAndDescribed,
} from '../../policy/terraform/interfaces.js';
import { SEED_NETWORK } from '../../policy/terraform/network.js';
import { checkBackends, checkVersionPins } from '../../policy/terraform/versions-and-backends.js';
import {
  environments,
  getConfig,
  labeledBlocks,
  moduleSourceDir,
  terraformSettings,
  typedBlocks,
} from '../../policy/terraform/terraform-tree.js';
import {
  ENVIRONMENT_OUTPUTS,
  ENVIRONMENT_ROOT,
  ENVIRONMENTS,
  MODULES,
  loadRepositoryTree,
  terraformDir,
} from './terraform-names.js';

const tree = await loadRepositoryTree();

describe.skipIf(missingTool('terraform', 'install the terraform CLI'))('terraform fmt', () => {
  it('every .tf file under infra/terraform is formatted', () => {
    const result = spawnSync(
      findTool('terraform') ?? 'terraform',
      ['fmt', '-check', '-recursive', '-diff', 'infra/terraform'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(result.stdout, 'run: terraform fmt -recursive infra/terraform').toBe('');
    expect(result.status).toBe(0);
  });
});

describe('layout', () => {
  it('has the bootstrap, the shared account resources, the environment root and every module', () => {
    const dirs = tree.configs.map((config) => config.dir);
    expect(dirs).toEqual(
      expect.arrayContaining([
        'bootstrap',
        'envs/shared',
        ENVIRONMENT_ROOT,
        ...MODULES.map((name) => `modules/${name}`),
      ]),
    );
    expect(dirs).toHaveLength(3 + MODULES.length);
  });

  it('both environments are the one root with their own .tfvars and state key', () => {
    expect(
      environments(tree)
        .map((environment) => [environment.name, environment.dir])
        .sort(),
    ).toEqual(ENVIRONMENTS.map((name) => [name, ENVIRONMENT_ROOT]).sort());
    for (const environment of environments(tree)) {
      expect(environment.backend, environment.name).toEqual({
        key: `${environment.name}/terraform.tfstate`,
      });
    }
  });

  it("each environment's .tfvars sets declared variables only, the same ones as the other", () => {
    expect(checkEnvironmentFiles(tree)).toEqual([]);
  });

  it('every variable is typed and described, every output described', () => {
    expect(checkVariablesAreTypedAndDescribed(tree)).toEqual([]);
    expect(checkOutputsAreDescribed(tree)).toEqual([]);
  });

  it('every module call passes only declared variables and all required ones', () => {
    expect(checkModuleCalls(tree)).toEqual([]);
  });

  it('every reference (var, local, module output, resource, data) resolves', () => {
    expect(checkReferences(tree)).toEqual([]);
  });

  it('every configuration requires Terraform >= 1.11 and pins each provider it uses', () => {
    expect(checkVersionPins(tree)).toEqual([]);
  });

  it('every environment keeps its state in S3 with native locking and encryption', () => {
    expect(checkBackends(tree)).toEqual([]);
    expect(
      terraformSettings(getConfig(tree, 'bootstrap')).some((block) => 'backend' in block),
    ).toBe(false);
  });

  it('moved blocks lead existing states from the old addresses to the new ones', () => {
    expect(checkMovedBlocks(tree)).toEqual([]);
  });

  it.each([ENVIRONMENT_ROOT])(
    '%s is one call of modules/platform, passing on its outputs under the same names',
    (root) => {
      const config = getConfig(tree, root);
      const calls = labeledBlocks(config, 'module');
      expect(calls.map((call) => [call.name, moduleSourceDir(call)])).toEqual([
        ['platform', 'modules/platform'],
      ]);
      for (const kind of ['resource', 'data', 'ephemeral'] as const) {
        expect(
          typedBlocks(config, kind).map((block) => block.name),
          kind,
        ).toEqual([]);
      }
      const outputs = labeledBlocks(config, 'output');
      expect(outputs.map((output) => output.name).sort()).toEqual(ENVIRONMENT_OUTPUTS);
      const platformOutputs = new Set(
        labeledBlocks(getConfig(tree, 'modules/platform'), 'output').map((output) => output.name),
      );
      for (const output of outputs) {
        const expected = platformOutputs.has(output.name)
          ? `\${module.platform.${output.name}}`
          : `\${var.${output.name}}`;
        expect(output.body.value, output.name).toBe(expected);
      }
    },
  );

  it.each(MODULES)('modules/%s has a README documenting every input and output', (name) => {
    const readmePath = path.join(terraformDir, 'modules', name, 'README.md');
    const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined;
    expect(checkModuleReadme(getConfig(tree, `modules/${name}`), readme)).toEqual([]);
  });
});

describe('docs/infrastructure.md', () => {
  it('maps every module and environment to the seed diagrams', () => {
    const doc = readFileSync(path.join(repoRoot, 'docs/infrastructure.md'), 'utf8');
    for (const dir of [
      ...MODULES.map((name) => `modules/${name}`),
      'bootstrap',
      'envs/shared',
      ENVIRONMENT_ROOT,
      ...ENVIRONMENTS.map((name) => `${name}.tfvars`),
    ]) {
      expect(doc, dir).toContain(dir);
    }
    for (const cidr of [
      SEED_NETWORK.vpcCidr,
      ...SEED_NETWORK.publicSubnets,
      ...SEED_NETWORK.privateSubnets,
    ]) {
      expect(doc, cidr).toContain(cidr);
    }
  });
});
