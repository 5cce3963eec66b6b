// Encryption at rest (and in transit where the service offers it) for every data store.
import { where, asStrings } from './block-helpers.js';
import {
  type HclObject,
  type HclValue,
  type TerraformTree,
  type Block,
  isObject,
  labeledBlocks,
  moduleSourceDir,
  typedBlocks,
  nested,
  referencedName,
} from './terraform-tree.js';

function isSet(value: HclValue | undefined): boolean {
  return typeof value === 'string' && value.length > 0;
}

/** `${<prefix>.name}` or `${<prefix>.name.attribute}` -> `name`. */
function namedIn(value: HclValue | undefined, prefix: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  return new RegExp(`^\\$\\{${prefix}\\.([\\w-]+)(?:\\.\\w+)?\\}$`).exec(value)?.[1];
}

/** A module's body with each `${var.x}` replaced by what the call passes as x. */
function withArguments(value: HclValue, call: HclObject): HclValue {
  if (Array.isArray(value)) return value.map((item) => withArguments(item, call));
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, withArguments(item, call)]),
    );
  }
  const argument = typeof value === 'string' ? /^\$\{var\.([\w-]+)\}$/.exec(value)?.[1] : undefined;
  return argument === undefined ? value : (call[argument] ?? null);
}

/**
 * The settings resource of one type (versioning, encryption, ...) that applies to a bucket: in the
 * bucket's own configuration (`bucket = aws_s3_bucket.<name>.id`), or in a module the
 * configuration hands the bucket to (`<argument> = aws_s3_bucket.<name>` in the call,
 * `bucket = var.<argument>.id` inside), seen with the call's arguments filled in.
 */
function bucketSetting(tree: TerraformTree, bucket: Block, type: string): HclObject | undefined {
  const own = typedBlocks(bucket.config, 'resource', type).find(
    (candidate) => namedIn(candidate.body.bucket, 'aws_s3_bucket') === bucket.name,
  );
  if (own) return own.body;
  for (const call of labeledBlocks(bucket.config, 'module')) {
    const module = tree.configs.find((config) => config.dir === moduleSourceDir(call));
    const passedAs = Object.keys(call.body).filter(
      (argument) => namedIn(call.body[argument], 'aws_s3_bucket') === bucket.name,
    );
    const setting = module
      ? typedBlocks(module, 'resource', type).find((candidate) =>
          passedAs.includes(namedIn(candidate.body.bucket, 'var') ?? ''),
        )
      : undefined;
    if (setting) return withArguments(setting.body, call.body) as HclObject;
  }
  return undefined;
}

/** Encryption at rest (and in transit where the service offers it) for every data store. */
export function checkEncryption(tree: TerraformTree): string[] {
  const problems: string[] = [];
  const require = (block: Block, ok: boolean, what: string) => {
    if (!ok) problems.push(`${where(block)}: ${what}`);
  };
  for (const config of tree.configs) {
    const resources = (type: string) => typedBlocks(config, 'resource', type);
    for (const db of resources('aws_db_instance')) {
      require(db, db.body.storage_encrypted === true, 'storage_encrypted must be true');
      require(db, isSet(db.body.kms_key_id), 'kms_key_id must name a customer-managed key');
    }
    for (const cache of resources('aws_elasticache_replication_group')) {
      require(cache, cache.body.at_rest_encryption_enabled ===
        true, 'at_rest_encryption_enabled must be true');
      require(cache, cache.body.transit_encryption_enabled ===
        true, 'transit_encryption_enabled must be true');
      require(cache, isSet(cache.body.kms_key_id), 'kms_key_id must be set');
      require(cache, isSet(cache.body.auth_token), 'auth_token must be set');
    }
    for (const repository of resources('aws_ecr_repository')) {
      const encryption = nested(repository.body, 'encryption_configuration');
      require(repository, encryption?.encryption_type === 'KMS' &&
        isSet(encryption.kms_key), 'must be KMS-encrypted');
      require(repository, repository.body.image_tag_mutability ===
        'IMMUTABLE', 'tags must be IMMUTABLE');
      require(repository, nested(repository.body, 'image_scanning_configuration')?.scan_on_push ===
        true, 'must scan on push');
    }
    for (const secret of resources('aws_secretsmanager_secret')) {
      // The AWS-managed key (alias/aws/secretsmanager) would let any role with Secrets Manager
      // access decrypt; the key must be one of ours, whose policy we write.
      require(secret, referencedName(secret.body.kms_key_id, 'aws_kms_key') !==
        undefined, 'kms_key_id must name a customer-managed key (aws_kms_key)');
    }
    for (const cluster of resources('aws_eks_cluster')) {
      const encryption = nested(cluster.body, 'encryption_config');
      require(cluster, asStrings(encryption?.resources).includes('secrets') &&
        isSet(
          nested(encryption, 'provider')?.key_arn,
        ), 'Kubernetes secrets must be envelope-encrypted with a KMS key');
    }
    for (const key of resources('aws_kms_key')) {
      require(key, key.body.enable_key_rotation === true, 'enable_key_rotation must be true');
    }
    for (const topic of resources('aws_sns_topic')) {
      require(topic, isSet(topic.body.kms_master_key_id), 'kms_master_key_id must be set');
    }
    for (const template of resources('aws_launch_template')) {
      const ebs = nested(nested(template.body, 'block_device_mappings'), 'ebs');
      require(template, ebs?.encrypted === true, 'root volumes must be encrypted');
    }
    for (const bucket of resources('aws_s3_bucket')) {
      const setting = (type: string) => bucketSetting(tree, bucket, type);
      const sse = nested(
        nested(setting('aws_s3_bucket_server_side_encryption_configuration'), 'rule'),
        'apply_server_side_encryption_by_default',
      );
      require(bucket, sse?.sse_algorithm === 'aws:kms' &&
        isSet(sse.kms_master_key_id), 'needs SSE-KMS with a customer-managed key');
      const versioning = nested(setting('aws_s3_bucket_versioning'), 'versioning_configuration');
      require(bucket, versioning?.status === 'Enabled', 'needs versioning');
      const block = setting('aws_s3_bucket_public_access_block');
      require(bucket, [
        'block_public_acls',
        'block_public_policy',
        'ignore_public_acls',
        'restrict_public_buckets',
      ].every((flag) => block?.[flag] === true), 'needs all four public-access blocks');
      require(bucket, setting('aws_s3_bucket_policy') !==
        undefined, 'needs a bucket policy (TLS only)');
    }
  }
  return problems;
}
