// Typed views of the parts of built Kubernetes objects the policy checks read.
import type { Build, K8sObject } from './kustomize.js';

export interface Probe {
  httpGet?: { path: string; port: string | number };
  exec?: { command: string[] };
  periodSeconds?: number;
  failureThreshold?: number;
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } };
  }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string; optional?: boolean } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type: string };
  };
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

export interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string };
  };
  topologySpreadConstraints?: {
    topologyKey: string;
    labelSelector?: { matchLabels?: Record<string, string> };
  }[];
  containers: Container[];
  initContainers?: Container[];
  volumes?: {
    name: string;
    configMap?: { name: string; optional?: boolean };
    secret?: { secretName: string; optional?: boolean };
    persistentVolumeClaim?: { claimName: string };
    emptyDir?: object;
    hostPath?: { path: string };
  }[];
}

export interface Workload {
  object: K8sObject;
  /** `Kind/name` for messages. */
  id: string;
  namespace: string;
  selector: Record<string, string> | null;
  podLabels: Record<string, string>;
  podAnnotations: Record<string, string>;
  pod: PodSpec;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

export function specOf<T>(object: K8sObject): T {
  return object.spec as T;
}

/** Every object that runs pods, with its pod template. */
export function workloadsOf(build: Build): Workload[] {
  const workloads: Workload[] = [];
  for (const object of build.objects) {
    let template: PodTemplate | undefined;
    let selector: Record<string, string> | null = null;
    if (['Deployment', 'StatefulSet', 'DaemonSet'].includes(object.kind)) {
      const spec = specOf<{
        template: PodTemplate;
        selector: { matchLabels: Record<string, string> };
      }>(object);
      template = spec.template;
      selector = spec.selector.matchLabels;
    } else if (object.kind === 'Job') {
      template = specOf<{ template: PodTemplate }>(object).template;
    } else if (object.kind === 'CronJob') {
      template = specOf<{ jobTemplate: { spec: { template: PodTemplate } } }>(object).jobTemplate
        .spec.template;
    }
    if (!template) continue;
    workloads.push({
      object,
      id: `${object.kind}/${object.metadata.name}`,
      namespace: object.metadata.namespace ?? '',
      selector,
      podLabels: template.metadata?.labels ?? {},
      podAnnotations: template.metadata?.annotations ?? {},
      pod: template.spec,
    });
  }
  return workloads;
}

export function containersOf(pod: PodSpec): Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

export function objectsOfKind(build: Build, kind: string): K8sObject[] {
  return build.objects.filter((object) => object.kind === kind);
}

/** True when every key/value of `selector` is among `labels` (a matchLabels selector). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A full label selector (matchLabels and matchExpressions) against a set of labels. */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string>): boolean {
  if (!selects(selector.matchLabels ?? {}, labels)) return false;
  return (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key] as string);
    if (operator === 'NotIn') return !values.includes(labels[key] as string);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    return false;
  });
}

/** Seconds of a `sleep N` preStop hook, or 0. */
export function preStopSeconds(container: Container): number {
  const command = container.lifecycle?.preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}

/** `10s`, `500ms`, `2m` → seconds. */
export function durationSeconds(text: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  const value = Number(match[1]);
  return match[2] === 'ms' ? value / 1000 : match[2] === 'm' ? value * 60 : value;
}
