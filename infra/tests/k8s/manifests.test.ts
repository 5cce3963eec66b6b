// The Kubernetes manifests as built by `kubectl kustomize`: every overlay and every combination
// with the optional components, validated against the Kubernetes schemas (unknown fields
// included) and held to the delivery policies: real probe paths, resources and hardening on every
// container, pinned images, selectors and ports that line up, references that resolve.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KNOWN_ENV_VARS } from '../../../backend/src/config/env.js';
import { findTool, repoRoot } from '../../policy/support/tools.js';
import {
  backendUnavailable,
  createTestDatabase,
  freePort,
  runToCompletion,
  startProcess,
  waitForStatus,
  type RunningProcess,
  type TestDatabase,
} from '../docker/running-backend.js';
import { buildAll, plannedBuilds, type Build, type K8sObject } from '../../policy/k8s/kustomize.js';
import { validateObject } from '../../policy/k8s/schema.js';
import {
  containersOf,
  durationSeconds,
  objectsOfKind,
  preStopSeconds,
  selectorMatches,
  selects,
  specOf,
  workloadsOf,
  type Container,
  type Workload,
} from '../../policy/k8s/workloads.js';

if (!findTool('kubectl'))
  throw new Error('kubectl (with kustomize) is required for the Kubernetes checks');

const NAMESPACE = 'gv-playground';
const BACKEND_PROBES = {
  startup: '/api/health/live',
  readiness: '/api/health/ready',
  liveness: '/api/health/live',
};
const AWS_OVERLAYS = ['staging', 'production'];

/**
 * Containers allowed to differ from the hardening policy, and why. Fluentd reads the nodes' log
 * files, which belong to root, and keeps positions and buffers under the node's /var/log.
 */
const HARDENING_EXCEPTIONS: Record<string, string> = {
  'kube-system/DaemonSet/fluentd/fluentd':
    'reads root-owned node logs; writes positions and buffers',
};

/** Objects outside gv-playground on purpose: Fluentd (needs kube-system's privileges) and RBAC there. */
const KUBE_SYSTEM_OBJECTS = [
  'ServiceAccount/fluentd',
  'DaemonSet/fluentd',
  'ConfigMap/fluentd-config',
  'Role/gv-playground-prometheus-discovery',
  'RoleBinding/gv-playground-prometheus-discovery',
];
const CLUSTER_SCOPED = ['Namespace', 'ClusterRole', 'ClusterRoleBinding'];

/** Secrets that operators create by hand (documented in components/monitoring). */
const EXTERNALLY_CREATED_SECRETS = ['grafana-admin', 'alertmanager-secrets'];

const nginxTemplate = readFileSync(
  path.join(repoRoot, 'infra/docker/nginx/templates/default.conf.template'),
  'utf8',
);
const compose = parse(readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8'), {
  merge: true,
}) as {
  services: { migrate: { command: string[] } };
};

let builds: Build[] = [];
let localSecrets: Build | undefined;

beforeAll(async () => {
  ({ builds, localSecrets } = await buildAll());
});

function buildNamed(name: string): Build {
  const build = builds.find((candidate) => candidate.name === name);
  if (!build) throw new Error(`no build named ${name}`);
  return build;
}

const idOf = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;
const isApp = (workload: Workload, app: string) =>
  workload.podLabels['app.kubernetes.io/name'] === app;

/** Base name of a ConfigMap/Secret made by a generator (name-<10 char hash>). */
const baseName = (name: string) => name.replace(/-[a-z0-9]{10}$/, '');

function secretsProvided(build: Build): string[] {
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

describe('kubectl kustomize', () => {
  it('builds every overlay and every overlay + optional component combination', () => {
    const names = builds.map((build) => build.name);
    expect(names).toEqual(plannedBuilds().map((planned) => planned.name));
    expect(names).toEqual(
      expect.arrayContaining([
        'local',
        'staging',
        'production',
        'local+monitoring+logging+blue-green',
      ]),
    );
    for (const build of builds) expect(build.objects.length, build.name).toBeGreaterThan(10);
  });

  it('produces objects that are valid against the Kubernetes schemas, with no unknown field', async () => {
    const problems: string[] = [];
    for (const build of builds) {
      for (const object of build.objects) {
        for (const problem of await validateObject(object))
          problems.push(`${build.name} ${idOf(object)}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe.each(plannedBuilds())('$name', ({ name, overlay }) => {
  const build = () => buildNamed(name);
  const workloads = () => workloadsOf(build());
  const appWorkloads = (app: string) => workloads().filter((workload) => isApp(workload, app));

  it('puts everything in gv-playground, except the few kube-system and cluster-wide objects', () => {
    for (const object of build().objects) {
      if (CLUSTER_SCOPED.includes(object.kind)) continue;
      const expected = KUBE_SYSTEM_OBJECTS.includes(
        `${object.kind}/${baseName(object.metadata.name)}`,
      )
        ? 'kube-system'
        : NAMESPACE;
      expect(object.metadata.namespace, idOf(object)).toBe(expected);
    }
    expect(objectsOfKind(build(), 'Namespace').map((ns) => ns.metadata.labels)).toEqual([
      expect.objectContaining({ 'pod-security.kubernetes.io/enforce': 'restricted' }),
    ]);
  });

  it('pins every image to a version (never :latest or untagged)', () => {
    for (const workload of workloads()) {
      for (const container of containersOf(workload.pod)) {
        const where = `${workload.id}/${container.name}: ${container.image}`;
        expect(container.image, where).toMatch(/^[^@]+:[\w][\w.-]*$|@sha256:[a-f0-9]{64}$/);
        expect(container.image, where).not.toMatch(/:latest$/);
      }
    }
    if (AWS_OVERLAYS.includes(overlay)) {
      const appImages = workloads()
        .flatMap((workload) => workload.pod.containers.map((container) => container.image))
        .filter((image) => image.includes('gv-playground-'));
      expect(appImages.length).toBeGreaterThan(0);
      for (const image of appImages)
        expect(image).toMatch(
          /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/gv-playground-(backend|frontend)[:@]/,
        );
    }
  });

  it('gives every container requests and limits for CPU and memory', () => {
    for (const workload of workloads()) {
      for (const container of containersOf(workload.pod)) {
        const where = `${workload.id}/${container.name}`;
        for (const kind of ['requests', 'limits'] as const) {
          expect(Object.keys(container.resources?.[kind] ?? {}).sort(), `${where} ${kind}`).toEqual(
            ['cpu', 'memory'],
          );
        }
      }
    }
  });

  it('hardens every container: non-root, read-only root, no privilege escalation, no capabilities, seccomp', () => {
    for (const workload of workloads()) {
      for (const container of containersOf(workload.pod)) {
        const where = `${workload.namespace}/${workload.id}/${container.name}`;
        const context = container.securityContext ?? {};
        expect(context.allowPrivilegeEscalation, where).toBe(false);
        expect(context.capabilities?.drop, where).toEqual(['ALL']);
        expect(context.capabilities?.add, where).toBeUndefined();
        expect(
          context.seccompProfile?.type ?? workload.pod.securityContext?.seccompProfile?.type,
          where,
        ).toBe('RuntimeDefault');
        if (HARDENING_EXCEPTIONS[where]) continue;
        expect(context.readOnlyRootFilesystem, where).toBe(true);
        expect(context.runAsNonRoot ?? workload.pod.securityContext?.runAsNonRoot, where).toBe(
          true,
        );
        expect(
          workload.pod.securityContext?.runAsUser ?? 0,
          `${where} runs as a non-zero uid`,
        ).toBeGreaterThan(0);
      }
    }
  });

  it('probes the backend on the paths it serves, and the frontend on nginx /healthz', () => {
    const backend = appWorkloads('gv-backend');
    const frontend = appWorkloads('gv-frontend');
    expect(backend.length).toBeGreaterThan(0);
    expect(frontend.length).toBeGreaterThan(0);
    for (const workload of backend) {
      const container = workload.pod.containers[0] as Container;
      expect(container.startupProbe?.httpGet?.path, workload.id).toBe(BACKEND_PROBES.startup);
      expect(container.readinessProbe?.httpGet?.path, workload.id).toBe(BACKEND_PROBES.readiness);
      expect(container.livenessProbe?.httpGet?.path, workload.id).toBe(BACKEND_PROBES.liveness);
    }
    for (const workload of frontend) {
      const container = workload.pod.containers[0] as Container;
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        const probePath = probe?.httpGet?.path ?? '';
        expect(nginxTemplate, `${workload.id} probes ${probePath}`).toContain(
          `location = ${probePath} {`,
        );
      }
    }
    // Every HTTP probe targets a port the container declares.
    for (const workload of workloads()) {
      for (const container of workload.pod.containers) {
        for (const probe of [
          container.startupProbe,
          container.readinessProbe,
          container.livenessProbe,
        ]) {
          const port = probe?.httpGet?.port;
          if (port === undefined) continue;
          const declared = (container.ports ?? []).some(
            (p) => p.name === port || p.containerPort === port,
          );
          expect(declared, `${workload.id}/${container.name} probe port ${port}`).toBe(true);
        }
      }
    }
  });

  it('rolls out without losing capacity and drains before the process stops', () => {
    const config = objectsOfKind(build(), 'ConfigMap').find(
      (map) => baseName(map.metadata.name) === 'gv-backend-config',
    );
    const shutdownTimeout = durationSeconds(
      (config?.data as Record<string, string>).SHUTDOWN_TIMEOUT ?? '10s',
    );
    for (const workload of [...appWorkloads('gv-backend'), ...appWorkloads('gv-frontend')]) {
      const strategy = specOf<{
        strategy: { type: string; rollingUpdate: { maxUnavailable: number } };
      }>(workload.object).strategy;
      expect(strategy.type, workload.id).toBe('RollingUpdate');
      expect(strategy.rollingUpdate.maxUnavailable, workload.id).toBe(0);
      const container = workload.pod.containers[0] as Container;
      const preStop = preStopSeconds(container);
      expect(preStop, `${workload.id} preStop pause`).toBeGreaterThan(0);
      const drain = isApp(workload, 'gv-backend') ? shutdownTimeout : 0;
      expect(workload.pod.terminationGracePeriodSeconds ?? 30, workload.id).toBeGreaterThan(
        preStop + drain,
      );
      const zones = (workload.pod.topologySpreadConstraints ?? []).map(
        (constraint) => constraint.topologyKey,
      );
      expect(zones, `${workload.id} spreads across zones`).toContain('topology.kubernetes.io/zone');
    }
  });

  it('has workload selectors that match their own pod labels', () => {
    for (const workload of workloads()) {
      if (workload.selector)
        expect(selects(workload.selector, workload.podLabels), workload.id).toBe(true);
    }
  });

  it('has Services that select pods, on ports those pods declare', () => {
    for (const service of objectsOfKind(build(), 'Service')) {
      const spec = specOf<{
        selector: Record<string, string>;
        ports: { targetPort: string | number }[];
      }>(service);
      const pods = workloads().filter(
        (workload) =>
          workload.namespace === service.metadata.namespace &&
          selects(spec.selector, workload.podLabels),
      );
      expect(pods.length, `Service/${service.metadata.name} selects no pod`).toBeGreaterThan(0);
      for (const { targetPort } of spec.ports) {
        for (const pod of pods) {
          const declared = pod.pod.containers.some((container) =>
            (container.ports ?? []).some(
              (port) => port.name === targetPort || port.containerPort === targetPort,
            ),
          );
          expect(declared, `Service/${service.metadata.name} → ${pod.id} port ${targetPort}`).toBe(
            true,
          );
        }
      }
    }
  });

  it('has autoscalers, disruption budgets and network policies that point at real workloads', () => {
    for (const hpa of objectsOfKind(build(), 'HorizontalPodAutoscaler')) {
      const target = specOf<{ scaleTargetRef: { kind: string; name: string } }>(hpa).scaleTargetRef;
      const found = workloads().some((workload) => workload.id === `${target.kind}/${target.name}`);
      expect(found, `HPA/${hpa.metadata.name} → ${target.kind}/${target.name}`).toBe(true);
      const metrics = specOf<{ metrics: { resource: { name: string } }[] }>(hpa).metrics.map(
        (m) => m.resource.name,
      );
      expect(metrics.sort(), `HPA/${hpa.metadata.name}`).toEqual(['cpu', 'memory']);
    }
    for (const pdb of objectsOfKind(build(), 'PodDisruptionBudget')) {
      const selector = specOf<{ selector: { matchLabels: Record<string, string> } }>(pdb).selector;
      expect(
        workloads().some((w) => selectorMatches(selector, w.podLabels)),
        `PDB/${pdb.metadata.name}`,
      ).toBe(true);
    }
    for (const policy of objectsOfKind(build(), 'NetworkPolicy')) {
      const selector = specOf<{ podSelector: { matchLabels?: Record<string, string> } }>(
        policy,
      ).podSelector;
      if (Object.keys(selector).length === 0) continue; // {} selects every pod of the namespace
      const matched = workloads().some(
        (workload) =>
          workload.namespace === policy.metadata.namespace &&
          selectorMatches(selector, workload.podLabels),
      );
      expect(matched, `NetworkPolicy/${policy.metadata.name} selects no pod`).toBe(true);
    }
    // Both apps are covered by a HPA and a PDB.
    for (const app of ['gv-backend', 'gv-frontend']) {
      for (const workload of appWorkloads(app)) {
        const scaled = objectsOfKind(build(), 'HorizontalPodAutoscaler').some(
          (hpa) =>
            specOf<{ scaleTargetRef: { name: string } }>(hpa).scaleTargetRef.name ===
            workload.object.metadata.name,
        );
        expect(scaled, `${workload.id} has a HPA`).toBe(true);
        const budgeted = objectsOfKind(build(), 'PodDisruptionBudget').some((pdb) =>
          selectorMatches(
            specOf<{ selector: { matchLabels: Record<string, string> } }>(pdb).selector,
            workload.podLabels,
          ),
        );
        expect(budgeted, `${workload.id} has a PDB`).toBe(true);
      }
    }
  });

  it('routes /api to the backend and / to the frontend, and never exposes /metrics', () => {
    const [ingress] = objectsOfKind(build(), 'Ingress');
    const rules = specOf<{
      rules: {
        http: {
          paths: { path: string; backend: { service: { name: string; port: { name: string } } } }[];
        };
      }[];
    }>(ingress as K8sObject).rules;
    const paths = rules.flatMap((rule) => rule.http.paths);
    expect(paths.map((p) => [p.path, p.backend.service.name])).toEqual([
      ['/api', 'gv-backend'],
      ['/', 'gv-frontend'],
    ]);
    for (const { path: prefix, backend } of paths) {
      const service = objectsOfKind(build(), 'Service').find(
        (s) => s.metadata.name === backend.service.name,
      );
      expect(service, `Ingress → Service/${backend.service.name}`).toBeDefined();
      const ports = specOf<{ ports: { name: string }[] }>(service as K8sObject).ports.map(
        (port) => port.name,
      );
      expect(ports).toContain(backend.service.port.name);
      expect(prefix).not.toBe('/metrics');
      if (backend.service.name === 'gv-backend') expect('/metrics'.startsWith(prefix)).toBe(false);
    }
    // What reaches the frontend at /metrics is nginx's own 404.
    expect(nginxTemplate).toMatch(/location = \/metrics \{\s*return 404;/);
  });

  it('trusts exactly one proxy hop, the ALB, for client addresses (no forged X-Forwarded-For)', () => {
    // The Ingress sends /api straight to gv-backend: one hop. Trusting more (or "every private
    // address") would let a client's own X-Forwarded-For pick rate-limit keys and audit IPs.
    const config = objectsOfKind(build(), 'ConfigMap').find(
      (map) => baseName(map.metadata.name) === 'gv-backend-config',
    );
    expect((config?.data as Record<string, string> | undefined)?.TRUST_PROXY).toBe('1');
  });

  it('gives the backend only configuration variables its schema knows, and the secrets it needs', () => {
    const config = objectsOfKind(build(), 'ConfigMap').filter(
      (map) => baseName(map.metadata.name) === 'gv-backend-config',
    );
    expect(config).toHaveLength(1);
    const keys = Object.keys((config[0] as K8sObject).data as Record<string, string>);
    expect(keys.filter((key) => !KNOWN_ENV_VARS.includes(key))).toEqual([]);
    for (const externalSecret of objectsOfKind(build(), 'ExternalSecret')) {
      const secretKeys = specOf<{ data: { secretKey: string }[] }>(externalSecret).data.map(
        (entry) => entry.secretKey,
      );
      expect(secretKeys.filter((key) => !KNOWN_ENV_VARS.includes(key))).toEqual([]);
      expect(secretKeys).toEqual(expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET']));
    }
    const provided = secretsProvided(build());
    for (const workload of workloads()) {
      for (const container of containersOf(workload.pod)) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) {
            const names = objectsOfKind(build(), 'ConfigMap').map((map) => map.metadata.name);
            expect(names, `${workload.id} envFrom`).toContain(source.configMapRef.name);
          }
          if (source.secretRef)
            expect(provided, `${workload.id} envFrom`).toContain(source.secretRef.name);
        }
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.secretKeyRef;
          if (ref) expect(provided, `${workload.id} ${variable.name}`).toContain(ref.name);
        }
      }
    }
  });

  it('mounts only ConfigMaps and Secrets that exist, with the keys mounted by subPath', () => {
    const configMaps = objectsOfKind(build(), 'ConfigMap');
    const provided = secretsProvided(build());
    for (const workload of workloads()) {
      for (const volume of workload.pod.volumes ?? []) {
        if (volume.configMap) {
          const map = configMaps.find(
            (candidate) =>
              candidate.metadata.name === volume.configMap?.name &&
              candidate.metadata.namespace === workload.namespace,
          );
          expect(
            map,
            `${workload.id} volume ${volume.name} → ConfigMap/${volume.configMap.name}`,
          ).toBeDefined();
          for (const container of workload.pod.containers) {
            for (const mount of (container.volumeMounts ?? []).filter(
              (m) => m.name === volume.name && m.subPath,
            )) {
              expect(Object.keys((map?.data ?? {}) as object), `${workload.id} subPath`).toContain(
                mount.subPath,
              );
            }
          }
        }
        if (volume.secret && !volume.secret.optional)
          expect(provided).toContain(volume.secret.secretName);
      }
    }
  });

  it('lets Prometheus find the backend metrics on their own port, which no Service exposes', () => {
    const config = objectsOfKind(build(), 'ConfigMap').find(
      (map) => baseName(map.metadata.name) === 'gv-backend-config',
    )?.data as Record<string, string>;
    for (const workload of appWorkloads('gv-backend')) {
      const ports = workload.pod.containers[0]?.ports ?? [];
      const metricsPort = ports.find((p) => p.name === 'metrics')?.containerPort;
      const httpPort = ports.find((p) => p.name === 'http')?.containerPort;
      expect(metricsPort, workload.id).toBe(Number(config.METRICS_PORT));
      expect(metricsPort).not.toBe(httpPort);
      expect(workload.podAnnotations, workload.id).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(metricsPort),
        'prometheus.io/path': '/metrics',
      });
    }
    for (const service of objectsOfKind(build(), 'Service')) {
      const ports = (service.spec as { ports?: Array<{ port: number; targetPort?: unknown }> })
        .ports;
      for (const port of ports ?? []) {
        expect([port.port, port.targetPort], service.metadata.name).not.toContain('metrics');
        expect([port.port, port.targetPort], service.metadata.name).not.toContain(
          Number(config.METRICS_PORT),
        );
      }
    }
  });

  it('migrates with the backend image and the same command as compose, before rollouts', () => {
    const [job] = objectsOfKind(build(), 'Job').filter(
      (object) => object.metadata.name === 'gv-backend-migrate',
    );
    expect(job).toBeDefined();
    const migrate = workloadsOf(build()).find((workload) => workload.object === job) as Workload;
    const container = migrate.pod.containers[0] as Container;
    expect(container.command).toEqual(compose.services.migrate.command);
    const backendImage = appWorkloads('gv-backend')[0]?.pod.containers[0]?.image;
    expect(container.image).toBe(backendImage);
    expect(migrate.object.metadata.labels?.['app.kubernetes.io/component']).toBe('migration');
  });

  it('denies all traffic by default and opens only the documented paths', () => {
    const policies = objectsOfKind(build(), 'NetworkPolicy');
    const byName = (policyName: string) =>
      policies.find((policy) => policy.metadata.name === policyName);
    expect(specOf(byName('default-deny-all') as K8sObject)).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(byName('allow-dns')).toBeDefined();
    const backend = specOf<{
      ingress: { ports: { port: number }[] }[];
      egress: { ports: { port: number }[] }[];
    }>(byName('gv-backend') as K8sObject);
    expect(backend.ingress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual([3000]);
    expect(backend.egress.flatMap((rule) => rule.ports.map((p) => p.port)).sort()).toEqual([
      5432, 6379,
    ]);
    const frontend = specOf<{ ingress: { ports: { port: number }[] }[] }>(
      byName('gv-frontend') as K8sObject,
    );
    expect(frontend.ingress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual([8080]);
  });

  if (AWS_OVERLAYS.includes(overlay)) {
    it('takes every AWS identifier from settings.env (no placeholder left)', () => {
      expect(JSON.stringify(build().objects)).not.toMatch(
        /set-by-overlay|gv-playground\/environment\//,
      );
      const settings = Object.fromEntries(
        readFileSync(path.join(repoRoot, 'infra/k8s/overlays', overlay, 'settings.env'), 'utf8')
          .split('\n')
          .filter((line) => line.includes('='))
          .map((line) => line.split('=') as [string, string]),
      );
      const accounts = build().objects.filter((object) => object.kind === 'ServiceAccount');
      const roleOf = (account: string) =>
        accounts.find((sa) => sa.metadata.name === account)?.metadata.annotations?.[
          'eks.amazonaws.com/role-arn'
        ];
      expect(roleOf('gv-backend')).toBe(settings.BACKEND_ROLE_ARN);
      expect(roleOf('gv-backup')).toBe(settings.BACKUP_ROLE_ARN);
      if (build().components.includes('logging'))
        expect(roleOf('fluentd')).toBe(settings.FLUENTD_ROLE_ARN);
      const keys = specOf<{ data: { remoteRef: { key: string } }[] }>(
        objectsOfKind(build(), 'ExternalSecret')[0] as K8sObject,
      ).data.map((entry) => entry.remoteRef.key);
      expect(keys).toEqual(
        expect.arrayContaining([
          `gv-playground/${overlay}/database-url`,
          `gv-playground/${overlay}/jwt-secret`,
        ]),
      );
      expect(keys.every((key) => key.startsWith(`gv-playground/${overlay}/`))).toBe(true);
    });

    it('serves HTTPS only through the ALB with the WAF and real health checks', () => {
      const [ingress] = objectsOfKind(build(), 'Ingress');
      const annotations = ingress?.metadata.annotations ?? {};
      expect(specOf<{ ingressClassName: string }>(ingress as K8sObject).ingressClassName).toBe(
        'alb',
      );
      expect(annotations).toMatchObject({
        'alb.ingress.kubernetes.io/ssl-redirect': '443',
        'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
      });
      expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toMatch(/^arn:aws:acm:/);
      expect(annotations['alb.ingress.kubernetes.io/wafv2-acl-arn']).toMatch(/^arn:aws:wafv2:/);
      const healthPath = (service: string) =>
        objectsOfKind(build(), 'Service').find((s) => s.metadata.name === service)?.metadata
          .annotations?.['alb.ingress.kubernetes.io/healthcheck-path'];
      expect(healthPath('gv-backend')).toBe(BACKEND_PROBES.readiness);
      expect(nginxTemplate).toContain(`location = ${healthPath('gv-frontend')} {`);
    });

    it('backs the database up every night to S3 with its own IAM role', () => {
      const [cronJob] = objectsOfKind(build(), 'CronJob');
      const backup = workloadsOf(build()).find(
        (workload) => workload.object === cronJob,
      ) as Workload;
      expect(specOf<{ schedule: string }>(cronJob as K8sObject).schedule).toMatch(
        /^\d+ \d+ \* \* \*$/,
      );
      expect(backup.pod.serviceAccountName).toBe('gv-backup');
      expect(backup.pod.initContainers?.[0]?.command?.[0]).toBe('pg_dump');
      expect(backup.pod.containers[0]?.command?.slice(0, 3)).toEqual(['aws', 's3', 'cp']);
    });
  } else {
    it('runs without AWS: in-cluster PostgreSQL and Redis, nginx ingress, Secrets from .env', () => {
      const kinds = build().objects.map(idOf);
      expect(kinds).toEqual(expect.arrayContaining(['StatefulSet/postgres', 'Deployment/redis']));
      expect(kinds.some((id) => /^(ExternalSecret|SecretStore|CronJob)\//.test(id))).toBe(false);
      const [ingress] = objectsOfKind(build(), 'Ingress');
      expect(specOf<{ ingressClassName: string }>(ingress as K8sObject).ingressClassName).toBe(
        'nginx',
      );
      // Secrets are not in the overlay (it must build on a fresh clone); overlays/local/secrets
      // generates them from .env under the exact names the overlay refers to.
      expect(objectsOfKind(build(), 'Secret')).toEqual([]);
      const secrets = objectsOfKind(localSecrets as Build, 'Secret');
      expect(
        secrets.map((secret) => [secret.metadata.namespace, secret.metadata.name]).sort(),
      ).toEqual([
        [NAMESPACE, 'grafana-admin'],
        [NAMESPACE, 'gv-backend-secrets'],
      ]);
      for (const secret of secrets) {
        expect(Object.keys(secret.data as object)).toEqual(
          expect.arrayContaining(['JWT_SECRET', 'POSTGRES_PASSWORD', 'GRAFANA_ADMIN_PASSWORD']),
        );
      }
    });
  }

  if (name === 'production') {
    it('runs blue-green with more pods, wider autoscaling and a minimum of available pods', () => {
      const services = objectsOfKind(build(), 'Service');
      const selectorOf = (service: string) =>
        specOf<{ selector: Record<string, string> }>(
          services.find((s) => s.metadata.name === service) as K8sObject,
        ).selector;
      expect(selectorOf('gv-backend')['app.kubernetes.io/track']).toBe('blue');
      expect(selectorOf('gv-backend-preview')['app.kubernetes.io/track']).toBe('green');
      expect(selectorOf('gv-frontend')['app.kubernetes.io/track']).toBe('blue');
      expect(selectorOf('gv-frontend-preview')['app.kubernetes.io/track']).toBe('green');
      const staging = buildNamed('staging');
      const minOf = (b: Build, app: string) =>
        Math.min(
          ...objectsOfKind(b, 'HorizontalPodAutoscaler')
            .filter((hpa) => hpa.metadata.labels?.['app.kubernetes.io/name'] === app)
            .map((hpa) => specOf<{ minReplicas: number }>(hpa).minReplicas),
        );
      const maxOf = (b: Build, app: string) =>
        Math.max(
          ...objectsOfKind(b, 'HorizontalPodAutoscaler')
            .filter((hpa) => hpa.metadata.labels?.['app.kubernetes.io/name'] === app)
            .map((hpa) => specOf<{ maxReplicas: number }>(hpa).maxReplicas),
        );
      for (const app of ['gv-backend', 'gv-frontend']) {
        expect(minOf(build(), app), app).toBeGreaterThan(minOf(staging, app));
        expect(maxOf(build(), app), app).toBeGreaterThan(maxOf(staging, app));
      }
      for (const pdb of objectsOfKind(build(), 'PodDisruptionBudget')) {
        expect(specOf(pdb), pdb.metadata.name).toMatchObject({ minAvailable: 2 });
        expect(specOf<{ maxUnavailable?: number }>(pdb).maxUnavailable).toBeUndefined();
      }
    });
  }
});

const backendMissing = backendUnavailable();
if (backendMissing)
  console.warn(`SKIP: probe paths against the running backend: ${backendMissing}`);

describe.skipIf(backendMissing)('probe paths against the running backend', () => {
  let database: TestDatabase | undefined;
  let backend: RunningProcess | undefined;
  let baseUrl = '';

  beforeAll(async () => {
    database = await createTestDatabase('gv_k8s_probes');
    const port = await freePort();
    const env = {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      SERVE_FRONTEND: 'false',
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PORT: String(port),
      METRICS_PORT: 'off',
      LOG_LEVEL: 'warn',
    };
    const cwd = path.join(repoRoot, 'backend');
    await runToCompletion('node', ['dist/db/cli/migrate.js'], { cwd, env });
    backend = startProcess('node', ['dist/server.js'], { cwd, env });
    baseUrl = `http://127.0.0.1:${port}`;
    await waitForStatus(`${baseUrl}/api/health/live`, 200, backend);
  });

  afterAll(async () => {
    await backend?.stop('SIGTERM');
    await database?.drop();
  });

  it('answers 200 on every HTTP probe path of every backend container in every build', async () => {
    const paths = new Set<string>();
    for (const build of builds) {
      for (const workload of workloadsOf(build).filter((w) => isApp(w, 'gv-backend'))) {
        for (const container of workload.pod.containers) {
          for (const probe of [
            container.startupProbe,
            container.readinessProbe,
            container.livenessProbe,
          ]) {
            if (probe?.httpGet) paths.add(probe.httpGet.path);
          }
        }
      }
    }
    expect(paths.size).toBeGreaterThan(0);
    for (const probePath of paths) {
      await waitForStatus(`${baseUrl}${probePath}`, 200, backend as RunningProcess, 10_000);
    }
  });
});
