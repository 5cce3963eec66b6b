// Alertmanager: the configuration is valid, holds no secret, routes by severity, and a real
// Alertmanager delivers pages and chat messages (to local stand-ins for PagerDuty and Slack)
// while the inhibit rules hold back the alerts that only repeat an outage already reported.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  findTool,
  freePort,
  missingTool,
  startProcess,
  waitFor,
  type RunningProcess,
} from '@gv/testing';
import { monitoringDir, run } from '../../policy/monitoring/monitoring-files.js';

const configFile = path.join(monitoringDir, 'alertmanager/alertmanager.yml');
const config = parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;

/** Receiver settings that carry credentials; only their *_file variants may appear. */
const SECRET_KEYS = [
  'api_url',
  'routing_key',
  'service_key',
  'api_key',
  'auth_password',
  'bot_token',
  'password',
  'credentials',
  'url',
];

function keysOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => keysOf(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      found.push(key);
      keysOf(inner, found);
    }
  }
  return found;
}

describe('alertmanager.yml', () => {
  it('reads every credential from a mounted file, none is written in it', () => {
    const receivers = keysOf(config.receivers);
    for (const key of SECRET_KEYS) expect(receivers, key).not.toContain(key);
    expect(receivers).toEqual(expect.arrayContaining(['api_url_file', 'routing_key_file']));
    expect(readFileSync(configFile, 'utf8')).toMatch(/\/etc\/alertmanager\/secrets\//);
  });
});

describe.skipIf(missingTool('amtool', 'apt-get install prometheus-alertmanager'))('amtool', () => {
  const amtool = findTool('amtool')!;

  it('accepts the configuration (amtool check-config)', () => {
    const result = run(amtool, ['check-config', configFile]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('SUCCESS');
  });

  it.each([
    [['severity=critical', 'alertname=BackendDown'], 'pager,chat'],
    [['severity=warning', 'alertname=HighLatencyP95'], 'chat'],
    [['alertname=SomethingNew'], 'chat'],
  ])('routes %j to %s', (labels, receivers) => {
    const result = run(amtool, [
      'config',
      'routes',
      'test',
      `--config.file=${configFile}`,
      ...labels,
    ]);
    expect(result.status, result.output).toBe(0);
    expect(result.output.trim().split('\n').at(-1)).toBe(receivers);
  });
});

interface Delivery {
  receiver: 'slack' | 'pagerduty';
  body: Record<string, unknown>;
}

/** Which alert a notification is about, from the Slack title or the PagerDuty summary. */
function alertOf(delivery: Delivery): string {
  if (delivery.receiver === 'slack') {
    const attachments = delivery.body.attachments as { title: string }[];
    return /\] (\w+) \(/.exec(attachments[0]?.title ?? '')?.[1] ?? '?';
  }
  const payload = delivery.body.payload as { summary: string };
  return payload.summary.split(':')[0] ?? '?';
}

// Two rounds, so that each inhibit rule is seen on its own. A second backend deployment (job
// gv-backend-canary) is not covered by gv-backend's BackendDown: equal: [job] must let it through.
const FIRST_ROUND: Record<string, string>[] = [
  { alertname: 'BackendDown', severity: 'critical', job: 'gv-backend' },
  { alertname: 'HighErrorRate', severity: 'critical', job: 'gv-backend' },
  { alertname: 'HighLatencyP95', severity: 'warning', job: 'gv-backend-canary' },
  {
    alertname: 'HighLoginFailureRate',
    severity: 'warning',
    job: 'gv-backend',
    event: 'auth.login.failed',
  },
  {
    alertname: 'LogWriterDroppingEvents',
    severity: 'warning',
    job: 'gv-backend',
    instance: 'a:3000',
  },
];
const SECOND_ROUND: Record<string, string>[] = [
  {
    alertname: 'DatabaseDown',
    severity: 'critical',
    job: 'postgres-exporter',
    instance: 'postgres-exporter:9187',
  },
  {
    alertname: 'LogWriterBacklog',
    severity: 'warning',
    job: 'gv-backend-canary',
    instance: 'b:3000',
  },
];

describe.skipIf(missingTool('prometheus-alertmanager', 'apt-get install prometheus-alertmanager'))(
  'a real Alertmanager with this configuration',
  () => {
    let workDir = '';
    let alertmanager: RunningProcess | undefined;
    let receiver: Server | undefined;
    const deliveries: Delivery[] = [];
    let delivered: Delivery[] = [];
    let firstRound: string[] = [];

    beforeAll(async () => {
      workDir = mkdtempSync(path.join(tmpdir(), 'gv-alertmanager-'));
      receiver = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          deliveries.push({
            receiver: request.url === '/slack' ? 'slack' : 'pagerduty',
            body: JSON.parse(body) as Record<string, unknown>,
          });
          response.writeHead(request.url === '/slack' ? 200 : 202).end('ok');
        });
      });
      const receiverPort = await freePort();
      await new Promise<void>((resolve) => receiver!.listen(receiverPort, '127.0.0.1', resolve));

      // The committed file, with the secret files pointed at this folder, PagerDuty at the local
      // stand-in, and a 1 s group_wait instead of 30 s.
      const secrets = path.join(workDir, 'secrets');
      mkdirSync(secrets);
      writeFileSync(
        path.join(secrets, 'slack-webhook-url'),
        `http://127.0.0.1:${receiverPort}/slack`,
      );
      writeFileSync(path.join(secrets, 'pagerduty-routing-key'), 'test-routing-key');
      const source = readFileSync(configFile, 'utf8').replaceAll(
        '/etc/alertmanager/secrets',
        secrets,
      );
      const testConfig = parse(source) as {
        route: Record<string, unknown>;
        receivers: { name: string; pagerduty_configs?: Record<string, unknown>[] }[];
      };
      testConfig.route.group_wait = '1s';
      for (const pager of testConfig.receivers.flatMap((entry) => entry.pagerduty_configs ?? [])) {
        pager.url = `http://127.0.0.1:${receiverPort}/pagerduty`;
      }
      writeFileSync(path.join(workDir, 'alertmanager.yml'), stringify(testConfig));

      const port = await freePort();
      alertmanager = startProcess(findTool('prometheus-alertmanager')!, [
        `--config.file=${path.join(workDir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(workDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ]);
      const base = `http://127.0.0.1:${port}`;
      await waitFor(
        'Alertmanager to be ready',
        async () => ((await fetch(`${base}/-/ready`)).ok ? true : undefined),
        20_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${alertmanager?.output()}`);
      });

      const annotations = (name: string) => ({
        summary: `${name} summary`,
        description: `${name} description`,
        runbook_url: `https://example.test/runbooks/${name}.md`,
      });
      // Sends a round of alerts, waits for the notifications it should cause, then a little
      // longer, so that a notification that should have been held back would have arrived too.
      const round = async (alerts: Record<string, string>[], expected: number) => {
        const response = await fetch(`${base}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            alerts.map((labels) => ({ labels, annotations: annotations(labels.alertname!) })),
          ),
        });
        expect(response.status).toBe(200);
        await waitFor(
          `${expected} notifications`,
          async () => (deliveries.length >= expected ? true : undefined),
          20_000,
        ).catch((error: Error) => {
          throw new Error(
            `${error.message}\n${JSON.stringify(deliveries)}\n${alertmanager?.output()}`,
          );
        });
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      };
      await round(FIRST_ROUND, 5);
      firstRound = deliveries.map(alertOf);
      await round(SECOND_ROUND, 7);
      delivered = [...deliveries];
    });

    afterAll(async () => {
      await alertmanager?.stop();
      await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)));
      rmSync(workDir, { recursive: true, force: true });
    });

    const to = (target: Delivery['receiver']) =>
      delivered
        .filter((delivery) => delivery.receiver === target)
        .map(alertOf)
        .sort();

    it('pages for critical alerts, with the routing key from the secret file', () => {
      expect(to('pagerduty')).toEqual(['BackendDown', 'DatabaseDown']);
      const page = delivered.find((delivery) => delivery.receiver === 'pagerduty')!;
      expect(page.body).toMatchObject({ routing_key: 'test-routing-key', event_action: 'trigger' });
    });

    it('posts every alert that is not inhibited to the chat, with its runbook link', () => {
      expect(to('slack')).toEqual([
        'BackendDown',
        'DatabaseDown',
        'HighLatencyP95',
        'HighLoginFailureRate',
        'LogWriterDroppingEvents',
      ]);
      const message = delivered.find((delivery) => alertOf(delivery) === 'BackendDown')!;
      expect(JSON.stringify(message.body)).toContain(
        'https://example.test/runbooks/BackendDown.md',
      );
    });

    it('holds back the symptoms of a backend that is down, for that backend only', () => {
      expect(firstRound).not.toContain('HighErrorRate');
      expect(firstRound).toContain('HighLatencyP95'); // job gv-backend-canary
    });

    it('holds back the symptoms of a database that is down', () => {
      expect(delivered.map(alertOf)).not.toContain('LogWriterBacklog');
    });
  },
);
