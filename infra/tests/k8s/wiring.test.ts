// How every build is wired: routes and proxy trust, configuration and secrets that exist, metrics
// discovery, the migration Job, network policies, and what each overlay adds (AWS identifiers,
// the ALB, backups; the local stand-ins; production's sizes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_ENV_VARS } from '@gv/backend/config';
import { repoRoot } from '../../policy/support/tools.js';
import { buildAll, plannedBuilds, type Build, type K8sObject } from '../../policy/k8s/kustomize.js';
import {
  containersOf,
  objectsOfKind,
  specOf,
  workloadsOf,
  type Container,
  type Workload,
} from '../../policy/k8s/workloads.js';
import {
  AWS_OVERLAYS,
  BACKEND_PROBES,
  NAMESPACE,
  baseName,
  compose,
  findBuild,
  idOf,
  isApp,
  nginxTemplate,
  secretsProvided,
} from './manifest-context.js';

let builds: Build[] = [];
let localSecrets: Build | undefined;

beforeAll(async () => {
  ({ builds, localSecrets } = await buildAll());
});

const buildNamed = (name: string) => findBuild(builds, name);

describe.each(plannedBuilds())('$name', ({ name, overlay }) => {
  const build = () => buildNamed(name);
  const workloads = () => workloadsOf(build());
  const appWorkloads = (app: string) => workloads().filter((workload) => isApp(workload, app));
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
      if (externalSecret.metadata.name === 'gv-backend-secrets')
        expect(secretKeys).toEqual(expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET']));
    }
    const provided = secretsProvided(build(), localSecrets);
    for (const workload of workloads()) {
      for (const container of containersOf(workload.pod)) {
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) {
            const names = objectsOfKind(build(), 'ConfigMap').map((map) => map.metadata.name);
            expect(names, `${workload.id} envFrom`).toContain(source.configMapRef.name);
          }
          if (source.secretRef && !source.secretRef.optional)
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
    const provided = secretsProvided(build(), localSecrets);
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

  it('points the System page at Prometheus where the build runs one, and lets the backend reach it', () => {
    const config = objectsOfKind(build(), 'ConfigMap').find(
      (map) => baseName(map.metadata.name) === 'gv-backend-config',
    )?.data as Record<string, string>;
    const prometheus = objectsOfKind(build(), 'Service').find(
      (service) => service.metadata.name === 'prometheus',
    );
    if (!prometheus) {
      expect(config.PROMETHEUS_URL).toBeUndefined();
      return;
    }
    const port = specOf<{ ports: { port: number }[] }>(prometheus).ports[0]?.port;
    expect(config.PROMETHEUS_URL).toBe(`http://prometheus:${port}`);

    type Peer = { podSelector?: { matchLabels?: Record<string, string> } };
    type Rule = { to?: Peer[]; from?: Peer[]; ports?: { port: number }[] };
    const policiesFor = (app: string) =>
      objectsOfKind(build(), 'NetworkPolicy')
        .map((policy) =>
          specOf<{
            podSelector: { matchLabels?: Record<string, string> };
            ingress?: Rule[];
            egress?: Rule[];
          }>(policy),
        )
        .filter((spec) => spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === app);
    const admits = (rules: Rule[], peers: 'to' | 'from', app: string) =>
      rules.some(
        (rule) =>
          (rule[peers] ?? []).some(
            (peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === app,
          ) && (rule.ports ?? []).some((p) => p.port === port),
      );
    // Both ends must allow it: the backend's egress and Prometheus's ingress.
    expect(
      admits(
        policiesFor('gv-backend').flatMap((p) => p.egress ?? []),
        'to',
        'prometheus',
      ),
    ).toBe(true);
    expect(
      admits(
        policiesFor('prometheus').flatMap((p) => p.ingress ?? []),
        'from',
        'gv-backend',
      ),
    ).toBe(true);
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

  it('leaves migrating to the Job: backend pods start with MIGRATE_ON_START=false', () => {
    // A pod that migrated at start would race the Job and run DDL under live traffic; with it off
    // a pod refuses to start on a schema the Job has not brought up to date.
    const configMaps = objectsOfKind(build(), 'ConfigMap');
    const backends = appWorkloads('gv-backend');
    expect(backends.length).toBeGreaterThan(0);
    for (const workload of backends) {
      for (const container of containersOf(workload.pod)) {
        let value: string | undefined;
        for (const source of container.envFrom ?? []) {
          const map = configMaps.find((c) => c.metadata.name === source.configMapRef?.name);
          value = (map?.data as Record<string, string> | undefined)?.MIGRATE_ON_START ?? value;
        }
        for (const variable of container.env ?? []) {
          if (variable.name === 'MIGRATE_ON_START') value = variable.value;
        }
        expect(value, `${workload.id} ${container.name}`).toBe('false');
      }
    }
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
      ingress: { from: { podSelector?: unknown }[]; ports: { port: number }[] }[];
      egress: { ports: { port: number }[] }[];
    }>(byName('gv-backend') as K8sObject);
    expect(backend.ingress.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual([3000, 9464]);
    // The metrics port (decision 140) admits Prometheus and nothing else.
    const metrics = backend.ingress.find((rule) => rule.ports.some((p) => p.port === 9464));
    expect(metrics?.from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    ]);
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
      const keys = objectsOfKind(build(), 'ExternalSecret').flatMap((secret) =>
        specOf<{ data: { remoteRef: { key: string } }[] }>(secret).data.map(
          (entry) => entry.remoteRef.key,
        ),
      );
      expect(keys).toEqual(
        expect.arrayContaining([
          `gv-playground/${overlay}/database-url`,
          `gv-playground/${overlay}/jwt-secret`,
          `gv-playground/${overlay}/smtp`,
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
