// The mail sender's IAM user: the only IAM user in the tree, so its access key (the SES SMTP
// password) can do nothing but send mail from the verified identity.
import { asStrings, where } from './block-helpers.js';
import {
  type Block,
  type HclObject,
  type TerraformTree,
  findBlock,
  referencedName,
  typedBlocks,
} from './terraform-tree.js';

// Ways of giving an IAM user more than the one inline policy checked below.
const MANAGED_POLICY_TYPES = [
  'aws_iam_user_policy_attachment',
  'aws_iam_policy_attachment',
  'aws_iam_user_group_membership',
  'aws_iam_group_membership',
];

const SEND_ACTIONS = new Set(['ses:SendRawEmail', 'ses:SendEmail']);
const IDENTITY_ARN = /^\$\{aws_sesv2?_(?:email|domain)_identity\.[\w-]+\.arn\}$/;

function statementProblems(document: Block, statement: HclObject): string[] {
  const problems: string[] = [];
  const label = `${where(document)} statement ${String(statement.sid ?? '(no sid)')}`;
  if (statement.effect !== undefined && statement.effect !== 'Allow') {
    problems.push(`${label}: only Allow statements`);
  }
  if ('not_actions' in statement || 'not_resources' in statement) {
    problems.push(`${label}: not_actions/not_resources allow everything else`);
  }
  for (const action of asStrings(statement.actions)) {
    if (action.includes('*')) problems.push(`${label}: wildcard action ${action}`);
    else if (!SEND_ACTIONS.has(action)) problems.push(`${label}: ${action} is not a send action`);
  }
  const resources = asStrings(statement.resources);
  if (resources.length === 0 || !resources.every((resource) => IDENTITY_ARN.test(resource))) {
    problems.push(
      `${label}: resources must be the SES identity's ARN, not ${JSON.stringify(resources)}`,
    );
  }
  return problems;
}

/**
 * Every IAM user sends mail and nothing else: one inline policy, built from a policy document
 * whose statements allow ses:SendRawEmail/SendEmail on the SES identity's ARN only.
 */
export function checkMailSender(tree: TerraformTree): string[] {
  const problems: string[] = [];
  for (const config of tree.configs) {
    for (const type of MANAGED_POLICY_TYPES) {
      for (const block of typedBlocks(config, 'resource', type)) {
        problems.push(`${where(block)}: an IAM user gets its one inline send policy, nothing more`);
      }
    }
    const documents = typedBlocks(config, 'data', 'aws_iam_policy_document');
    for (const policy of typedBlocks(config, 'resource', 'aws_iam_user_policy')) {
      const name = referencedName(policy.body.policy, 'data.aws_iam_policy_document');
      const document = name === undefined ? undefined : findBlock(documents, name);
      if (!document) {
        problems.push(`${where(policy)}: policy must come from an aws_iam_policy_document here`);
        continue;
      }
      const statements = (document.body.statement ?? []) as HclObject[];
      if ('dynamic' in document.body || statements.length === 0) {
        problems.push(`${where(document)}: needs written-out statements`);
      }
      for (const statement of statements) problems.push(...statementProblems(document, statement));
    }
  }
  return problems;
}
