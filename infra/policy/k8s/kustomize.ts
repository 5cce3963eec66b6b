// Builds every overlay, and every overlay with each optional component it does not already use,
// with `kubectl kustomize`. The builds run in a temporary copy of infra/k8s and infra/monitoring,
// so combinations and the local secrets (.env from .env.example) never touch the working tree.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { repoRoot } from '../support/tools.js';

const run = promisify(execFile);

export const OVERLAYS = ['local', 'staging', 'production'] as const;
/** Components an overlay may add. (components/aws-settings is not optional: AWS overlays need it.) */
export const OPTIONAL_COMPONENTS = ['monitoring', 'logging', 'blue-green'] as const;
/**
 * Components that only add their own objects: each is built with an overlay alone and with all
 * the optional components, instead of doubling every combination above.
 */
export const ADD_ON_COMPONENTS = ['traffic'] as const;

export type Overlay = (typeof OVERLAYS)[number];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // Kubernetes objects are open-ended; the checks narrow the parts they read.
  [field: string]: unknown;
}

/** The local overlay's secrets kustomization (overlays/local/secrets), applied on its own. */
export const LOCAL_SECRETS = 'local/secrets';

export interface Build {
  /** e.g. "staging" or "local+monitoring+blue-green" */
  name: string;
  overlay: Overlay;
  /** Optional components in effect: the overlay's own plus the added ones. */
  components: string[];
  objects: K8sObject[];
}

/** Components an overlay lists in its kustomization.yaml (by folder name). */
export function overlayComponents(overlay: Overlay): string[] {
  const file = path.join(repoRoot, 'infra/k8s/overlays', overlay, 'kustomization.yaml');
  const kustomization = parse(readFileSync(file, 'utf8')) as { components?: string[] };
  return (kustomization.components ?? []).map((component) => path.basename(component));
}

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>(
    (all, item) => [...all, ...all.map((subset) => [...subset, item])],
    [[]],
  );
}

/** Every build the checks look at: each overlay as committed, then with each extra combination. */
export function plannedBuilds(): { name: string; overlay: Overlay; added: string[] }[] {
  return OVERLAYS.flatMap((overlay) => {
    const own = overlayComponents(overlay);
    const addable = OPTIONAL_COMPONENTS.filter((component) => !own.includes(component));
    const combinations = [
      ...subsets(addable),
      ...ADD_ON_COMPONENTS.flatMap((addOn) =>
        addable.length === 0 ? [[addOn]] : [[addOn], [...addable, addOn]],
      ),
    ];
    return combinations.map((added) => ({
      name: [overlay, ...added].join('+'),
      overlay,
      added,
    }));
  });
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as K8sObject | null)
    .filter((object): object is K8sObject => object !== null);
}

async function kustomize(dir: string): Promise<string> {
  const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Builds everything once (call from a beforeAll): the planned builds and the local secrets. */
export async function buildAll(): Promise<{ builds: Build[]; localSecrets: Build }> {
  const work = mkdtempSync(path.join(tmpdir(), 'gv-kustomize-'));
  try {
    cpSync(path.join(repoRoot, 'infra/k8s'), path.join(work, 'infra/k8s'), { recursive: true });
    cpSync(path.join(repoRoot, 'infra/monitoring'), path.join(work, 'infra/monitoring'), {
      recursive: true,
    });
    const secrets = path.join(work, 'infra/k8s/overlays', LOCAL_SECRETS);
    writeFileSync(path.join(secrets, '.env'), readFileSync(path.join(secrets, '.env.example')));
    const localSecrets: Build = {
      name: LOCAL_SECRETS,
      overlay: 'local',
      components: [],
      objects: parseManifests(await kustomize(secrets)),
    };

    const builds = await mapLimited(plannedBuilds(), 4, async ({ name, overlay, added }) => {
      let dir = path.join(work, 'infra/k8s/overlays', overlay);
      if (added.length > 0) {
        // What a user does to turn a component on: a copy of the overlay with the component added
        // to its list (before aws-settings, whose replacements must see every object).
        const source = dir;
        dir = path.join(work, 'infra/k8s/overlays', name);
        cpSync(source, dir, { recursive: true });
        const file = path.join(dir, 'kustomization.yaml');
        const kustomization = parse(readFileSync(file, 'utf8')) as { components?: string[] };
        const components = kustomization.components ?? [];
        const settings = components.findIndex((component) => component.endsWith('/aws-settings'));
        const at = settings === -1 ? components.length : settings;
        components.splice(at, 0, ...added.map((component) => `../../components/${component}`));
        writeFileSync(file, stringify({ ...kustomization, components }));
      }
      try {
        const objects = parseManifests(await kustomize(dir));
        return { name, overlay, components: [...overlayComponents(overlay), ...added], objects };
      } catch (error) {
        throw new Error(
          `kubectl kustomize failed for ${name}: ${(error as { stderr?: string }).stderr ?? error}`,
        );
      }
    });
    return { builds, localSecrets };
  } finally {
    if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  }
}
