// Grafana provisioning and dashboards. Grafana itself does not run here, so the JSON is held to
// what Grafana needs to load it (uid, schema version, panel layout, the provisioned datasource),
// and every query is handed to Prometheus's own PromQL parser (promtool).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTool, missingTool } from '@gv/testing';
import {
  allPanels,
  checkPromql,
  dashboardQueries,
  loadDashboards,
  monitoringDir,
  resolveVariables,
} from '../../policy/monitoring/monitoring-files.js';

const dashboards = loadDashboards();
const PANEL_TYPES = new Set(['row', 'stat', 'timeseries', 'heatmap', 'gauge', 'table', 'bargauge']);

interface DatasourceProvisioning {
  apiVersion: number;
  datasources: { name: string; uid: string; type: string; url: string; isDefault?: boolean }[];
}

interface DashboardProvisioning {
  apiVersion: number;
  providers: { name: string; type: string; folder?: string; options: { path: string } }[];
}

const datasources = parse(
  readFileSync(
    path.join(monitoringDir, 'grafana/provisioning/datasources/datasources.yml'),
    'utf8',
  ),
) as DatasourceProvisioning;
const providers = parse(
  readFileSync(path.join(monitoringDir, 'grafana/provisioning/dashboards/dashboards.yml'), 'utf8'),
) as DashboardProvisioning;

describe('Grafana provisioning', () => {
  it('provides Prometheus as the default datasource with the uid the dashboards use', () => {
    expect(datasources.apiVersion).toBe(1);
    const prometheus = datasources.datasources.find((source) => source.type === 'prometheus');
    expect(prometheus).toMatchObject({
      uid: 'prometheus',
      url: 'http://prometheus:9090',
      isDefault: true,
    });
  });

  it('loads the dashboards from the folder the ConfigMap and compose mount', () => {
    expect(providers.apiVersion).toBe(1);
    expect(providers.providers).toEqual([
      expect.objectContaining({
        type: 'file',
        folder: 'GV Playground',
        options: { path: '/var/lib/grafana/dashboards' },
      }),
    ]);
  });
});

describe('Grafana dashboards', () => {
  it('are the four views: service overview, auth and sessions, database, Node.js runtime', () => {
    expect(dashboards.map((dashboard) => dashboard.uid).sort()).toEqual([
      'gv-auth-sessions',
      'gv-database',
      'gv-nodejs-runtime',
      'gv-service-overview',
    ]);
  });

  it('each have a unique uid and title and a current schema version', () => {
    const uids = dashboards.map((dashboard) => dashboard.uid);
    const titles = dashboards.map((dashboard) => dashboard.title);
    expect(new Set(uids).size).toBe(uids.length);
    expect(new Set(titles).size).toBe(titles.length);
    for (const dashboard of dashboards) {
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(dashboard.title).toMatch(/^GV Playground \/ /);
      expect(dashboard.schemaVersion, dashboard.uid).toBeGreaterThanOrEqual(36);
    }
  });

  it('lay out panels with unique ids inside the 24-column grid, without overlaps', () => {
    for (const dashboard of dashboards) {
      const panels = allPanels(dashboard);
      const ids = panels.map((panel) => panel.id);
      expect(new Set(ids).size, dashboard.uid).toBe(ids.length);
      const cells = new Set<string>();
      for (const panel of panels) {
        expect(PANEL_TYPES.has(panel.type), `${dashboard.uid}: ${panel.type}`).toBe(true);
        const { x, y, w, h } = panel.gridPos;
        expect(x + w, `${dashboard.uid} / ${panel.title}`).toBeLessThanOrEqual(24);
        for (let column = x; column < x + w; column += 1) {
          for (let row = y; row < y + h; row += 1) {
            const cell = `${column},${row}`;
            expect(cells.has(cell), `${dashboard.uid} / ${panel.title} overlaps at ${cell}`).toBe(
              false,
            );
            cells.add(cell);
          }
        }
      }
    }
  });

  it('query the provisioned Prometheus datasource from every panel and target', () => {
    for (const dashboard of dashboards) {
      for (const panel of allPanels(dashboard).filter((candidate) => candidate.type !== 'row')) {
        const where = `${dashboard.uid} / ${panel.title}`;
        expect(panel.datasource, where).toEqual({ type: 'prometheus', uid: 'prometheus' });
        expect(panel.targets?.length, where).toBeGreaterThan(0);
        const refIds = panel.targets!.map((target) => target.refId);
        expect(new Set(refIds).size, where).toBe(refIds.length);
        for (const target of panel.targets!) {
          expect(target.datasource, where).toEqual({ type: 'prometheus', uid: 'prometheus' });
          expect(target.expr.trim(), where).not.toBe('');
        }
      }
    }
  });

  it('use only Grafana built-ins and their own variables', () => {
    for (const query of dashboardQueries(dashboards)) {
      const dashboard = dashboards.find((candidate) => candidate.uid === query.dashboard)!;
      expect(() => resolveVariables(query.expr, dashboard), query.where).not.toThrow();
    }
  });
});

describe.skipIf(missingTool('promtool', 'apt-get install prometheus'))(
  'dashboard PromQL in the Prometheus parser',
  () => {
    it('accepts every panel and variable query', () => {
      const queries = dashboardQueries(dashboards);
      const expressions = queries.map((query) =>
        resolveVariables(
          query.expr,
          dashboards.find((d) => d.uid === query.dashboard)!,
        ),
      );
      const result = checkPromql(findTool('promtool')!, expressions);
      const legend = queries.map((query, index) => `check:expression_${index} = ${query.where}`);
      expect(result.status, `${result.output}\n${legend.join('\n')}`).toBe(0);
      expect(result.output).toContain(`SUCCESS: ${expressions.length} rules found`);
    });

    it('marks injected faults on the service overview from gv_fault_injection_active', () => {
      const overview = dashboards.find((dashboard) => dashboard.uid === 'gv-service-overview')!;
      const { annotations } = overview as unknown as {
        annotations: { list: { name: string; expr?: string; datasource?: unknown }[] };
      };
      const faults = annotations.list.find((annotation) => annotation.name === 'Injected faults');
      expect(faults?.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
      expect(faults?.expr).toMatch(/gv_fault_injection_active\{job="gv-backend"\}.*> 0/);
      const result = checkPromql(findTool('promtool')!, [faults!.expr!]);
      expect(result.status, result.output).toBe(0);
    });

    it('would reject a broken query (the check is not a rubber stamp)', () => {
      const result = checkPromql(findTool('promtool')!, ['sum(rate(http_requests_total[5m])']);
      expect(result.status).not.toBe(0);
    });
  },
);
