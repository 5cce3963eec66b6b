// The Fluentd DaemonSet configuration, checked statically (Fluentd cannot be installed here):
// its structure, that the namespace's container logs are tailed and parsed, that every record
// reaches the CloudWatch output through every filter, and that it holds no secret.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  criLineParser,
  descendants,
  fluentdDir,
  globRegexp,
  readFluentConfig,
  sections,
  tagMatches,
  tailTag,
  type FluentSection,
} from '../../policy/monitoring/fluentd-config.js';

const config = readFluentConfig('fluent.conf');
const elasticsearch = readFluentConfig('elasticsearch.conf');
const source = sections(config, 'source')[0]!;
const filters = sections(config, 'filter');
const matches = sections(config, 'match');

const CONTAINER_ID = 'a3f1c9e2b7d4058e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';
const BACKEND_LOG = `/var/log/containers/gv-backend-6f7d9c-abcde_gv-playground_backend-${CONTAINER_ID}.log`;
const APP_LINE = JSON.stringify({
  level: 'info',
  message: 'request completed',
  service: 'gv-backend',
  timestamp: '2025-03-14T09:26:53.589Z',
  requestId: '5f0c7a52-8d3e-4c1b-9a57-2e6f1d0b4c8a',
  method: 'GET',
  route: '/api/users/:id',
  status: 200,
  durationMs: 4.2,
});

const param = (section: FluentSection | undefined, name: string) => section?.params[name];
const typed = (list: FluentSection[], type: string) => list.find((s) => s.params['@type'] === type);

describe('fluent.conf structure', () => {
  it('has one tail source, the filters, the output and the internal labels', () => {
    expect(config.children.map((section) => section.name)).toEqual([
      'system',
      'source',
      'filter',
      'filter',
      'filter',
      'filter',
      'match',
      'label',
      'label',
    ]);
    expect(source.params['@type']).toBe('tail');
    expect(filters.map((filter) => filter.params['@type'])).toEqual([
      'concat',
      'kubernetes_metadata',
      'parser',
      'record_transformer',
    ]);
    expect(sections(config, 'label').map((label) => label.arg)).toEqual(['@FLUENT_LOG', '@ERROR']);
  });

  it('gives every plugin a unique @id, so its metrics and logs say which one it is', () => {
    const ids = descendants(config)
      .map((section) => section.params['@id'])
      .filter(Boolean);
    expect(ids.length).toBeGreaterThanOrEqual(7);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the tail source', () => {
  const tailed = globRegexp(param(source, 'path')!);
  const excluded = JSON.parse(param(source, 'exclude_path')!) as string[];

  it('follows the container logs of the gv-playground namespace only', () => {
    expect(tailed.test(BACKEND_LOG)).toBe(true);
    expect(
      tailed.test(
        `/var/log/containers/gv-frontend-5c8b7d-klmno_gv-playground_frontend-${CONTAINER_ID}.log`,
      ),
    ).toBe(true);
    expect(
      tailed.test(
        `/var/log/containers/coredns-5d78c-x2x7q_kube-system_coredns-${CONTAINER_ID}.log`,
      ),
    ).toBe(false);
    expect(
      tailed.test(`/var/log/containers/gv-playground-tools_default_shell-${CONTAINER_ID}.log`),
    ).toBe(false);
  });

  it('skips the Fluentd pods themselves, which would otherwise ship their own output forever', () => {
    const fluentdLog = `/var/log/containers/fluentd-x8k2m_gv-playground_fluentd-${CONTAINER_ID}.log`;
    expect(tailed.test(fluentdLog)).toBe(true);
    expect(excluded.some((glob) => globRegexp(glob).test(fluentdLog))).toBe(true);
    expect(excluded.some((glob) => globRegexp(glob).test(BACKEND_LOG))).toBe(false);
  });

  it('remembers its position across restarts and reads files that appeared while it was down', () => {
    expect(param(source, 'pos_file')).toMatch(/^\/var\/log\/.+\.pos$/);
    expect(param(source, 'read_from_head')).toBe('true');
  });

  it('reads containerd/CRI lines, including pieces of split lines', () => {
    const cri = criLineParser();
    const full = cri.exec(`2025-03-14T09:26:53.589712345Z stdout F ${APP_LINE}`);
    expect(full?.groups).toMatchObject({ stream: 'stdout', logtag: 'F', log: APP_LINE });
    const piece = cri.exec('2025-03-14T09:26:53.589712345Z stderr P {"level":"error","mess');
    expect(piece?.groups).toMatchObject({ stream: 'stderr', logtag: 'P' });
    expect(cri.exec('not a container log line')).toBeNull();
  });

  it('reads Docker json-file lines as the second format', () => {
    const patterns = descendants(source).filter((section) => section.name === 'pattern');
    expect(patterns.map((pattern) => pattern.params.format)).toEqual(['regexp', 'json']);
    expect(patterns[1]?.params.time_key).toBe('time');
  });
});

describe('the filter chain', () => {
  const tag = tailTag(param(source, 'tag')!, BACKEND_LOG);

  it('applies every filter to the tailed records, in order', () => {
    expect(tag).toBe(
      `kubernetes.var.log.containers.gv-backend-6f7d9c-abcde_gv-playground_backend-${CONTAINER_ID}.log`,
    );
    for (const filter of filters) expect(tagMatches(filter.arg, tag), filter.arg).toBe(true);
  });

  it('joins CRI line pieces without adding separators (a JSON line split mid-string stays valid)', () => {
    const concat = typed(filters, 'concat');
    expect(concat?.params).toMatchObject({
      key: 'log',
      use_partial_cri_logtag: 'true',
      partial_cri_logtag_key: 'logtag',
      separator: '""',
    });
  });

  it('lifts the JSON fields of the app line and keeps lines that are not JSON', () => {
    const parser = typed(filters, 'parser');
    expect(parser?.params).toMatchObject({
      key_name: 'log',
      reserve_data: 'true',
      reserve_time: 'true',
      remove_key_name_field: 'true',
      emit_invalid_record_to_error: 'false',
    });
    expect(sections(parser!, 'parse')[0]?.params['@type']).toBe('json');
    // What the source and this filter do to one backend line: the app's fields at the top level.
    const wrapped = criLineParser().exec(`2025-03-14T09:26:53.589712345Z stdout F ${APP_LINE}`);
    const { log, ...runtime } = wrapped!.groups!;
    const record = { ...runtime, ...(JSON.parse(log!) as Record<string, unknown>) };
    expect(record).toMatchObject({
      stream: 'stdout',
      level: 'info',
      message: 'request completed',
      route: '/api/users/:id',
      status: 200,
    });
  });

  it('names the CloudWatch stream after the pod and container', () => {
    const transformer = typed(filters, 'record_transformer');
    const record = sections(transformer!, 'record')[0]!;
    expect(record.params.cloudwatch_stream).toContain('pod_name');
    expect(record.params.cloudwatch_stream).toContain('container_name');
    expect(record.params.environment).toBe(`"#{ENV.fetch('GV_ENVIRONMENT')}"`);
  });
});

describe('the outputs', () => {
  const tag = tailTag(param(source, 'tag')!, BACKEND_LOG);
  const output = matches.find((match) => tagMatches(match.arg, tag));
  const stores = sections(output!, 'store');
  const cloudwatch = typed(stores, 'cloudwatch_logs');

  it('send every tailed record to one copy output (no earlier match swallows it)', () => {
    expect(matches[0]).toBe(output);
    expect(output?.params['@type']).toBe('copy');
  });

  it('ship to the CloudWatch Logs group /gv-playground/<env>/application', () => {
    expect(cloudwatch?.params).toMatchObject({
      region: `"#{ENV.fetch('AWS_REGION')}"`,
      log_group_name: `"/gv-playground/#{ENV.fetch('GV_ENVIRONMENT')}/application"`,
      log_stream_name_key: 'cloudwatch_stream',
      remove_log_stream_name_key: 'true',
      auto_create_stream: 'true',
    });
    // Terraform owns the group (retention, encryption): Fluentd must not create it.
    expect(cloudwatch?.params.auto_create_group).toBeUndefined();
  });

  it('buffer CloudWatch records on disk and hold them through an outage', () => {
    const buffer = sections(cloudwatch!, 'buffer')[0];
    expect(buffer?.params).toMatchObject({
      '@type': 'file',
      retry_forever: 'true',
      overflow_action: 'block',
    });
  });

  it('add the Elasticsearch copy only when FLUENTD_ELASTICSEARCH_ENABLED=true', () => {
    expect(output?.includes).toEqual([
      `"#{ENV.fetch('FLUENTD_ELASTICSEARCH_ENABLED', 'false') == 'true' ? 'elasticsearch.conf' : '/dev/null'}"`,
    ]);
    expect(elasticsearch.children.map((section) => section.name)).toEqual(['store']);
    const store = elasticsearch.children[0]!;
    expect(store.params['@type']).toBe('elasticsearch');
    expect(store.params.host).toBe(`"#{ENV.fetch('ELASTICSEARCH_HOST')}"`);
    // The optional copy must never stall the CloudWatch one: it drops its oldest data instead.
    expect(sections(store, 'buffer')[0]?.params.overflow_action).toBe('drop_oldest_chunk');
  });

  it('print Fluentd’s own logs and failed records to its stdout', () => {
    for (const label of sections(config, 'label')) {
      expect(sections(label, 'match')[0]?.params['@type'], label.arg).toBe('stdout');
    }
    const ownLog = sections(config, 'label').find((label) => label.arg === '@FLUENT_LOG');
    expect(tagMatches(sections(ownLog!, 'match')[0]!.arg, 'fluent.info')).toBe(true);
  });
});

describe('secrets and settings', () => {
  const files = ['fluent.conf', 'elasticsearch.conf'];
  const everyParam = [config, elasticsearch].flatMap((root) =>
    descendants(root).flatMap((section) => Object.entries(section.params)),
  );

  it('take credentials only from the environment (IRSA for AWS, a Secret for Elasticsearch)', () => {
    for (const [name, value] of everyParam) {
      if (/password|secret|token|aws_key_id|aws_sec_key|api_key/i.test(name)) {
        expect(value, name).toMatch(/^"#\{ENV\.fetch\('[A-Z_]+'\)\}"$/);
      }
    }
    const names = everyParam.map(([name]) => name);
    expect(names).not.toContain('aws_key_id');
    expect(names).not.toContain('aws_sec_key');
  });

  it('document every environment variable they read in the file headers', () => {
    const text = (file: string) => readFileSync(path.join(fluentdDir, file), 'utf8');
    const header = (file: string) => text(file).slice(0, text(file).search(/^[<@]/m));
    const documented = files.map(header).join('\n');
    for (const file of files) {
      for (const [, variable] of text(file).matchAll(/ENV\.fetch\('([A-Z_]+)'/g)) {
        expect(documented, `${file}: ${variable}`).toContain(variable);
      }
    }
  });
});
