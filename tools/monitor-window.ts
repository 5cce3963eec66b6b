// Watches the backend through Prometheus for a while after a deploy and fails as soon as the
// error ratio or the p95 latency crosses its limit, so the workflow can roll back. It reads the
// series the recording rules record (5 minute windows), the same numbers the alerts judge.
// `npm run monitor-window -- --prometheus-url http://localhost:9090 --duration 5m`
import { readArgs, runTool, UsageError } from './lib/cli.js';
import { formatDuration, parseDuration } from './lib/durations.js';
import { gateQueries, PrometheusClient } from './lib/prometheus.js';

const USAGE = `Usage: monitor-window [options]

  --prometheus-url <url>   Prometheus to ask (default: $PROMETHEUS_URL)
  --duration <d>           how long to watch (default 5m)
  --interval <d>           pause between samples (default 30s)
  --job <name>             scrape job of the backend (default gv-backend)
  --max-error-ratio <r>    highest tolerated share of 5xx answers, 0…1 (default 0.02)
  --max-latency-p95 <d>    highest tolerated p95 latency (default 1s)
  -h, --help               show this text`;

interface MonitorOptions {
  prometheusUrl: string;
  durationMs: number;
  intervalMs: number;
  job: string;
  maxErrorRatio: number;
  maxLatencyP95Seconds: number;
}

function readOptions(argv: string[]): MonitorOptions {
  const { values, positionals } = readArgs(argv, {
    'prometheus-url': { type: 'string' },
    duration: { type: 'string', default: '5m' },
    interval: { type: 'string', default: '30s' },
    job: { type: 'string', default: 'gv-backend' },
    'max-error-ratio': { type: 'string', default: '0.02' },
    'max-latency-p95': { type: 'string', default: '1s' },
  });
  if (positionals.length > 0)
    throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
  const prometheusUrl = values['prometheus-url'] ?? process.env.PROMETHEUS_URL;
  if (!prometheusUrl) throw new UsageError('give --prometheus-url or set PROMETHEUS_URL');
  const maxErrorRatio = Number(values['max-error-ratio']);
  if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
    throw new UsageError('--max-error-ratio must be a number between 0 and 1, e.g. 0.02 for 2%');
  }
  return {
    prometheusUrl,
    durationMs: parseDuration(values.duration, '--duration'),
    intervalMs: parseDuration(values.interval, '--interval'),
    job: values.job,
    maxErrorRatio,
    maxLatencyP95Seconds: parseDuration(values['max-latency-p95'], '--max-latency-p95') / 1_000,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percent = (ratio: number) => `${(ratio * 100).toFixed(2)}%`;

/** Returns null when the window passed, or the reason it failed. */
async function watch(options: MonitorOptions): Promise<string | null> {
  const prometheus = new PrometheusClient(options.prometheusUrl);
  const queries = gateQueries(options.job);

  const up = await prometheus.scalar(queries.targetsUp);
  if (up === null || up === 0) {
    return `Prometheus has no live "${options.job}" target: is the backend scraped and up?`;
  }
  console.log(`  ${up} "${options.job}" target(s) up`);

  const started = Date.now();
  let sample = 0;
  let judged = 0;
  for (;;) {
    sample += 1;
    const [rate, errorRatio, p95] = await Promise.all([
      prometheus.scalar(queries.requestRate),
      prometheus.scalar(queries.errorRatio),
      prometheus.scalar(queries.latencyP95),
    ]);
    const at = formatDuration(Date.now() - started).padStart(10);
    if (rate === null || rate === 0) {
      console.log(`  ${at}  no traffic in the last 5 minutes: nothing to judge yet`);
    } else {
      judged += 1;
      console.log(
        `  ${at}  ${rate.toFixed(2)} req/s  errors ${percent(errorRatio ?? 0)} ` +
          `(max ${percent(options.maxErrorRatio)})  p95 ${formatDuration((p95 ?? 0) * 1_000)} ` +
          `(max ${formatDuration(options.maxLatencyP95Seconds * 1_000)})`,
      );
      if ((errorRatio ?? 0) > options.maxErrorRatio) {
        return `error ratio ${percent(errorRatio ?? 0)} is above ${percent(options.maxErrorRatio)} (sample ${sample})`;
      }
      if ((p95 ?? 0) > options.maxLatencyP95Seconds) {
        return `p95 latency ${formatDuration((p95 ?? 0) * 1_000)} is above ${formatDuration(options.maxLatencyP95Seconds * 1_000)} (sample ${sample})`;
      }
    }
    const remaining = options.durationMs - (Date.now() - started);
    if (remaining <= 0) break;
    await sleep(Math.min(options.intervalMs, remaining));
  }
  if (judged === 0)
    console.log('  the window saw no traffic at all; nothing contradicts the deploy');
  return null;
}

async function run(options: MonitorOptions): Promise<number> {
  console.log(
    `Watching "${options.job}" for ${formatDuration(options.durationMs)} through ${options.prometheusUrl}`,
  );
  let failure: string | null;
  try {
    failure = await watch(options);
  } catch (error) {
    failure = `could not query Prometheus: ${(error as Error).message}`;
  }
  if (failure) {
    console.error(`\nMonitoring window FAILED: ${failure}`);
    console.error('Next: the workflow rolls back; look at the Grafana service overview and logs.');
    return 1;
  }
  console.log('\nMonitoring window passed: error ratio and latency stayed within limits.');
  return 0;
}

await runTool({ name: 'monitor-window', usage: USAGE, parse: readOptions, run });
