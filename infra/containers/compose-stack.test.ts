// The real compose stack: compose.yaml, unchanged, run by compose v2 on a private dockerd with the
// images podman built. Through the frontend's published port: the smoke test, the browser
// journeys, data kept across down/up, a forged X-Forwarded-For, a crash the restart policy heals;
// then the monitoring profile. Everything runs under one project name and is removed afterwards.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@gv/testing';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { admin } from '../../e2e/support/env.js';
import { run, step, waitFor } from './support/commands.js';
import { startDockerd, loadImages, type Dockerd } from './support/dockerd.js';
import { repoRoot } from './support/engines.js';
import { httpRequest, postJson } from './support/http.js';
import { builtImages, composeBases, qualify } from './support/images.js';

const skipReason = inject('containersSkipReason');
const project = `gv-stack-${randomBytes(3).toString('hex')}`;
const defaultServices = ['backend', 'frontend', 'migrate', 'postgres', 'redis'];
/** Grafana has no stand-in image (Debian does not package it): the rest of the profile runs. */
const monitoringServices = ['prometheus', 'alertmanager', 'postgres-exporter'];

interface ServiceState {
  Service: string;
  State: string;
  Health: string;
  ExitCode: number;
}

describe.skipIf(skipReason)('the compose stack', () => {
  let dockerd: Dockerd | undefined;
  let workDir = '';
  let envFile = '';
  /** Compose as shipped, plus the backend's mail folder on the host for the journeys to read. */
  let mailOverride = '';
  let mailDir = '';
  const ports = { frontend: 0, backend: 0, prometheus: 0, alertmanager: 0, grafana: 0 };
  let frontendUrl = '';

  let rateLimitsOn = false;
  // Made once: the database volume keeps the password it was initialised with across down/up.
  const secrets = {
    POSTGRES_PASSWORD: randomBytes(24).toString('hex'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    GRAFANA_ADMIN_PASSWORD: randomBytes(16).toString('hex'),
  };

  /** The .env compose reads: fresh secrets, this run's ports, the e2e admin account. */
  function writeEnv(rateLimits: boolean): void {
    rateLimitsOn = rateLimits;
    writeFileSync(
      envFile,
      Object.entries({
        ...secrets,
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        IMAGE_TAG: 'local',
        RATE_LIMIT_ENABLED: String(rateLimits),
        FRONTEND_PORT: ports.frontend,
        BACKEND_PORT: ports.backend,
        PROMETHEUS_PORT: ports.prometheus,
        ALERTMANAGER_PORT: ports.alertmanager,
        GRAFANA_PORT: ports.grafana,
      })
        .map(([key, value]) => `${key}=${value}`)
        .join('\n'),
    );
  }

  const compose = (args: string[], options: { allowFailure?: boolean; timeoutMs?: number } = {}) =>
    dockerd!.docker(
      [
        'compose',
        '--project-name',
        project,
        '--project-directory',
        repoRoot,
        '--file',
        'compose.yaml',
        '--file',
        mailOverride,
        '--env-file',
        envFile,
        ...args,
      ],
      { cwd: repoRoot, ...options },
    );

  async function states(): Promise<ServiceState[]> {
    const { stdout } = await compose(['ps', '--all', '--format', 'json']);
    const text = stdout.trim();
    // compose prints one JSON object per line (older releases: one array).
    return text.startsWith('[')
      ? (JSON.parse(text) as ServiceState[])
      : text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as ServiceState);
  }

  async function up(services: string[] = [], profile?: string): Promise<void> {
    const result = await compose(
      [
        ...(profile ? ['--profile', profile] : []),
        'up',
        '--detach',
        '--no-build',
        '--wait',
        ...services,
      ],
      { allowFailure: true, timeoutMs: 5 * 60_000 },
    );
    if (result.code !== 0) {
      const logs = await compose(['logs', '--no-color', '--tail=30'], { allowFailure: true });
      throw new Error(
        `compose up failed:\n${result.stderr.slice(-3000)}\n--- logs ---\n${logs.stdout.slice(-6000)}`,
      );
    }
  }

  async function login(email: string, password: string) {
    return postJson(`${frontendUrl}/api/auth/login`, { email, password });
  }

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), 'gv-compose-'));
    envFile = path.join(workDir, 'stack.env');
    // Without SMTP_URL the backend writes each mail to DATA_DIR/mail (on /tmp in the image); the
    // admin journey confirms an address from there before promoting it, as a person would from
    // their inbox. The container's user (uid 1000) writes into the host folder.
    mailDir = path.join(workDir, 'mail');
    mkdirSync(mailDir);
    chmodSync(mailDir, 0o777);
    mailOverride = path.join(workDir, 'mail-folder.yaml');
    writeFileSync(
      mailOverride,
      `services:\n  backend:\n    volumes:\n      - ${mailDir}:/tmp/gv-playground/mail\n`,
    );
    for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
    frontendUrl = `http://127.0.0.1:${ports.frontend}`;
    writeEnv(false);
    dockerd = await step('start a private dockerd', startDockerd);
    const refs = [...builtImages.map((image) => image.ref), ...composeBases().map(qualify)];
    const loaded = await step('load the images into dockerd', () => loadImages(dockerd!, refs));
    console.log(
      `containers: loaded ${loaded.length ? loaded.join(', ') : 'nothing (all current)'}`,
    );
  });

  afterAll(async () => {
    if (dockerd) {
      await compose(
        ['--profile', 'monitoring', 'down', '--volumes', '--remove-orphans', '--timeout=10'],
        {
          allowFailure: true,
        },
      );
      await dockerd.stop();
    }
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('passes `docker compose config --quiet` (the strict parser)', async () => {
    const result = await compose(['config', '--quiet'], { allowFailure: true });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('brings every default service up healthy (up --wait), migrations completed', async () => {
    await step('compose up --wait', () => up());
    const byService = new Map((await states()).map((state) => [state.Service, state]));
    expect([...byService.keys()].sort()).toEqual(defaultServices);
    for (const name of ['backend', 'frontend', 'postgres', 'redis']) {
      expect([name, byService.get(name)?.State, byService.get(name)?.Health]).toEqual([
        name,
        'running',
        'healthy',
      ]);
    }
    expect(byService.get('migrate')).toMatchObject({ State: 'exited', ExitCode: 0 });
  });

  it('passes the smoke test through the frontend', async () => {
    const result = await step('npm run smoke', () =>
      run('npm', ['run', 'smoke', '--', frontendUrl, '--expect-frontend'], {
        cwd: repoRoot,
        allowFailure: true,
        timeoutMs: 3 * 60_000,
      }),
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it('passes the browser journeys through the frontend (sign-up, sign-in, sessions, admin)', async () => {
    const result = await step('Playwright journeys', () =>
      run(
        'node',
        [
          'scripts/run.mjs',
          'playwright.config.ts',
          'tests/account.spec.ts',
          'tests/sessions.spec.ts',
          'tests/admin.spec.ts',
          // One retry: two browsers, the stack and the test runner share two busy cores here.
          '--retries=1',
        ],
        {
          cwd: path.join(repoRoot, 'e2e'),
          env: { ...process.env, E2E_BASE_URL: frontendUrl, E2E_MAIL_DIR: mailDir },
          allowFailure: true,
          timeoutMs: 8 * 60_000,
        },
      ),
    );
    expect(result.code, `${result.stdout.slice(-6000)}\n${result.stderr.slice(-2000)}`).toBe(0);
    expect(result.stdout).toMatch(/\d+ passed/);
  });

  it('keeps the data in its volume across down and up', async () => {
    const user = {
      email: `kept-${project}@example.com`,
      password: `pw-${randomBytes(8).toString('hex')}`,
      name: 'Kept',
    };
    expect((await postJson(`${frontendUrl}/api/auth/register`, user)).status).toBe(201);
    await step('compose down', () => compose(['down', '--timeout=15']));
    expect(await states()).toEqual([]);
    // From here on with the rate limits on, as shipped.
    writeEnv(true);
    await step('compose up --wait (again)', () => up());
    const again = await login(user.email, user.password);
    expect(again.status, again.text()).toBe(200);
  });

  it('keys rate limits on the client address nginx saw, whatever X-Forwarded-For says', async () => {
    if (!rateLimitsOn) {
      // Run on its own (vitest -t), this check first turns the rate limits on, as shipped.
      writeEnv(true);
      await step('compose up --wait (rate limits on)', () => up());
    }
    // Registration allows 20 attempts an hour per address. Each attempt forges a different
    // X-Forwarded-For: honoured, every one would start a fresh bucket and none would be refused.
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 22; attempt += 1) {
      const forged = `203.0.113.${attempt}`;
      const response = await postJson(
        `${frontendUrl}/api/auth/register`,
        {},
        { 'X-Forwarded-For': forged },
      );
      statuses.push(response.status);
    }
    expect(
      statuses.slice(0, 20).every((status) => status === 400),
      statuses.join(' '),
    ).toBe(true);
    expect(statuses.slice(20), statuses.join(' ')).toEqual([429, 429]);
  });

  it('restarts a killed backend (restart policy) and serves again', async () => {
    const container = (await compose(['ps', '--quiet', 'backend'])).stdout.trim();
    const pid = Number(
      (await dockerd!.docker(['inspect', '--format', '{{.State.Pid}}', container])).stdout.trim(),
    );
    expect(pid).toBeGreaterThan(1);
    process.kill(pid, 'SIGKILL');
    await step('backend restarted and healthy', () =>
      waitFor(
        'the killed backend is healthy again',
        async () => {
          const { stdout } = await dockerd!.docker([
            'inspect',
            '--format',
            '{{.RestartCount}} {{.State.Health.Status}}',
            container,
          ]);
          const [restarts, health] = stdout.trim().split(' ');
          return Number(restarts) >= 1 && health === 'healthy' ? true : undefined;
        },
        120_000,
        1_000,
      ),
    );
    expect((await httpRequest(`${frontendUrl}/api/health/ready`)).status).toBe(200);
  });

  describe('monitoring profile', () => {
    beforeAll(async () => {
      await step('compose --profile monitoring up --wait', () =>
        up(monitoringServices, 'monitoring'),
      );
    });

    it('lets Prometheus scrape the backend', async () => {
      const config = parse(
        await import('node:fs').then((fs) =>
          fs.readFileSync(
            path.join(repoRoot, 'infra/monitoring/prometheus/prometheus.yml'),
            'utf8',
          ),
        ),
      ) as { scrape_configs: { job_name: string }[] };
      const backendJob = config.scrape_configs.find((job) =>
        job.job_name.includes('backend'),
      )?.job_name;
      expect(backendJob).toBeDefined();
      const target = await step(`Prometheus target ${backendJob} up`, () =>
        waitFor(
          `Prometheus scrapes ${backendJob}`,
          async () => {
            const response = await httpRequest(
              `http://127.0.0.1:${ports.prometheus}/api/v1/targets`,
            );
            const body = JSON.parse(response.text()) as {
              data: {
                activeTargets: {
                  labels: Record<string, string>;
                  health: string;
                  lastError: string;
                }[];
              };
            };
            const found = body.data.activeTargets.find(
              (candidate) => candidate.labels.job === backendJob,
            );
            if (found && found.health !== 'up' && found.lastError) throw new Error(found.lastError);
            return found?.health === 'up' ? found : undefined;
          },
          90_000,
          2_000,
        ),
      );
      expect(target.health).toBe('up');
    });

    it('runs Alertmanager with a configuration amtool accepts', async () => {
      // amtool from the service's own image, reading the configuration as the service mounts it.
      const result = await compose(
        [
          '--profile',
          'monitoring',
          'run',
          '--rm',
          '--no-deps',
          '--entrypoint',
          'amtool',
          'alertmanager',
          'check-config',
          '/etc/alertmanager/alertmanager.yml',
        ],
        { allowFailure: true, timeoutMs: 120_000 },
      );
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toContain('SUCCESS');
    });
  });
});
