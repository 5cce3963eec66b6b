// infra/monitoring as a Kustomize directory: it builds, and it generates the ConfigMaps the
// cluster components mount by name, holding exactly the files in this repository.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { findTool, missingTool } from '@gv/testing';
import {
  dashboardsDir,
  listFiles,
  monitoringDir,
  rulesDir,
  run,
} from '../../policy/monitoring/monitoring-files.js';

interface ConfigMap {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data: Record<string, string>;
}

/** The generated name is <name>-<content hash>; the hash makes pods roll when a file changes. */
const baseName = (name: string) => name.replace(/-[a-z0-9]{10}$/, '');

/** kubectl apply (client side) keeps the whole object in an annotation limited to 256 KiB. */
const LAST_APPLIED_LIMIT = 262_144;

const read = (relative: string) => readFileSync(path.join(monitoringDir, relative), 'utf8');

describe.skipIf(missingTool('kubectl', 'install kubectl 1.27 or newer'))(
  'kubectl kustomize infra/monitoring',
  () => {
    const configMaps = new Map<string, ConfigMap>();

    beforeAll(() => {
      const result = run(findTool('kubectl')!, ['kustomize', monitoringDir]);
      if (result.status !== 0) throw new Error(result.output);
      for (const document of parseAllDocuments(result.output)) {
        const resource = document.toJS() as ConfigMap;
        configMaps.set(baseName(resource.metadata.name), resource);
      }
    });

    const configMap = (name: string) => {
      const found = configMaps.get(name);
      if (!found) throw new Error(`no ConfigMap ${name} in the build`);
      return found;
    };

    it('generates exactly the ConfigMaps the monitoring and logging components mount', () => {
      expect([...configMaps.keys()].sort()).toEqual([
        'alertmanager-config',
        'fluentd-config',
        'grafana-dashboard-providers',
        'grafana-dashboards',
        'grafana-datasources',
        'postgres-exporter-queries',
        'prometheus-config',
        'prometheus-rules',
      ]);
      for (const resource of configMaps.values()) {
        expect(resource.kind).toBe('ConfigMap');
        expect(resource.metadata.namespace).toBe('gv-playground');
        expect(resource.metadata.name, 'content hash suffix').toMatch(/-[a-z0-9]{10}$/);
        expect(resource.metadata.labels?.['app.kubernetes.io/part-of']).toBe('gv-playground');
      }
    });

    it('publishes the Kubernetes Prometheus config as prometheus.yml', () => {
      expect(configMap('prometheus-config').data).toEqual({
        'prometheus.yml': read('prometheus/prometheus-kubernetes.yml'),
      });
    });

    it('carries every rule file and every dashboard in the folders, none forgotten', () => {
      const rules = listFiles(rulesDir, '.yml').map((file) => path.basename(file));
      expect(Object.keys(configMap('prometheus-rules').data).sort()).toEqual(rules);
      for (const rule of rules) {
        expect(configMap('prometheus-rules').data[rule]).toBe(read(`prometheus/rules/${rule}`));
      }
      const dashboards = listFiles(dashboardsDir, '.json').map((file) => path.basename(file));
      expect(Object.keys(configMap('grafana-dashboards').data).sort()).toEqual(dashboards);
    });

    it('carries the Alertmanager, Grafana, Fluentd and postgres-exporter files', () => {
      expect(configMap('alertmanager-config').data).toEqual({
        'alertmanager.yml': read('alertmanager/alertmanager.yml'),
      });
      expect(Object.keys(configMap('grafana-datasources').data)).toEqual(['datasources.yml']);
      expect(Object.keys(configMap('grafana-dashboard-providers').data)).toEqual([
        'dashboards.yml',
      ]);
      expect(configMap('fluentd-config').data).toEqual({
        'fluent.conf': read('fluentd/fluent.conf'),
        'elasticsearch.conf': read('fluentd/elasticsearch.conf'),
      });
      expect(Object.keys(configMap('postgres-exporter-queries').data)).toEqual(['queries.yaml']);
    });

    it('keeps every ConfigMap small enough for a client-side kubectl apply', () => {
      for (const [name, resource] of configMaps) {
        const size = Object.values(resource.data).reduce((sum, text) => sum + text.length, 0);
        expect(size, name).toBeLessThan(LAST_APPLIED_LIMIT);
      }
    });
  },
);
