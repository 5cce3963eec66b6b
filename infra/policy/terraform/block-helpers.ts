// Small helpers the Terraform policy checks share: which configurations are roots, environments or
// modules, and how a violation names the block it is about.
import {
  type HclValue,
  type TerraformConfig,
  type TerraformTree,
  type Block,
  typedBlocks,
} from './terraform-tree.js';

export function rootConfigs(tree: TerraformTree): TerraformConfig[] {
  return tree.configs.filter((config) => !config.dir.startsWith('modules/'));
}

export function environmentConfigs(tree: TerraformTree): TerraformConfig[] {
  return tree.configs.filter((config) => config.dir.startsWith('envs/'));
}

export function moduleConfigs(tree: TerraformTree): TerraformConfig[] {
  return tree.configs.filter((config) => config.dir.startsWith('modules/'));
}

export function where(block: Block): string {
  const label = block.type
    ? `${block.kind} ${block.type}.${block.name}`
    : `${block.kind} ${block.name}`;
  return `${block.config.dir}/${block.file}: ${label}`;
}

export function allTypedBlocks(config: TerraformConfig): Block[] {
  return [
    ...typedBlocks(config, 'resource'),
    ...typedBlocks(config, 'data'),
    ...typedBlocks(config, 'ephemeral'),
  ];
}

export function asStrings(value: HclValue | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}
