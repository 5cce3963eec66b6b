// The deploy gates read what the recording rules record. These checks hold the tools to series
// the rules really define, and the client to the way it reads Prometheus's answers.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@gv/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startServer, type TestServer } from '../testing/run-tool.js';
import { gateQueries, PrometheusClient, trackErrorRatioQuery } from './prometheus.js';

const rulesDir = path.join(repoRoot, 'infra/monitoring/prometheus/rules');

/** Every `record:` name in the project's rule files. */
function recordedSeries(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(rulesDir).filter((name) => name.endsWith('.yml'))) {
    const rules = parse(readFileSync(path.join(rulesDir, file), 'utf8')) as {
      groups: { rules: { record?: string }[] }[];
    };
    for (const rule of rules.groups.flatMap((group) => group.rules)) {
      if (rule.record) names.add(rule.record);
    }
  }
  return names;
}

/** The metric name a query selects, when the query is a plain selector `name{…}`. */
const selectedSeries = (query: string) => /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{[^}]*\}$/.exec(query)?.[1];

describe('the series the deploy gates query', () => {
  it('are recorded by the Prometheus rules, not spelt out again as PromQL', () => {
    const recorded = recordedSeries();
    const { errorRatio, latencyP95, requestRate } = gateQueries('gv-backend');
    for (const query of [
      errorRatio,
      latencyP95,
      requestRate,
      trackErrorRatioQuery('gv-backend', 'green'),
    ]) {
      const series = selectedSeries(query);
      expect(series, `${query} selects one series by name`).toBeDefined();
      expect(recorded, query).toContain(series);
    }
  });

  it('select the job, and for a blue-green release the track', () => {
    expect(gateQueries('gv-backend').errorRatio).toContain('{job="gv-backend"}');
    expect(trackErrorRatioQuery('gv-backend', 'blue')).toContain('{job="gv-backend",track="blue"}');
  });
});

describe('PrometheusClient.scalar', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const answering = async (status: number, body: unknown) => {
    server = await startServer((_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
    return new PrometheusClient(server.url);
  };
  const vector = (...values: string[]) => ({
    status: 'success',
    data: {
      resultType: 'vector',
      result: values.map((value) => ({ metric: {}, value: [1, value] })),
    },
  });

  it('reads the value of the one series', async () => {
    const client = await answering(200, vector('0.25'));
    await expect(client.scalar('up')).resolves.toBe(0.25);
  });

  it('treats no series and NaN (0/0: no traffic) as no data', async () => {
    await expect((await answering(200, vector())).scalar('up')).resolves.toBeNull();
    await server?.close();
    await expect((await answering(200, vector('NaN'))).scalar('up')).resolves.toBeNull();
  });

  it("fails with Prometheus's reason when it refuses the query", async () => {
    const client = await answering(400, { status: 'error', error: 'parse error at char 3' });
    await expect(client.scalar('up{')).rejects.toThrow(/refused the query up\{: parse error/);
  });
});
