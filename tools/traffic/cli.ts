// `npm run traffic -- --base http://localhost:3000 --users 20 --rate 10 --duration 10m`: simulated
// people using the app, so dashboards move and alerts have something to measure. Prints a progress
// line every few seconds and a summary at the end (also after Ctrl-C or SIGTERM).
import { readArgs, runTool, UsageError } from '../lib/cli.js';
import { formatDuration, parseDuration } from '../lib/durations.js';
import { runTraffic, UnreachableError } from './generator.js';
import { progressLine, summaryText } from './progress.js';

const USAGE = `Usage: traffic --base <url> [options]

Simulates people using GV Playground: sign-up, sign-in (now and then with a wrong password),
browsing their sessions and activity, profile edits, token refreshes and sign-out.

  --base <url>             where the app answers, e.g. http://localhost:3000 (default: $TRAFFIC_BASE_URL)
  --users <n>              simulated people (default 20)
  --rate <n>               requests per second across all of them (default 10)
  --duration <d>           how long to run, e.g. 30s, 10m, 1h (default 10m)
  --progress <d>           time between progress lines (default 5s)
  --request-timeout <d>    limit for each request (default 10s)
  -h, --help               show this text

Exit code 0 when it ran, whatever the app answered (errors are what it measures); 1 when the
app cannot be reached at the start; 2 for a mistake in the options.`;

interface CliOptions {
  baseUrl: string;
  users: number;
  rate: number;
  durationMs: number;
  progressEveryMs: number;
  requestTimeoutMs: number;
}

function positiveNumber(text: string, flag: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `${flag} must be a positive ${integer ? 'whole ' : ''}number (got "${text}")`,
    );
  }
  return value;
}

function readOptions(argv: string[]): CliOptions {
  const { values, positionals } = readArgs(argv, {
    base: { type: 'string' },
    users: { type: 'string', default: '20' },
    rate: { type: 'string', default: '10' },
    duration: { type: 'string', default: '10m' },
    progress: { type: 'string', default: '5s' },
    'request-timeout': { type: 'string', default: '10s' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const rawUrl = values.base ?? process.env.TRAFFIC_BASE_URL;
  if (!rawUrl) throw new UsageError('give the app URL with --base or in TRAFFIC_BASE_URL');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UsageError(`--base "${rawUrl}" is not a URL (expected e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--base must be http:// or https:// (got ${url.protocol})`);
  }
  return {
    baseUrl: url.toString().replace(/\/+$/, ''),
    users: positiveNumber(values.users, '--users', true),
    rate: positiveNumber(values.rate, '--rate', false),
    durationMs: parseDuration(values.duration, '--duration'),
    progressEveryMs: parseDuration(values.progress, '--progress'),
    requestTimeoutMs: parseDuration(values['request-timeout'], '--request-timeout'),
  };
}

async function run(options: CliOptions): Promise<number> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runTraffic({
      ...options,
      signal: stop.signal,
      onStart: () =>
        console.log(
          `Traffic against ${options.baseUrl}: ${options.users} people, ${options.rate} requests/s ` +
            `for ${formatDuration(options.durationMs)} (Ctrl-C stops it)`,
        ),
      onProgress: (window, sinceStartMs) => console.log(progressLine(window, sinceStartMs)),
    });
    console.log(summaryText(result.total, result));
    return 0;
  } catch (error) {
    if (!(error instanceof UnreachableError)) throw error;
    console.error(`traffic: ${error.message}`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

await runTool({ name: 'traffic', usage: USAGE, parse: readOptions, run });
