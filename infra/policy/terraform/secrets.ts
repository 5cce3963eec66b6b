// No secret written into the code: no literal in a secret-holding argument, no default on a
// secret variable, no known credential format in any file.
import { where } from './block-helpers.js';
import { type TerraformTree, labeledBlocks, walkEntries } from './terraform-tree.js';

const SECRET_KEY =
  /^(?:\w+_)?(?:password|passwd|secret|secret_string|token|auth_token|access_key|secret_key|private_key|api_key|client_secret)(?:_wo)?$/i;

const SECRET_PATTERNS: [string, RegExp][] = [
  ['an AWS access key id', /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['a GitHub token', /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{20,}/],
  ['a Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['an AWS secret access key', /aws_secret_access_key\s*=/i],
];

/**
 * No secret is written into the code: no attribute that holds a password, secret or token is a
 * literal, no such variable has a default, and no known credential format appears in any file.
 */
export function findSecretLiterals(
  tree: TerraformTree,
  extraFiles: { name: string; text: string }[] = [],
): string[] {
  const problems: string[] = [];
  for (const config of tree.configs) {
    for (const file of config.files) {
      for (const { key, value } of walkEntries(file.body)) {
        if (
          SECRET_KEY.test(key) &&
          typeof value === 'string' &&
          value !== '' &&
          !value.includes('${')
        ) {
          problems.push(
            `${config.dir}/${file.name}: ${key} is a literal; take it from a secret store`,
          );
        }
      }
      for (const [what, pattern] of SECRET_PATTERNS) {
        if (pattern.test(file.text)) problems.push(`${config.dir}/${file.name} contains ${what}`);
      }
    }
    for (const variable of labeledBlocks(config, 'variable')) {
      if (
        SECRET_KEY.test(variable.name) &&
        variable.body.default !== undefined &&
        variable.body.default !== null
      ) {
        problems.push(`${where(variable)} holds a secret and must not have a default`);
      }
      if (SECRET_KEY.test(variable.name) && variable.body.sensitive !== true) {
        problems.push(`${where(variable)} holds a secret and must be sensitive = true`);
      }
    }
  }
  for (const file of extraFiles) {
    for (const [what, pattern] of SECRET_PATTERNS) {
      if (pattern.test(file.text)) problems.push(`${file.name} contains ${what}`);
    }
  }
  return problems;
}
