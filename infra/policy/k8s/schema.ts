// Validates built objects against the Kubernetes OpenAPI schemas (kubernetes-models) and finds
// fields the schemas do not know, which kubernetes-models alone lets through (a misspelt
// `readinesProbe` would be silently dropped by the API server). Custom resources of External
// Secrets get a hand-written structural check.
import type { K8sObject } from './kustomize.js';

type Validator = { prototype: { validate(this: unknown): void } };

const models = new Map<string, Validator | null>();

/** The kubernetes-models class for an apiVersion/kind, or null when it has none (a CRD). */
async function modelFor(apiVersion: string, kind: string): Promise<Validator | null> {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    try {
      const module = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<
        string,
        Validator
      >;
      models.set(key, module[kind] ?? null);
    } catch {
      models.set(key, null);
    }
  }
  return models.get(key) ?? null;
}

/**
 * Runs the model's validator on a proxy of the object that records which properties the
 * validator reads at each path. The compiled schema reads every property it knows (to check
 * it) and enumerates the keys of free-form maps (labels, annotations, resources.limits); any
 * other key of the object is unknown to the schema.
 */
function validateWithUnknownFields(model: Validator, object: K8sObject): string[] {
  const read = new Map<string, Set<string>>();
  const enumerated = new Set<string>();
  const note = (at: string, key: string | symbol) => {
    if (typeof key !== 'string') return;
    if (!read.has(at)) read.set(at, new Set());
    read.get(at)?.add(key);
  };
  const wrap = (value: unknown, at: string): unknown => {
    if (value === null || typeof value !== 'object') return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        note(at, key);
        return wrap(Reflect.get(target, key, receiver), `${at}/${String(key)}`);
      },
      has(target, key) {
        note(at, key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        enumerated.add(at);
        return Reflect.ownKeys(target);
      },
    });
  };

  const problems: string[] = [];
  try {
    model.prototype.validate.call(wrap(object, ''));
  } catch (error) {
    problems.push((error as Error).message);
  }
  const walk = (value: unknown, at: string) => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${at}/${index}`));
      return;
    }
    const known = read.get(at) ?? new Set<string>();
    for (const [key, child] of Object.entries(value)) {
      if (!enumerated.has(at) && !known.has(key)) problems.push(`unknown field ${at}/${key}`);
      else walk(child, `${at}/${key}`);
    }
  };
  walk(object, '');
  return problems;
}

/** A structural description of a custom resource: allowed keys, required keys, enums. */
type Shape =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'map'
  | readonly string[]
  | { fields: Record<string, Shape>; required?: string[] }
  | { items: Shape };

const isEnum = (shape: Shape): shape is readonly string[] => Array.isArray(shape);

function checkShape(value: unknown, shape: Shape, at: string): string[] {
  if (shape === 'string') return typeof value === 'string' ? [] : [`${at} must be a string`];
  if (shape === 'integer') return Number.isInteger(value) ? [] : [`${at} must be an integer`];
  if (shape === 'boolean') return typeof value === 'boolean' ? [] : [`${at} must be a boolean`];
  if (shape === 'map') {
    const ok =
      value !== null &&
      typeof value === 'object' &&
      Object.values(value).every((v) => typeof v === 'string');
    return ok ? [] : [`${at} must be a map of strings`];
  }
  if (isEnum(shape))
    return shape.includes(value as string) ? [] : [`${at} must be one of ${shape.join(', ')}`];
  if ('items' in shape) {
    if (!Array.isArray(value)) return [`${at} must be a list`];
    return value.flatMap((item, index) => checkShape(item, shape.items, `${at}/${index}`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [`${at} must be an object`];
  const record = value as Record<string, unknown>;
  const problems = (shape.required ?? [])
    .filter((key) => record[key] === undefined)
    .map((key) => `${at}/${key} is required`);
  for (const [key, child] of Object.entries(record)) {
    const fieldShape = shape.fields[key];
    if (!fieldShape) problems.push(`unknown field ${at}/${key}`);
    else problems.push(...checkShape(child, fieldShape, `${at}/${key}`));
  }
  return problems;
}

const metadata: Shape = {
  fields: { name: 'string', namespace: 'string', labels: 'map', annotations: 'map' },
  required: ['name'],
};

/** A custom resource: apiVersion, kind, metadata and the given spec, all required. */
const customResource = (spec: Shape): Shape => ({
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  fields: { apiVersion: 'string', kind: 'string', metadata, spec },
});

/** external-secrets.io/v1, the parts of the API this repository uses. */
const CUSTOM_RESOURCES: Record<string, Shape> = {
  'external-secrets.io/v1/ExternalSecret': customResource({
    required: ['secretStoreRef', 'target'],
    fields: {
      refreshInterval: 'string',
      secretStoreRef: {
        required: ['name'],
        fields: { name: 'string', kind: ['SecretStore', 'ClusterSecretStore'] },
      },
      target: {
        required: ['name'],
        fields: {
          name: 'string',
          creationPolicy: ['Owner', 'Orphan', 'Merge', 'None'],
          deletionPolicy: ['Delete', 'Merge', 'Retain'],
        },
      },
      data: {
        items: {
          required: ['secretKey', 'remoteRef'],
          fields: {
            secretKey: 'string',
            remoteRef: {
              required: ['key'],
              fields: { key: 'string', property: 'string', version: 'string' },
            },
          },
        },
      },
    },
  }),
  'external-secrets.io/v1/SecretStore': customResource({
    required: ['provider'],
    fields: {
      provider: {
        required: ['aws'],
        fields: {
          aws: {
            required: ['service', 'region'],
            fields: {
              service: ['SecretsManager', 'ParameterStore'],
              region: 'string',
              role: 'string',
            },
          },
        },
      },
    },
  }),
};

/** Problems of one object: schema errors and unknown fields. An unknown kind is a problem too. */
export async function validateObject(object: K8sObject): Promise<string[]> {
  const customShape = CUSTOM_RESOURCES[`${object.apiVersion}/${object.kind}`];
  if (customShape) return checkShape(object, customShape, '');
  const model = await modelFor(object.apiVersion, object.kind);
  if (!model) return [`no schema for ${object.apiVersion} ${object.kind}`];
  return validateWithUnknownFields(model, object);
}
