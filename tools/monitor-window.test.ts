// The monitoring window decides whether a deploy stays: proven here against a real Prometheus
// that loads the project's recording rules and scrapes three stand-in backends, one per kind of
// traffic (healthy, failing, slow), each under its own job name.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTool, freePort, missingTool, repoRoot } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool, startServer, type TestServer } from './testing/run-tool.js';

type Mode = 'healthy' | 'failing' | 'slow';

/** Counters that only grow, as prom-client's do; each scrape adds 20 requests in the mode's shape. */
class FakeBackendMetrics {
  constructor(readonly mode: Mode) {}
  private ok = 0;
  private errors = 0;
  private fast = 0;
  private slow = 0;

  scrape(): string {
    if (this.mode === 'failing') {
      this.ok += 10;
      this.errors += 10;
      this.fast += 20;
    } else {
      this.ok += 20;
      if (this.mode === 'slow') this.slow += 20;
      else this.fast += 20;
    }
    const labels = 'method="GET",route="/api/users/me"';
    const bucket = (le: string, value: number) =>
      `http_request_duration_seconds_bucket{${labels},status_code="200",le="${le}"} ${value}`;
    const total = this.fast + this.slow;
    return [
      '# TYPE http_requests_total counter',
      `http_requests_total{${labels},status_code="200"} ${this.ok}`,
      `http_requests_total{${labels},status_code="500"} ${this.errors}`,
      '# TYPE http_request_duration_seconds histogram',
      bucket('0.05', this.fast),
      bucket('0.5', this.fast),
      bucket('2.5', total),
      bucket('+Inf', total),
      `http_request_duration_seconds_sum{${labels},status_code="200"} ${this.fast * 0.01 + this.slow * 2}`,
      `http_request_duration_seconds_count{${labels},status_code="200"} ${total}`,
      '',
    ].join('\n');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(missingTool('prometheus', 'apt-get install prometheus'))(
  'tools/monitor-window.ts against a real Prometheus',
  () => {
    const modes: Mode[] = ['healthy', 'failing', 'slow'];
    const backends: TestServer[] = [];
    let prometheus: ChildProcess;
    let prometheusUrl: string;
    let workDir: string;

    const watch = (mode: Mode | 'nothing', ...extra: string[]) =>
      runTool('monitor-window.ts', [
        '--prometheus-url',
        prometheusUrl,
        '--job',
        `gv-${mode}`,
        '--duration',
        '2s',
        '--interval',
        '1s',
        ...extra,
      ]);

    beforeAll(async () => {
      for (const mode of modes) {
        const metrics = new FakeBackendMetrics(mode);
        backends.push(
          await startServer((_request, response) => {
            response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
            response.end(metrics.scrape());
          }),
        );
      }
      workDir = mkdtempSync(path.join(os.tmpdir(), 'gv-monitor-window-'));
      const port = await freePort();
      const rules = path.join(
        repoRoot,
        'infra/monitoring/prometheus/rules/gv-backend-recording.yml',
      );
      writeFileSync(
        path.join(workDir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: ['${rules}']`,
          'scrape_configs:',
          ...modes.flatMap((mode, index) => [
            `  - job_name: gv-${mode}`,
            `    static_configs: [{ targets: ['${new URL(backends[index]!.url).host}'] }]`,
          ]),
          '',
        ].join('\n'),
      );
      prometheus = spawn(
        findTool('prometheus') ?? 'prometheus',
        [
          `--config.file=${path.join(workDir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(workDir, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        { stdio: 'ignore' },
      );
      prometheusUrl = `http://127.0.0.1:${port}`;
      const ready = await runTool('wait-for-health.ts', [
        `${prometheusUrl}/-/ready`,
        '--interval',
        '250ms',
        '--timeout',
        '30s',
      ]);
      expect(ready.code, ready.output).toBe(0);
      // A few scrapes and rule evaluations, so every recorded rate has two samples to work with.
      await sleep(6_000);
    });

    afterAll(async () => {
      prometheus?.kill('SIGTERM');
      await Promise.all(backends.map((backend) => backend.close()));
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('passes while the backend answers quickly and without errors', async () => {
      const result = await watch('healthy');
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toMatch(/1 "gv-healthy" target\(s\) up/);
      expect(result.stdout).toMatch(/req\/s {2}errors 0\.00% \(max 2\.00%\)/);
      expect(result.stdout).toContain('Monitoring window passed');
    });

    it('fails when the error ratio rises above the limit', async () => {
      const result = await watch('failing');
      expect(result.code, result.output).toBe(1);
      expect(result.stderr).toMatch(
        /Monitoring window FAILED: error ratio \d+\.\d+% is above 2\.00%/,
      );
    });

    it('fails when the p95 latency rises above the limit', async () => {
      const result = await watch('slow', '--max-latency-p95', '1s');
      expect(result.code, result.output).toBe(1);
      expect(result.stderr).toMatch(
        /Monitoring window FAILED: p95 latency \d\.\d s is above 1\.0 s/,
      );
    });

    it('refuses to judge a job Prometheus does not scrape', async () => {
      const result = await watch('nothing');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Prometheus has no live "gv-nothing" target');
    });
  },
);

describe('tools/monitor-window.ts without Prometheus', () => {
  it('fails with the reason when Prometheus cannot be reached', async () => {
    const port = await freePort();
    const result = await runTool('monitor-window.ts', [
      '--prometheus-url',
      `http://127.0.0.1:${port}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not query Prometheus: .*connection refused/);
  });
});
