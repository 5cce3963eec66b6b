// The two Prometheus configurations: compose (static targets) and Kubernetes (pod discovery by
// annotation). promtool validates both; a real Prometheus proves that the Kubernetes relabeling
// turns annotated pods into the targets and job labels the rules and dashboards expect.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  findTool,
  freePort,
  getJson,
  missingTool,
  startProcess,
  waitFor,
  type RunningProcess,
} from '@gv/testing';
import {
  listFiles,
  prometheusDir,
  rulesDir,
  run,
} from '../../policy/monitoring/monitoring-files.js';

interface RelabelConfig {
  source_labels?: string[];
  regex?: string;
  target_label?: string;
  replacement?: string;
  action?: string;
}

interface ScrapeConfig {
  job_name: string;
  metrics_path?: string;
  honor_labels?: boolean;
  static_configs?: { targets: string[] }[];
  kubernetes_sd_configs?: Record<string, unknown>[];
  file_sd_configs?: { files: string[]; refresh_interval?: string }[];
  relabel_configs?: RelabelConfig[];
}

interface PrometheusConfig {
  global: Record<string, unknown>;
  rule_files: string[];
  alerting: { alertmanagers: { static_configs: { targets: string[] }[] }[] };
  scrape_configs: ScrapeConfig[];
}

const composeFile = path.join(prometheusDir, 'prometheus.yml');
const kubernetesFile = path.join(prometheusDir, 'prometheus-kubernetes.yml');
const compose = parse(readFileSync(composeFile, 'utf8')) as PrometheusConfig;
const kubernetes = parse(readFileSync(kubernetesFile, 'utf8')) as PrometheusConfig;
const ruleFileCount = listFiles(rulesDir, '.yml').length;

/**
 * The meta labels Kubernetes service discovery sets, per role (prometheus.io docs,
 * kubernetes_sd_config). A relabel rule reading any other __meta_ label would match nothing.
 */
const META_LABELS: Record<string, RegExp> = {
  pod: /^__meta_kubernetes_(namespace|pod_(name|ip|phase|ready|node_name|host_ip|uid|controller_kind|controller_name|container_name|container_id|container_image|container_init|container_port_name|container_port_number|container_port_protocol|label_\w+|labelpresent_\w+|annotation_\w+|annotationpresent_\w+))$/,
  service:
    /^__meta_kubernetes_(namespace|service_(name|type|cluster_ip|external_name|port_name|port_number|port_protocol|label_\w+|labelpresent_\w+|annotation_\w+|annotationpresent_\w+))$/,
};

function kubernetesJobs(config: PrometheusConfig): ScrapeConfig[] {
  return config.scrape_configs.filter((job) => job.kubernetes_sd_configs);
}

/**
 * Debian's Prometheus is built without Kubernetes discovery. For it, a copy of the config whose
 * kubernetes_sd_configs are replaced by file_sd_configs (the discovery blocks themselves are
 * checked separately above): promtool then still validates everything else, relabeling included.
 */
function withFileDiscovery(config: PrometheusConfig, targetsDir: string): PrometheusConfig {
  const copy = structuredClone(config);
  for (const job of kubernetesJobs(copy)) {
    delete job.kubernetes_sd_configs;
    job.file_sd_configs = [
      { files: [path.join(targetsDir, `${job.job_name}.json`)], refresh_interval: '1s' },
    ];
  }
  return copy;
}

function supportsKubernetesDiscovery(promtool: string): boolean {
  const probe = run(promtool, ['check', 'config', kubernetesFile]);
  return !/field kubernetes_sd_configs not found/.test(probe.output);
}

describe('Prometheus configuration files', () => {
  it('scrape the backend as job gv-backend on its metrics port in the compose stack', () => {
    const job = compose.scrape_configs.find((candidate) => candidate.job_name === 'gv-backend');
    expect(job?.static_configs?.flatMap((group) => group.targets)).toEqual(['backend:9464']);
    expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
  });

  it('load the shared rules from rules/ and send alerts to Alertmanager in both setups', () => {
    for (const config of [compose, kubernetes]) {
      expect(config.rule_files).toEqual(['rules/*.yml']);
      expect(config.alerting.alertmanagers[0]?.static_configs[0]?.targets).toEqual([
        'alertmanager:9093',
      ]);
    }
  });

  it('discover pods only in the gv-playground namespace, opting in by annotation', () => {
    const pods = kubernetes.scrape_configs.find((job) => job.job_name === 'kubernetes-pods');
    expect(pods?.kubernetes_sd_configs).toEqual([
      { role: 'pod', namespaces: { names: ['gv-playground'] } },
    ]);
    expect(pods?.relabel_configs?.[0]).toMatchObject({
      source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'],
      action: 'keep',
    });
  });

  it('read only meta labels that the discovery role provides', () => {
    for (const job of kubernetesJobs(kubernetes)) {
      for (const sd of job.kubernetes_sd_configs ?? []) {
        expect(
          Object.keys(sd).every((key) => ['role', 'namespaces', 'selectors'].includes(key)),
        ).toBe(true);
        const pattern = META_LABELS[String(sd.role)];
        expect(pattern, `${job.job_name}: role ${String(sd.role)}`).toBeDefined();
        const used = (job.relabel_configs ?? [])
          .flatMap((rule) => rule.source_labels ?? [])
          .filter((label) => label.startsWith('__meta_'));
        for (const label of used) expect(label, job.job_name).toMatch(pattern!);
      }
    }
  });
});

describe.skipIf(missingTool('promtool', 'apt-get install prometheus'))(
  'promtool check config',
  () => {
    const promtool = findTool('promtool')!;
    let workDir = '';

    beforeAll(() => {
      workDir = mkdtempSync(path.join(tmpdir(), 'gv-prometheus-config-'));
    });
    afterAll(() => rmSync(workDir, { recursive: true, force: true }));

    it('accepts the compose configuration and finds every rule file', () => {
      const result = run(promtool, ['check', 'config', composeFile]);
      expect(result.status, result.output).toBe(0);
      expect(result.output).toContain(`SUCCESS: ${ruleFileCount} rule files found`);
    });

    it('accepts the Kubernetes configuration and finds every rule file', () => {
      let file = kubernetesFile;
      if (!supportsKubernetesDiscovery(promtool)) {
        console.warn(
          'NOTE: this promtool has no Kubernetes discovery (Debian build); checking the Kubernetes ' +
            'config with its kubernetes_sd_configs swapped for file_sd_configs',
        );
        // Same folder layout as the real one: the config with rules/ beside it.
        file = path.join(workDir, 'prometheus.yml');
        symlinkSync(rulesDir, path.join(workDir, 'rules'));
        writeFileSync(file, stringify(withFileDiscovery(kubernetes, workDir)));
      }
      const result = run(promtool, ['check', 'config', file]);
      expect(result.status, result.output).toBe(0);
      expect(result.output).toContain(`SUCCESS: ${ruleFileCount} rule files found`);
    });
  },
);

/** What Kubernetes discovery would hand to relabeling, written as file_sd target groups. */
const POD_BASE = {
  __meta_kubernetes_namespace: 'gv-playground',
  __meta_kubernetes_pod_phase: 'Running',
  __meta_kubernetes_pod_node_name: 'ip-10-0-1-10.ec2.internal',
};

function pod(
  name: string,
  ip: string,
  containerPort: number,
  labels: Record<string, string>,
  annotations: Record<string, string>,
  phase = 'Running',
) {
  const meta: Record<string, string> = {
    ...POD_BASE,
    __meta_kubernetes_pod_name: name,
    __meta_kubernetes_pod_ip: ip,
    __meta_kubernetes_pod_phase: phase,
    __meta_kubernetes_pod_container_port_number: String(containerPort),
  };
  for (const [key, value] of Object.entries(labels)) {
    meta[`__meta_kubernetes_pod_label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`] = value;
  }
  for (const [key, value] of Object.entries(annotations)) {
    meta[`__meta_kubernetes_pod_annotation_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`] = value;
  }
  return { targets: [`${ip}:${containerPort}`], labels: meta };
}

const SCRAPE_ME = { 'prometheus.io/scrape': 'true', 'prometheus.io/path': '/metrics' };
const BACKEND_LABELS = { 'app.kubernetes.io/name': 'gv-backend' };

const DISCOVERED = {
  'kubernetes-pods': [
    // A backend pod declaring two container ports: still one target, on the annotated port.
    pod('gv-backend-6f7d9c-abcde', '10.0.1.15', 3000, BACKEND_LABELS, {
      ...SCRAPE_ME,
      'prometheus.io/port': '9464',
    }),
    pod('gv-backend-6f7d9c-abcde', '10.0.1.15', 9229, BACKEND_LABELS, {
      ...SCRAPE_ME,
      'prometheus.io/port': '9464',
    }),
    // A blue-green deploy: the pod's track label becomes the target's `track`.
    pod(
      'gv-backend-green-6f7d9c-fghij',
      '10.0.2.27',
      3000,
      { ...BACKEND_LABELS, 'app.kubernetes.io/track': 'green' },
      {
        ...SCRAPE_ME,
        'prometheus.io/port': '9464',
      },
    ),
    // Not annotated: never scraped.
    pod(
      'gv-frontend-5c8b7d-klmno',
      '10.0.1.16',
      8080,
      { 'app.kubernetes.io/name': 'gv-frontend' },
      {},
    ),
    // Annotated without a path: the default /metrics.
    pod(
      'postgres-exporter-7b9f-pqrst',
      '10.0.2.30',
      9187,
      { 'app.kubernetes.io/name': 'postgres-exporter' },
      { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9187' },
    ),
    // A finished migration Job pod: dropped even though annotated.
    pod(
      'gv-migrate-x7k2p',
      '10.0.2.31',
      3000,
      { 'app.kubernetes.io/name': 'gv-migrate' },
      { ...SCRAPE_ME, 'prometheus.io/port': '9464' },
      'Succeeded',
    ),
  ],
  'kube-state-metrics': [
    {
      targets: ['kube-state-metrics.kube-system.svc:8080'],
      labels: {
        __meta_kubernetes_namespace: 'kube-system',
        __meta_kubernetes_service_name: 'kube-state-metrics',
        __meta_kubernetes_service_label_app_kubernetes_io_name: 'kube-state-metrics',
        __meta_kubernetes_service_port_name: 'http',
      },
    },
    {
      targets: ['kube-state-metrics.kube-system.svc:8081'],
      labels: {
        __meta_kubernetes_namespace: 'kube-system',
        __meta_kubernetes_service_name: 'kube-state-metrics',
        __meta_kubernetes_service_label_app_kubernetes_io_name: 'kube-state-metrics',
        __meta_kubernetes_service_port_name: 'telemetry',
      },
    },
    {
      targets: ['kube-dns.kube-system.svc:53'],
      labels: {
        __meta_kubernetes_namespace: 'kube-system',
        __meta_kubernetes_service_name: 'kube-dns',
        __meta_kubernetes_service_label_app_kubernetes_io_name: 'kube-dns',
        __meta_kubernetes_service_port_name: 'dns',
      },
    },
  ],
};

interface TargetsResponse {
  data: {
    activeTargets: { scrapePool: string; scrapeUrl: string; labels: Record<string, string> }[];
    droppedTargets: { discoveredLabels: Record<string, string> }[];
  };
}

describe.skipIf(missingTool('prometheus', 'apt-get install prometheus'))(
  'Kubernetes relabeling in a real Prometheus',
  () => {
    let workDir = '';
    let server: RunningProcess | undefined;
    let targets: TargetsResponse['data'];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), 'gv-prometheus-relabel-'));
      for (const [job, groups] of Object.entries(DISCOVERED)) {
        writeFileSync(path.join(workDir, `${job}.json`), JSON.stringify(groups));
      }
      // Only discovery and relabeling matter here: no rules, no Alertmanager.
      const config = withFileDiscovery(kubernetes, workDir);
      config.rule_files = [];
      config.alerting = { alertmanagers: [] };
      writeFileSync(path.join(workDir, 'prometheus.yml'), stringify(config));
      mkdirSync(path.join(workDir, 'data'));
      const port = await freePort();
      server = startProcess(findTool('prometheus')!, [
        `--config.file=${path.join(workDir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ]);
      const expectedActive = 4; // two backend pods, postgres-exporter, kube-state-metrics
      targets = await waitFor(
        'Prometheus to load the discovered targets',
        async () => {
          const response = await getJson<TargetsResponse>(
            `http://127.0.0.1:${port}/api/v1/targets?state=any`,
          );
          return response && response.data.activeTargets.length >= expectedActive
            ? response.data
            : undefined;
        },
        30_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${server?.output()}`);
      });
    });

    afterAll(async () => {
      await server?.stop();
      rmSync(workDir, { recursive: true, force: true });
    });

    const active = (job: string) =>
      targets.activeTargets.filter((target) => target.labels.job === job);

    it('turns each annotated backend pod into one gv-backend target on the annotated port', () => {
      const backend = active('gv-backend');
      expect(backend.map((target) => target.scrapeUrl).sort()).toEqual([
        'http://10.0.1.15:9464/metrics',
        'http://10.0.2.27:9464/metrics',
      ]);
      expect(backend[0]?.labels).toMatchObject({
        namespace: 'gv-playground',
        node: 'ip-10-0-1-10.ec2.internal',
      });
      expect(backend.map((target) => target.labels.pod).sort()).toEqual([
        'gv-backend-6f7d9c-abcde',
        'gv-backend-green-6f7d9c-fghij',
      ]);
    });

    it('labels blue-green pods with their track, and only those', () => {
      const tracks = Object.fromEntries(
        active('gv-backend').map((target) => [target.labels.pod, target.labels.track]),
      );
      expect(tracks).toEqual({
        'gv-backend-6f7d9c-abcde': undefined,
        'gv-backend-green-6f7d9c-fghij': 'green',
      });
    });

    it('names the job after app.kubernetes.io/name and defaults the path to /metrics', () => {
      expect(active('postgres-exporter').map((target) => target.scrapeUrl)).toEqual([
        'http://10.0.2.30:9187/metrics',
      ]);
    });

    it('skips pods without the annotation and finished pods', () => {
      const scraped = targets.activeTargets.map((target) => target.labels.pod);
      expect(scraped).not.toContain('gv-frontend-5c8b7d-klmno');
      expect(scraped).not.toContain('gv-migrate-x7k2p');
      expect(active('gv-frontend')).toEqual([]);
    });

    it('scrapes kube-state-metrics on its metrics port only', () => {
      expect(active('kube-state-metrics').map((target) => target.scrapeUrl)).toEqual([
        'http://kube-state-metrics.kube-system.svc:8080/metrics',
      ]);
    });
  },
);
