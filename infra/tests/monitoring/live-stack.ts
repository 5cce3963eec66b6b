// The monitoring stack the live tests run next to a real backend: the shipped rule files rendered
// for a test's time scale (only their `for:` durations change), a real Prometheus scraping the
// backend every second, and a real Alertmanager it sends alerts to.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { findTool, freePort, startProcess, waitFor, type RunningProcess } from '@gv/testing';
import { stringify } from 'yaml';
import { listFiles, rulesDir } from '../../policy/monitoring/monitoring-files.js';

export interface RenderedRules {
  /** The folder Prometheus loads (`rules/*.yml` under it). */
  dir: string;
  /** Each shipped file's text and the text written for the test, by file name. */
  files: { name: string; shipped: string; rendered: string }[];
}

/**
 * Copies the shipped rule files, changing the `for:` line of each alert named in `forByAlert`
 * (the others keep theirs). The rewrite works on the text, so every other byte, expressions
 * included, stays as shipped.
 */
export function renderRules(workDir: string, forByAlert: Record<string, string>): RenderedRules {
  const dir = path.join(workDir, 'rules');
  mkdirSync(dir, { recursive: true });
  const files = listFiles(rulesDir, '.yml').map((file) => {
    const shipped = readFileSync(file, 'utf8');
    let alert: string | undefined;
    const rendered = shipped
      .split('\n')
      .map((line) => {
        const named = /^\s*- alert: (\S+)\s*$/.exec(line);
        if (named) alert = named[1];
        if (/^\s*- record: /.test(line)) alert = undefined;
        const duration = alert === undefined ? undefined : forByAlert[alert];
        const forLine = /^(\s*)for: \S+\s*$/.exec(line);
        return forLine && duration ? `${forLine[1]}for: ${duration}` : line;
      })
      .join('\n');
    const name = path.basename(file);
    writeFileSync(path.join(dir, name), rendered);
    return { name, shipped, rendered };
  });
  return { dir, files };
}

export interface LiveProcess {
  url: string;
  process: RunningProcess;
}

/** Alertmanager with one receiver that delivers nowhere: the tests read its API. */
export async function startAlertmanager(workDir: string): Promise<LiveProcess> {
  const dir = path.join(workDir, 'alertmanager');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'alertmanager.yml'),
    stringify({
      route: {
        receiver: 'drills',
        group_by: ['alertname'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [{ name: 'drills' }],
    }),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = startProcess(findTool('prometheus-alertmanager')!, [
    `--config.file=${path.join(dir, 'alertmanager.yml')}`,
    `--storage.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ]);
  await waitFor(
    'Alertmanager to be ready',
    async () => ((await fetch(`${url}/-/ready`).catch(() => undefined))?.ok ? true : undefined),
    20_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${process.output()}`);
  });
  return { url, process };
}

/**
 * Prometheus scraping `targets` (job name → host:port) every second, evaluating the rules in
 * `rulesDirectory` every second, and sending alerts to `alertmanagerUrl` when given.
 */
export async function startPrometheus(options: {
  workDir: string;
  rulesDirectory: string;
  targets: Record<string, string>;
  alertmanagerUrl?: string;
}): Promise<LiveProcess> {
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: [path.join(options.rulesDirectory, '*.yml')],
    scrape_configs: Object.entries(options.targets).map(([job, target]) => ({
      job_name: job,
      static_configs: [{ targets: [target] }],
    })),
    ...(options.alertmanagerUrl
      ? {
          alerting: {
            alertmanagers: [
              { static_configs: [{ targets: [new URL(options.alertmanagerUrl).host] }] },
            ],
          },
        }
      : {}),
  };
  const configFile = path.join(options.workDir, 'prometheus.yml');
  writeFileSync(configFile, stringify(config));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = startProcess(findTool('prometheus')!, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${path.join(options.workDir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Firing alerts are re-sent to Alertmanager every second instead of every minute.
    '--rules.alert.resend-delay=1s',
    '--log.level=warn',
  ]);
  return { url, process };
}

export interface QueryResponse {
  status: string;
  error?: string;
  data: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

export async function query(prometheusUrl: string, promql: string): Promise<QueryResponse> {
  const response = await fetch(
    `${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`,
    { signal: AbortSignal.timeout(10_000) },
  );
  return (await response.json()) as QueryResponse;
}

/** Waits until `job` is scraped successfully. */
export async function waitForTarget(prometheus: LiveProcess, job: string): Promise<void> {
  await waitFor(
    `Prometheus to scrape ${job}`,
    async () => {
      const up = await query(prometheus.url, `up{job="${job}"} == 1`).catch(() => undefined);
      return up?.status === 'success' && up.data.result.length > 0 ? true : undefined;
    },
    30_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${prometheus.process.output()}`);
  });
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  status: { state: string };
}

/** The alerts Alertmanager holds that have not ended. */
export async function alertmanagerAlerts(alertmanagerUrl: string): Promise<AlertmanagerAlert[]> {
  const response = await fetch(`${alertmanagerUrl}/api/v2/alerts`, {
    signal: AbortSignal.timeout(10_000),
  });
  const alerts = (await response.json()) as AlertmanagerAlert[];
  const now = Date.now();
  return alerts.filter((alert) => Date.parse(alert.endsAt) > now);
}
