// Every resource and data block under infra/terraform uses only argument and block names its
// provider declares, and sets every required one; a file copied aside with a planted typo proves
// the check reports what `terraform validate` would.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../policy/support/tools.js';
import {
  type ProviderSchemas,
  checkProviderArguments,
  checkSchemaVersions,
  loadProviderSchemas,
  usedTypes,
} from '../../policy/terraform/provider-schema.js';
import { type TerraformTree, loadTerraformTree } from '../../policy/terraform/terraform-tree.js';

const terraformDir = path.join(repoRoot, 'infra/terraform');
const schemas: ProviderSchemas = loadProviderSchemas();
let tree: TerraformTree;
const scratchDirs: string[] = [];

beforeAll(async () => {
  tree = await loadTerraformTree(terraformDir);
});

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The violations reported for one .tf file copied into a temporary folder after `plant` changed
 * its text. Fails the test if the planted change did not alter the file (a control that plants
 * nothing proves nothing).
 */
async function violationsWithPlanted(
  file: string,
  plant: (text: string) => string,
): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'terraform-planted-'));
  scratchDirs.push(dir);
  const target = path.join(dir, path.basename(file));
  cpSync(path.join(terraformDir, file), target);
  const original = readFileSync(target, 'utf8');
  const planted = plant(original);
  expect(planted, `the plant did not change ${file}`).not.toBe(original);
  writeFileSync(target, planted);
  return checkProviderArguments(await loadTerraformTree(dir), schemas);
}

describe('Terraform arguments against the provider schemas', () => {
  it('come from the provider versions the configurations pin', () => {
    expect(checkSchemaVersions(tree, schemas)).toEqual([]);
    expect(schemas.providers.aws).toMatchObject({ source: 'registry.terraform.io/hashicorp/aws' });
  });

  it('cover every resource and data type in use', () => {
    const missing = usedTypes(tree).filter(({ kind, type }) => !schemas[kind][type]);
    expect(missing).toEqual([]);
  });

  it('accept every resource and data block of the real tree', () => {
    expect(checkProviderArguments(tree, schemas)).toEqual([]);
  });
});

describe('planted mistakes are reported', () => {
  it('a misspelt argument: enable_dns_hostname on the VPC', async () => {
    const violations = await violationsWithPlanted('modules/network/main.tf', (text) =>
      text.replace('enable_dns_hostnames', 'enable_dns_hostname'),
    );
    expect(violations).toEqual([
      'main.tf: resource aws_vpc.this: unknown argument or block "enable_dns_hostname"' +
        ' (did you mean "enable_dns_hostnames"?)',
    ]);
  });

  it('a misspelt argument: storage_encryptd on the primary and the replica database', async () => {
    const violations = await violationsWithPlanted('modules/rds/main.tf', (text) =>
      text.replaceAll('storage_encrypted ', 'storage_encryptd  '),
    );
    expect(violations).toEqual(
      ['primary', 'replica'].map(
        (name) =>
          `main.tf: resource aws_db_instance.${name}: unknown argument or block "storage_encryptd"` +
          ' (did you mean "storage_encrypted"?)',
      ),
    );
  });

  it('a required argument left out: a subnet without vpc_id', async () => {
    const violations = await violationsWithPlanted('modules/network/main.tf', (text) =>
      text.replace(/(resource "aws_subnet" "public" \{[^}]*?)\n\s*vpc_id\s*=[^\n]*/, '$1'),
    );
    expect(violations).toEqual([
      'main.tf: resource aws_subnet.public: missing required argument "vpc_id"',
    ]);
  });

  it('a misspelt argument inside a nested block, and a required block renamed', async () => {
    const inside = await violationsWithPlanted('modules/eks/main.tf', (text) =>
      text.replace(/(vpc_config \{\s*)subnet_ids /, '$1subnet_idz '),
    );
    expect(inside).toEqual([
      'main.tf: resource aws_eks_cluster.this vpc_config[0]: unknown argument or block' +
        ' "subnet_idz" (did you mean "subnet_ids"?)',
      'main.tf: resource aws_eks_cluster.this vpc_config[0]: missing required argument "subnet_ids"',
    ]);
    const renamed = await violationsWithPlanted('modules/eks/main.tf', (text) =>
      text.replace('vpc_config {', 'vpc_configuration {'),
    );
    expect(renamed).toEqual([
      'main.tf: resource aws_eks_cluster.this: unknown argument or block "vpc_configuration"',
      'main.tf: resource aws_eks_cluster.this: missing required block "vpc_config"',
    ]);
  });

  it('a block written as an argument', async () => {
    const violations = await violationsWithPlanted('modules/eks/main.tf', (text) =>
      text.replace('vpc_config {', 'vpc_config = {'),
    );
    expect(violations).toEqual([
      'main.tf: resource aws_eks_cluster.this: "vpc_config" is a block: write vpc_config { ... },' +
        ' not vpc_config = ...',
    ]);
  });

  it('a misspelt argument inside the content of a dynamic block', async () => {
    const violations = await violationsWithPlanted('modules/github-oidc/main.tf', (text) =>
      text.replace(/(dynamic "statement" \{[\s\S]*?content \{[\s\S]*?)\bactions\b/, '$1action'),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^main\.tf: data aws_iam_policy_document\.\w+ dynamic statement\[0\]: unknown argument or block "action" \(did you mean "actions"\?\)$/,
      ),
    ]);
  });

  it('a dynamic block of a name the type does not have', async () => {
    const violations = await violationsWithPlanted('modules/github-oidc/main.tf', (text) =>
      text.replace('dynamic "statement"', 'dynamic "statements"'),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^main\.tf: data aws_iam_policy_document\.\w+: dynamic "statements" names no block of this type \(did you mean "statement"\?\)$/,
      ),
    ]);
  });

  it('a misspelt resource type', async () => {
    const violations = await violationsWithPlanted('modules/network/main.tf', (text) =>
      text.replace('resource "aws_vpc" "this"', 'resource "aws_vpcs" "this"'),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^main\.tf: resource aws_vpcs\.this: no resource type "aws_vpcs" in registry\.terraform\.io\/hashicorp\/aws 6\.\d+\.\d+ \(misspelt, or new here: npm run generate:terraform-schema -w infra\)$/,
      ),
    ]);
  });

  it('a provider pinned to a major version the schema was not generated from', () => {
    const pinnedAhead = structuredClone(schemas);
    pinnedAhead.providers.aws!.version = '5.100.0';
    expect(checkSchemaVersions(tree, pinnedAhead)).toContainEqual(
      expect.stringMatching(
        /^envs\/platform: aws "~> 6\.0" does not accept the schema's 5\.100\.0/,
      ),
    );
  });
});
