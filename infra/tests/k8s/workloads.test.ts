// The workloads of every build held to the delivery policies: namespaces, pinned images, resources
// and hardening on every container, real probe paths, safe rollouts, selectors and ports that
// line up, autoscalers and budgets that point at real workloads.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAll, plannedBuilds, type Build } from '../../policy/k8s/kustomize.js';
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
} from '../../policy/k8s/workloads.js';
import {
  AWS_OVERLAYS,
  BACKEND_PROBES,
  CLUSTER_SCOPED,
  HARDENING_EXCEPTIONS,
  KUBE_SYSTEM_OBJECTS,
  NAMESPACE,
  baseName,
  findBuild,
  idOf,
  isApp,
  nginxTemplate,
} from './manifest-context.js';

let builds: Build[] = [];

beforeAll(async () => {
  ({ builds } = await buildAll());
});

const buildNamed = (name: string) => findBuild(builds, name);

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
});
