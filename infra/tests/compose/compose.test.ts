// compose.yaml against the Compose Specification schema (shipped in the dclint package), dclint's
// error rules, and the stack's own invariants: start order, health checks, files, secrets.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { DCLinter } from 'dclint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KNOWN_ENV_VARS } from '@gv/backend/config';
import { lastOf, parseDockerfile } from '../docker/dockerfile-model.js';
import { repoRoot } from '../../policy/support/tools.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  profiles?: string[];
  volumes?: string[];
  tmpfs?: string[];
  ports?: string[];
  restart?: string;
  read_only?: boolean;
  cap_drop?: string[];
}

interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const composePath = path.join(repoRoot, 'compose.yaml');
const source = readFileSync(composePath, 'utf8');
// Compose resolves YAML anchors and `<<` merge keys before it reads the file; so does this parse.
const compose = parse(source, { merge: true }) as ComposeFile;
const services = compose.services;
const core = Object.keys(services).filter((name) => !services[name]?.profiles);
const monitoring = Object.keys(services).filter((name) =>
  services[name]?.profiles?.includes('monitoring'),
);

function service(name: string): ComposeService {
  const found = services[name];
  if (!found) throw new Error(`compose.yaml has no service "${name}"`);
  return found;
}

/** Whether a service has a health check, its own or the HEALTHCHECK of the image it builds. */
function hasHealthcheck(name: string): boolean {
  const definition = service(name);
  if (definition.healthcheck) return true;
  if (!definition.build) return false;
  const dockerfile = path.join(
    repoRoot,
    definition.build.context,
    definition.build.dockerfile ?? 'Dockerfile',
  );
  const stages = parseDockerfile(dockerfile).stages;
  return lastOf(stages.at(-1)!, 'HEALTHCHECK') !== undefined;
}

describe('compose.yaml', () => {
  it('is valid against the Compose Specification JSON schema', () => {
    const require = createRequire(import.meta.url);
    const schemaFile = path.join(
      path.dirname(require.resolve('dclint/package.json')),
      'schemas/compose.schema.json',
    );
    // The file names its draft (07) with an https URL that Ajv does not register; Ajv's default
    // draft is 07 already, so the reference is dropped rather than loaded.
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<
      string,
      unknown
    >;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(
      schema,
    );
    const valid = validate(compose);
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
  });

  it('has no dclint errors (unbound ports, duplicate names, untagged images...)', () => {
    // build + image together is deliberate: `image` names what `build` makes, so
    // `up --no-build` runs the images built beforehand (infra/containers, CI's registry).
    const linter = new DCLinter({
      rules: { 'no-build-and-image': 0 },
      quiet: true,
      debug: false,
      exclude: [],
    });
    const [result] = linter.lintFiles([composePath], false);
    const messages: { type: string; line: number; message: string }[] = result?.messages ?? [];
    const errors = messages.filter((message) => message.type === 'error');
    expect(errors.map((message) => `${message.line}: ${message.message}`)).toEqual([]);
  });

  it('starts in order: postgres healthy → migrate completed → backend healthy → frontend', () => {
    expect(service('migrate').depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(service('backend').depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(service('frontend').depends_on).toEqual({ backend: { condition: 'service_healthy' } });
  });

  it('has a dependency graph without cycles, where every condition can be met', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]) => {
      expect(visiting.has(name), `cycle: ${[...trail, name].join(' → ')}`).toBe(false);
      if (done.has(name)) return;
      visiting.add(name);
      for (const [dependency, { condition }] of Object.entries(service(name).depends_on ?? {})) {
        expect(Object.keys(services), `${name} depends on ${dependency}`).toContain(dependency);
        if (condition === 'service_healthy') {
          expect(hasHealthcheck(dependency), `${name} waits for ${dependency} to be healthy`).toBe(
            true,
          );
        }
        if (condition === 'service_completed_successfully') {
          expect(service(dependency).restart, `${dependency} is one-shot`).toBe('no');
        }
        // A service that runs without a profile cannot wait for one that needs a profile.
        if (!service(name).profiles) expect(core, `${name} → ${dependency}`).toContain(dependency);
        visit(dependency, [...trail, name]);
      }
      visiting.delete(name);
      done.add(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
  });

  it('checks health the right way: pg_isready, redis ping, and the backend readiness path', () => {
    expect(service('postgres').healthcheck?.test.slice(0, 2)).toEqual(['CMD', 'pg_isready']);
    expect(service('redis').healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(service('backend').healthcheck?.test.join(' ')).toContain(
      `127.0.0.1:${service('backend').environment?.PORT ?? 3000}/api/health/ready`,
    );
    expect(hasHealthcheck('frontend')).toBe(true);
  });

  it('keeps PostgreSQL data in a named volume', () => {
    expect(service('postgres').volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain('postgres-data');
  });

  it('runs migrations as a one-shot service of the backend image', () => {
    const migrate = service('migrate');
    expect(migrate.build).toEqual(service('backend').build);
    expect(migrate.image).toBe(service('backend').image);
    expect(migrate.command).toEqual(['node', 'dist/db/cli/migrate.js']);
    expect(migrate.environment).toEqual(service('backend').environment);
  });

  it('leaves migrating to the migrate service: the backend starts with MIGRATE_ON_START=false', () => {
    expect(service('backend').environment?.MIGRATE_ON_START).toBe('false');
    expect(service('backend').depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
    });
  });

  it('refers only to files and folders that exist in the repository', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (definition.build) {
        const dockerfile = path.join(
          definition.build.context,
          definition.build.dockerfile ?? 'Dockerfile',
        );
        expect(existsSync(path.join(repoRoot, dockerfile)), `${name}: ${dockerfile}`).toBe(true);
      }
      for (const volume of definition.volumes ?? []) {
        const [hostPath] = volume.split(':');
        if (!hostPath?.startsWith('.')) {
          expect(Object.keys(compose.volumes), `${name}: named volume ${hostPath}`).toContain(
            hostPath,
          );
          continue;
        }
        expect(existsSync(path.join(repoRoot, hostPath)), `${name}: ${hostPath}`).toBe(true);
      }
    }
  });

  it('pins every pulled image to a version', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (definition.build) continue;
      expect(definition.image, name).toMatch(
        /:v?\d+\.\d+(\.\d+)?(-[a-z0-9.]+)?$|@sha256:[a-f0-9]{64}$/,
      );
    }
  });

  it('takes secrets only from .env and refuses to start without them', () => {
    const secretLike = /PASSWORD|SECRET|TOKEN|_PASS$/;
    for (const [name, definition] of Object.entries(services)) {
      for (const [key, value] of Object.entries(definition.environment ?? {})) {
        if (!secretLike.test(key) && !/:\/\/[^/]*:[^@]*@/.test(value)) continue;
        expect(value, `${name}.${key} comes from .env`).toMatch(/\$\{[A-Z_]+(:[?-][^}]*)?\}/);
      }
    }
    for (const variable of ['POSTGRES_PASSWORD', 'JWT_SECRET', 'GRAFANA_ADMIN_PASSWORD']) {
      expect(source, `${variable} is required`).toMatch(
        new RegExp(`\\$\\{${variable}:\\?[^}]+\\}`),
      );
    }
  });

  it('passes the backend only variables its configuration schema knows', () => {
    for (const name of ['backend', 'migrate']) {
      const unknown = Object.keys(service(name).environment ?? {}).filter(
        (key) => !KNOWN_ENV_VARS.includes(key),
      );
      expect(unknown, name).toEqual([]);
    }
  });

  it('hardens the application containers like Kubernetes does', () => {
    for (const name of ['migrate', 'backend', 'frontend', 'traffic']) {
      expect(service(name).read_only, name).toBe(true);
      expect(service(name).cap_drop, name).toEqual(['ALL']);
    }
  });

  it('points the frontend proxy at the backend service and port', () => {
    const backendPort = service('backend').environment?.PORT ?? '3000';
    expect(service('frontend').environment?.BACKEND_URL).toBe(`http://backend:${backendPort}`);
  });

  describe('monitoring profile', () => {
    let prometheusTargets: string[] = [];

    beforeAll(() => {
      const config = parse(
        readFileSync(path.join(repoRoot, 'infra/monitoring/prometheus/prometheus.yml'), 'utf8'),
      ) as { scrape_configs: { static_configs?: { targets: string[] }[] }[] };
      prometheusTargets = config.scrape_configs.flatMap((job) =>
        (job.static_configs ?? []).flatMap((group) => group.targets),
      );
    });

    it('holds prometheus, alertmanager, grafana and postgres-exporter, and nothing else', () => {
      expect(monitoring.sort()).toEqual([
        'alertmanager',
        'grafana',
        'postgres-exporter',
        'prometheus',
      ]);
      expect(core.sort()).toEqual(['backend', 'frontend', 'migrate', 'postgres', 'redis']);
    });

    it('mounts the configuration from infra/monitoring', () => {
      expect(service('prometheus').volumes).toEqual(
        expect.arrayContaining([
          './infra/monitoring/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro',
          './infra/monitoring/prometheus/rules:/etc/prometheus/rules:ro',
        ]),
      );
      expect(service('grafana').volumes?.[0]).toBe(
        './infra/monitoring/grafana/provisioning:/etc/grafana/provisioning:ro',
      );
      expect(service('alertmanager').volumes?.[0]).toMatch(
        /^\.\/infra\/monitoring\/alertmanager\/alertmanager\.yml:/,
      );
    });

    it('lets Prometheus reach every static scrape target by its compose service name', () => {
      for (const target of prometheusTargets) {
        const [host] = target.split(':');
        if (host === 'localhost') continue;
        expect(Object.keys(services), `scrape target ${target}`).toContain(host);
      }
      // /metrics is on the backend's metrics port, not on the port the frontend proxies to.
      expect(prometheusTargets).toContain(
        `backend:${service('backend').environment?.METRICS_PORT ?? 9464}`,
      );
    });

    it("points the backend's System page at the profile's Prometheus", () => {
      const containerPort = service('prometheus').ports?.[0]?.split(':').at(-1);
      expect(service('backend').environment?.PROMETHEUS_URL).toBe(
        `http://prometheus:${containerPort}`,
      );
    });
  });
  describe('traffic profile', () => {
    it('holds only the traffic generator, a one-shot run of the backend image', () => {
      const traffic = Object.keys(services).filter((name) =>
        services[name]?.profiles?.includes('traffic'),
      );
      expect(traffic).toEqual(['traffic']);
      expect(service('traffic').image).toBe(service('backend').image);
      expect(service('traffic').build).toEqual(service('backend').build);
      expect(service('traffic').restart).toBe('no');
    });

    it('runs the generator the backend image bundles, against the backend once it can serve', () => {
      const dockerfile = readFileSync(path.join(repoRoot, 'backend/Dockerfile'), 'utf8');
      const [node, script, ...args] = service('traffic').command ?? [];
      expect(node).toBe('node');
      expect(dockerfile).toMatch(new RegExp(`^COPY --from=build \\S+ \\./${script}$`, 'm'));
      const backendPort = service('backend').environment?.PORT ?? '3000';
      expect(args.slice(0, 2)).toEqual(['--base', `http://backend:${backendPort}`]);
      for (const option of ['--users', '--rate', '--duration']) expect(args).toContain(option);
      expect(service('traffic').depends_on).toEqual({ backend: { condition: 'service_healthy' } });
    });
  });

  describe('mail profile', () => {
    const maildevDir = path.join(repoRoot, 'infra/docker/maildev');

    it('holds only MailDev, built from infra/docker/maildev and tagged with its pinned version', () => {
      const mail = Object.keys(services).filter((name) =>
        services[name]?.profiles?.includes('mail'),
      );
      expect(mail).toEqual(['mail']);
      expect(service('mail').build).toEqual({ context: './infra/docker/maildev' });
      const manifest = JSON.parse(readFileSync(path.join(maildevDir, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      const lock = JSON.parse(readFileSync(path.join(maildevDir, 'package-lock.json'), 'utf8')) as {
        packages: Record<string, { version: string }>;
      };
      const version = manifest.dependencies.maildev;
      expect(version, 'an exact version, not a range').toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages['node_modules/maildev']?.version).toBe(version);
      expect(service('mail').image).toBe(`gv-playground-maildev:${version}`);
    });

    it('publishes the inbox and SMTP on this machine only', () => {
      expect(service('mail').ports).toEqual([
        '127.0.0.1:${MAIL_WEB_PORT:-1080}:1080',
        '127.0.0.1:${MAIL_SMTP_PORT:-1025}:1025',
      ]);
    });

    it('runs as a non-root user on a read-only file system, keeping mails in a tmpfs', () => {
      const stages = parseDockerfile(path.join(maildevDir, 'Dockerfile')).stages;
      const user = lastOf(stages.at(-1)!, 'USER')?.args[0] ?? '';
      expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      for (const stage of stages) expect(stage.imageTag ?? '').toMatch(/\d+\.\d+\.\d+/);
      expect(service('mail').read_only).toBe(true);
      expect(service('mail').cap_drop).toEqual(['ALL']);
      expect(service('mail').tmpfs).toEqual(['/tmp']);
    });

    it("is healthy when MailDev's web server answers /healthz", () => {
      expect(hasHealthcheck('mail')).toBe(true);
      const stages = parseDockerfile(path.join(maildevDir, 'Dockerfile')).stages;
      const check = lastOf(stages.at(-1)!, 'HEALTHCHECK');
      expect(check?.exec?.join(' ')).toContain('http://127.0.0.1:1080/healthz');
    });

    it('leaves the backend without SMTP_URL unless .env sets it, and never waits for MailDev', () => {
      expect(service('backend').environment?.SMTP_URL).toBe('${SMTP_URL:-}');
      expect(Object.keys(service('backend').depends_on ?? {})).not.toContain('mail');
    });
  });
});
