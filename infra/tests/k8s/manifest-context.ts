// What the Kubernetes manifest tests share: the names and paths the manifests must agree with,
// and small readers over a build. Each test file builds every overlay and combination once
// (buildAll in a beforeAll); kubectl is required, not optional, for these checks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { findTool } from '@gv/testing';
import { repoRoot } from '../../policy/support/tools.js';
import { type Build, type K8sObject } from '../../policy/k8s/kustomize.js';
import { objectsOfKind, specOf, type Workload } from '../../policy/k8s/workloads.js';

if (!findTool('kubectl'))
  throw new Error('kubectl (with kustomize) is required for the Kubernetes checks');

export const NAMESPACE = 'gv-playground';
export const BACKEND_PROBES = {
  startup: '/api/health/live',
  readiness: '/api/health/ready',
  liveness: '/api/health/live',
};
export const AWS_OVERLAYS = ['staging', 'production'];

/**
 * Containers allowed to differ from the hardening policy, and why. Fluentd reads the nodes' log
 * files, which belong to root, and keeps positions and buffers under the node's /var/log.
 */
export const HARDENING_EXCEPTIONS: Record<string, string> = {
  'kube-system/DaemonSet/fluentd/fluentd':
    'reads root-owned node logs; writes positions and buffers',
};

/** Objects outside gv-playground on purpose: Fluentd (needs kube-system's privileges) and RBAC there. */
export const KUBE_SYSTEM_OBJECTS = [
  'ServiceAccount/fluentd',
  'DaemonSet/fluentd',
  'ConfigMap/fluentd-config',
  'Role/gv-playground-prometheus-discovery',
  'RoleBinding/gv-playground-prometheus-discovery',
];
export const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];

/** Secrets that operators create by hand (documented in components/monitoring). */
export const EXTERNALLY_CREATED_SECRETS = ['grafana-admin', 'alertmanager-secrets'];

export const nginxTemplate = readFileSync(
  path.join(repoRoot, 'infra/docker/nginx/templates/default.conf.template'),
  'utf8',
);
export const compose = parse(readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8'), {
  merge: true,
}) as {
  services: { migrate: { command: string[] } };
};

export const idOf = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;
export const isApp = (workload: Workload, app: string) =>
  workload.podLabels['app.kubernetes.io/name'] === app;

/** Base name of a ConfigMap/Secret made by a generator (name-<10 char hash>). */
export const baseName = (name: string) => name.replace(/-[a-z0-9]{10}$/, '');

export function secretsProvided(build: Build, localSecrets: Build | undefined): string[] {
  // The local overlay's Secrets come from its own kustomization (overlays/local/secrets).
  const sources = build.overlay === 'local' && localSecrets ? [build, localSecrets] : [build];
  const secrets = sources
    .flatMap((source) => objectsOfKind(source, 'Secret'))
    .map((secret) => secret.metadata.name);
  const external = objectsOfKind(build, 'ExternalSecret').map(
    (secret) => specOf<{ target: { name: string } }>(secret).target.name,
  );
  return [...secrets, ...external, ...EXTERNALLY_CREATED_SECRETS];
}

export function findBuild(builds: Build[], name: string): Build {
  const build = builds.find((candidate) => candidate.name === name);
  if (!build) throw new Error(`no build named ${name}`);
  return build;
}
