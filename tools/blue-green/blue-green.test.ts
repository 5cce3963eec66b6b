// The blue-green release (tools/blue-green). kubectl is the only part replaced: a
// fake cluster records the commands, keeps the Services' selectors, and answers port-forwards with
// small HTTP servers standing for the preview Services and Prometheus.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@gv/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kubectl, PortForward } from '../lib/kubectl.js';
import { trackErrorRatioQuery } from '../lib/prometheus.js';
import { blueGreenRelease, blueGreenRollback, type ReleaseOptions } from './deploy.js';
import { imageReference, isDegraded, liveTrackOf, smokeProblem } from './plan.js';

const BACKEND_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/gv-playground-backend:2.0.0';
const FRONTEND_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/gv-playground-frontend:2.0.0';

interface Scenario {
  /** What the new track's backend answers on /api/health/ready. */
  readyStatus?: number;
  /** Error ratios Prometheus returns, one per query (then the last one again). */
  errorRatios?: (number | null)[];
  /** Deployment whose rollout does not complete. */
  stuckRollout?: string;
}

/** A cluster in memory, driven through the Kubectl interface only. */
class FakeCluster implements Kubectl {
  readonly commands: string[] = [];
  readonly selectors: Record<string, string> = {
    'gv-backend': 'blue',
    'gv-frontend': 'blue',
    'gv-backend-preview': 'green',
    'gv-frontend-preview': 'green',
  };
  readonly images: Record<string, string> = {};
  readonly prometheusQueries: string[] = [];
  private readonly servers: Server[] = [];
  private errorIndex = 0;

  constructor(private readonly scenario: Scenario = {}) {}

  async run(args: string[]): Promise<string> {
    const [, namespace, verb, ...rest] = args;
    expect(namespace).toBe('gv-playground');
    this.commands.push([verb, ...rest].join(' '));
    if (verb === 'get') return this.selectors[rest[1] as string] ?? '';
    if (verb === 'set') {
      const [deployment, assignment] = [rest[1] as string, rest[2] as string];
      this.images[deployment.replace('deployment/', '')] = assignment.split('=')[1] as string;
      return '';
    }
    if (verb === 'rollout') {
      if (rest[1] === `deployment/${this.scenario.stuckRollout}`) {
        throw new Error('error: deployment "gv-backend-green" exceeded its progress deadline');
      }
      return 'successfully rolled out';
    }
    if (verb === 'patch') {
      const patch = JSON.parse(rest[rest.length - 1] as string) as {
        spec: { selector: Record<string, string> };
      };
      this.selectors[rest[1] as string] = patch.spec.selector['app.kubernetes.io/track'] as string;
      return '';
    }
    throw new Error(`unexpected kubectl ${args.join(' ')}`);
  }

  async portForward(_namespace: string, target: string): Promise<PortForward> {
    this.commands.push(`port-forward ${target}`);
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (target === 'svc/prometheus') {
        this.prometheusQueries.push(url.searchParams.get('query') ?? '');
        const ratios = this.scenario.errorRatios ?? [0];
        const ratio = ratios[Math.min(this.errorIndex++, ratios.length - 1)] ?? null;
        const result =
          ratio === null ? [] : [{ metric: {}, value: [1_700_000_000, String(ratio)] }];
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
        return;
      }
      const responses: Record<string, [number, string]> = {
        '/api/health/live': [200, '{"status":"ok"}'],
        '/api/health/ready': [this.scenario.readyStatus ?? 200, '{"status":"ready"}'],
        '/api/openapi.json': [200, '{"openapi":"3.1.0"}'],
        '/healthz': [200, 'ok\n'],
        '/': [200, '<!doctype html><div id="root"></div>'],
      };
      const [status, body] = responses[url.pathname] ?? [404, 'not found'];
      res.statusCode = status;
      res.end(body);
    });
    this.servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((done) => server.close(() => done())),
    };
  }

  /** The commands that change the cluster, in order. */
  changes(): string[] {
    return this.commands.filter((command) => /^(set|patch)/.test(command));
  }

  async closeAll(): Promise<void> {
    await Promise.all(
      this.servers.filter((s) => s.listening).map((s) => new Promise((done) => s.close(done))),
    );
  }
}

const options: ReleaseOptions = {
  environment: 'production',
  namespace: 'gv-playground',
  images: { 'gv-backend': BACKEND_IMAGE, 'gv-frontend': FRONTEND_IMAGE },
  rolloutTimeoutMs: 600_000,
  watchMs: 300_000,
  intervalMs: 30_000,
  budget: { maxErrorRatio: 0.05, consecutiveSamples: 2 },
  dryRun: false,
  prometheus: { service: 'prometheus', port: 9090 },
};

let cluster: FakeCluster | undefined;
const logged: string[] = [];

async function release(scenario: Scenario) {
  cluster = new FakeCluster(scenario);
  const outcome = await blueGreenRelease(options, {
    kubectl: cluster,
    log: (line) => logged.push(line),
    sleep: async () => {},
  });
  return { outcome, cluster };
}

afterEach(async () => {
  await cluster?.closeAll();
  logged.length = 0;
});

describe('blue-green release', () => {
  it('rolls the idle track, smoke-tests it, switches, and keeps it when the error rate stays low', async () => {
    const { outcome, cluster } = await release({ errorRatios: [0.001, 0, null, 0.01] });
    expect(outcome).toEqual({ result: 'switched', live: 'green', previous: 'blue' });
    expect(cluster.images).toEqual({
      'gv-backend-green': BACKEND_IMAGE,
      'gv-frontend-green': FRONTEND_IMAGE,
    });
    expect(cluster.selectors).toEqual({
      'gv-backend': 'green',
      'gv-frontend': 'green',
      'gv-backend-preview': 'blue',
      'gv-frontend-preview': 'blue',
    });
    // Order matters: new images, finished rollouts and smoke tests come before any switch.
    const order = (prefix: string) =>
      cluster.commands.findIndex((command) => command.startsWith(prefix));
    expect(order('set image deployment/gv-backend-green')).toBeLessThan(
      order('rollout status deployment/gv-backend-green'),
    );
    expect(order('rollout status deployment/gv-frontend-green')).toBeLessThan(
      order('port-forward svc/gv-backend-preview'),
    );
    expect(order('port-forward svc/gv-frontend-preview')).toBeLessThan(
      order('patch service gv-backend'),
    );
    expect(cluster.prometheusQueries).toHaveLength(10);
    // The ratio the recording rules keep per track, for the new track only.
    expect(cluster.prometheusQueries[0]).toBe(
      'job_track:http_request_errors:ratio_rate5m{job="gv-backend",track="green"}',
    );
    expect(logged.join('\n')).toMatch(
      /\[1\/6\][\s\S]*\[2\/6\][\s\S]*\[3\/6\][\s\S]*\[4\/6\][\s\S]*\[5\/6\][\s\S]*\[6\/6\] Done/,
    );
  });

  it('does not switch when the smoke test through the preview Service fails', async () => {
    const { outcome, cluster } = await release({ readyStatus: 503 });
    expect(outcome).toMatchObject({ result: 'not-switched', live: 'blue' });
    expect(outcome.result === 'not-switched' && outcome.reason).toContain(
      'GET /api/health/ready answered 503',
    );
    expect(cluster.changes().some((command) => command.startsWith('patch'))).toBe(false);
    expect(cluster.selectors['gv-backend']).toBe('blue');
    expect(cluster.prometheusQueries).toEqual([]);
  });

  it('does not switch when the idle track does not finish rolling out', async () => {
    const { outcome, cluster } = await release({ stuckRollout: 'gv-backend-green' });
    expect(outcome).toMatchObject({ result: 'not-switched', live: 'blue' });
    expect(cluster.commands.some((command) => command.startsWith('port-forward'))).toBe(false);
    expect(cluster.selectors['gv-frontend']).toBe('blue');
  });

  it('switches back by itself when the error rate degrades after the switch', async () => {
    const { outcome, cluster } = await release({ errorRatios: [0.01, 0.2, 0.31] });
    expect(outcome).toMatchObject({ result: 'switched-back', live: 'blue' });
    const patches = cluster
      .changes()
      .filter((command) => command.startsWith('patch service gv-backend '));
    expect(
      patches.map((command) => JSON.parse(command.slice(command.indexOf('{'))) as unknown),
    ).toEqual([
      { spec: { selector: { 'app.kubernetes.io/track': 'green' } } },
      { spec: { selector: { 'app.kubernetes.io/track': 'blue' } } },
    ]);
    expect(cluster.selectors).toEqual({
      'gv-backend': 'blue',
      'gv-frontend': 'blue',
      'gv-backend-preview': 'green',
      'gv-frontend-preview': 'green',
    });
    // It stopped watching as soon as two samples in a row were over budget.
    expect(cluster.prometheusQueries).toHaveLength(3);
  });

  it('rides out a single spike in the error rate', async () => {
    const { outcome } = await release({ errorRatios: [0.5, 0.01, 0.4, 0.02] });
    expect(outcome).toMatchObject({ result: 'switched', live: 'green' });
  });

  it('rolls back on request to the other track once that track is ready', async () => {
    cluster = new FakeCluster();
    cluster.selectors['gv-backend'] = 'green';
    cluster.selectors['gv-frontend'] = 'green';
    const outcome = await blueGreenRollback(options, {
      kubectl: cluster,
      log: () => {},
      sleep: async () => {},
    });
    expect(outcome).toEqual({ result: 'switched', live: 'blue', previous: 'green' });
    expect(cluster.commands).toContain('rollout status deployment/gv-backend-blue --timeout=600s');
    expect(cluster.selectors['gv-backend']).toBe('blue');
    expect(cluster.selectors['gv-frontend-preview']).toBe('green');
  });
});

describe('blue-green decisions', () => {
  it('finds the live track only when both live Services agree', () => {
    expect(liveTrackOf({ 'gv-backend': 'green', 'gv-frontend': 'green' })).toBe('green');
    expect(() => liveTrackOf({ 'gv-backend': 'green', 'gv-frontend': 'blue' })).toThrow(
      /do not select one track/,
    );
    expect(() => liveTrackOf({ 'gv-backend': '', 'gv-frontend': '' })).toThrow(
      /components\/blue-green/,
    );
  });

  it('builds image references from a tag or a digest and refuses latest', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(imageReference('repo/backend', '3f2a1b9')).toBe('repo/backend:3f2a1b9');
    expect(imageReference('repo/backend', digest)).toBe(`repo/backend@${digest}`);
    expect(() => imageReference('repo/backend', 'latest')).toThrow(/latest/);
    expect(() => imageReference('repo/backend', 'a b')).toThrow(/neither/);
  });

  it('calls the rate degraded only after enough consecutive samples over budget', () => {
    const budget = { maxErrorRatio: 0.05, consecutiveSamples: 2 };
    expect(isDegraded([0.5], budget)).toBe(false);
    expect(isDegraded([0.5, 0.06], budget)).toBe(true);
    expect(isDegraded([0.5, null], budget)).toBe(false);
    expect(isDegraded([0.06, 0.05], budget)).toBe(false);
  });

  it('judges smoke responses by status and body', () => {
    expect(
      smokeProblem({ path: '/', status: 200, contains: 'root' }, 200, '<div id="root">'),
    ).toBeNull();
    expect(smokeProblem({ path: '/', status: 200 }, 502, '')).toBe(
      'GET / answered 502, expected 200',
    );
    expect(smokeProblem({ path: '/', status: 200, contains: 'root' }, 200, 'oops')).toMatch(
      /did not contain/,
    );
  });
});

describe('npm run deploy:blue-green -- --dry-run', () => {
  const cli = path.join(repoRoot, 'tools/blue-green/cli.ts');
  const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');
  const run = promisify(execFile);

  it('prints the complete production command sequence without touching a cluster', async () => {
    const { stdout } = await run(
      tsx,
      [cli, '--env', 'production', '--image', '3f2a1b9', '--dry-run'],
      { cwd: repoRoot },
    );
    const commands = stdout
      .split('\n')
      .filter((line) => line.trimStart().startsWith('$ kubectl'))
      .map((line) => line.trim().slice(2));
    const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
    const ns = 'kubectl -n gv-playground';
    const selector = (track: string) =>
      `'{"spec":{"selector":{"app.kubernetes.io/track":"${track}"}}}'`;
    expect(commands).toEqual([
      `${ns} get service gv-backend -o 'jsonpath={.spec.selector.app\\.kubernetes\\.io/track}'`,
      `${ns} get service gv-frontend -o 'jsonpath={.spec.selector.app\\.kubernetes\\.io/track}'`,
      `${ns} set image deployment/gv-backend-green backend=${registry}/gv-playground-backend:3f2a1b9`,
      `${ns} set image deployment/gv-frontend-green frontend=${registry}/gv-playground-frontend:3f2a1b9`,
      `${ns} rollout status deployment/gv-backend-green --timeout=600s`,
      `${ns} rollout status deployment/gv-frontend-green --timeout=600s`,
      `${ns} port-forward svc/gv-backend-preview :3000`,
      `${ns} port-forward svc/gv-frontend-preview :80`,
      `${ns} patch service gv-backend --type merge -p ${selector('green')}`,
      `${ns} patch service gv-backend-preview --type merge -p ${selector('blue')}`,
      `${ns} patch service gv-frontend --type merge -p ${selector('green')}`,
      `${ns} patch service gv-frontend-preview --type merge -p ${selector('blue')}`,
      `${ns} port-forward svc/prometheus :9090`,
      `${ns} patch service gv-backend --type merge -p ${selector('blue')}`,
      `${ns} patch service gv-backend-preview --type merge -p ${selector('green')}`,
      `${ns} patch service gv-frontend --type merge -p ${selector('blue')}`,
      `${ns} patch service gv-frontend-preview --type merge -p ${selector('green')}`,
    ]);
    expect(stdout).toContain(`query: ${trackErrorRatioQuery('gv-backend', 'green')}`);
    expect(stdout).toContain('would GET /api/health/ready on gv-backend-preview and expect 200');
  });

  it('refuses an overlay without blue-green tracks', async () => {
    const failure = run(tsx, [cli, '--env', 'staging', '--image', '3f2a1b9', '--dry-run'], {
      cwd: repoRoot,
    });
    await expect(failure).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('rolling update'),
    });
  });
});
