// The monitoring window decides whether a deploy stays: proven here against a real Prometheus
// scraping a stand-in backend whose request counters we steer (healthy, failing, slow).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool, missingTool } from '../support/tools.js';
import { freePort, runScript, startServer, type TestServer } from './run-script.js';

type Mode = 'healthy' | 'failing' | 'slow';

/** Counters that only grow, as prom-client's do; each scrape adds 20 requests in the mode's shape. */
class FakeBackendMetrics {
  mode: Mode = 'healthy';
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
  'scripts/monitor-window.ts against a real Prometheus',
  () => {
    const metrics = new FakeBackendMetrics();
    let backend: TestServer;
    let prometheus: ChildProcess;
    let prometheusUrl: string;
    let workDir: string;

    const watch = (...extra: string[]) =>
      runScript('monitor-window.ts', [
        '--prometheus-url',
        prometheusUrl,
        '--duration',
        '2s',
        '--interval',
        '1s',
        '--rate-window',
        '5s',
        ...extra,
      ]);

    /** Lets Prometheus scrape the current mode long enough to fill the 5 s rate window. */
    const settle = async (mode: Mode) => {
      metrics.mode = mode;
      await sleep(6_000);
    };

    beforeAll(async () => {
      backend = await startServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        response.end(metrics.scrape());
      });
      workDir = mkdtempSync(path.join(os.tmpdir(), 'gv-monitor-window-'));
      const port = await freePort();
      writeFileSync(
        path.join(workDir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          '  - job_name: gv-backend',
          `    static_configs: [{ targets: ['${new URL(backend.url).host}'] }]`,
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
      const ready = await runScript('wait-for-health.ts', [
        `${prometheusUrl}/-/ready`,
        '--interval',
        '250ms',
        '--timeout',
        '30s',
      ]);
      expect(ready.code, ready.output).toBe(0);
      await settle('healthy');
    });

    afterAll(async () => {
      prometheus?.kill('SIGTERM');
      await backend?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    });

    it('passes while the backend answers quickly and without errors', async () => {
      const result = await watch();
      expect(result.code, result.output).toBe(0);
      expect(result.stdout).toMatch(/1 "gv-backend" target\(s\) up/);
      expect(result.stdout).toMatch(/req\/s {2}errors 0\.00% \(max 2\.00%\)/);
      expect(result.stdout).toContain('Monitoring window passed');
    });

    it('fails when the error ratio rises above the limit', async () => {
      await settle('failing');
      const result = await watch();
      expect(result.code, result.output).toBe(1);
      expect(result.stderr).toMatch(
        /Monitoring window FAILED: error ratio \d+\.\d+% is above 2\.00%/,
      );
    });

    it('fails when the p95 latency rises above the limit', async () => {
      await settle('slow');
      const result = await watch('--max-latency-p95', '1s');
      expect(result.code, result.output).toBe(1);
      expect(result.stderr).toMatch(
        /Monitoring window FAILED: p95 latency \d\.\d s is above 1\.0 s/,
      );
    });

    it('refuses to judge a job Prometheus does not scrape', async () => {
      const result = await watch('--job', 'gv-nothing');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Prometheus has no live "gv-nothing" target');
    });
  },
);

describe('scripts/monitor-window.ts without Prometheus', () => {
  it('fails with the reason when Prometheus cannot be reached', async () => {
    const port = await freePort();
    const result = await runScript('monitor-window.ts', [
      '--prometheus-url',
      `http://127.0.0.1:${port}`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not query Prometheus: .*connection refused/);
  });
});
