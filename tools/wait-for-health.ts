// Polls a health URL until it answers 200 or the time is up, printing every attempt. Deploy
// workflows use it after a rollout: `npm run wait-for-health -- https://host/api/health/ready`.
import { readArgs, runTool, UsageError } from './lib/cli.js';
import { formatDuration, parseDuration } from './lib/durations.js';
import { httpRequest, NetworkError, problemSummary } from './lib/http.js';

const USAGE = `Usage: wait-for-health <url> [options]

  url                    the endpoint to poll, e.g. http://localhost:3000/api/health/ready
  --timeout <d>          give up after this long (default 5m)
  --interval <d>         pause between attempts (default 5s)
  --request-timeout <d>  limit for each attempt (default 5s)
  --successes <n>        consecutive 200s required (default 1)
  -h, --help             show this text`;

interface WaitOptions {
  url: string;
  timeoutMs: number;
  intervalMs: number;
  requestTimeoutMs: number;
  successes: number;
}

function readOptions(argv: string[]): WaitOptions {
  const { values, positionals } = readArgs(argv, {
    timeout: { type: 'string', default: '5m' },
    interval: { type: 'string', default: '5s' },
    'request-timeout': { type: 'string', default: '5s' },
    successes: { type: 'string', default: '1' },
  });
  const [url, ...rest] = positionals;
  if (!url || rest.length > 0) throw new UsageError('give exactly one URL to poll');
  try {
    new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a URL`);
  }
  const successes = Number(values.successes);
  if (!Number.isInteger(successes) || successes < 1) {
    throw new UsageError('--successes must be a whole number ≥ 1');
  }
  return {
    url,
    timeoutMs: parseDuration(values.timeout, '--timeout'),
    intervalMs: parseDuration(values.interval, '--interval'),
    requestTimeoutMs: parseDuration(values['request-timeout'], '--request-timeout'),
    successes,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForHealth(options: WaitOptions): Promise<boolean> {
  const started = Date.now();
  const elapsed = () => formatDuration(Date.now() - started);
  let attempt = 0;
  let streak = 0;
  let lastProblem = 'no attempt was made';

  while (Date.now() - started < options.timeoutMs) {
    attempt += 1;
    const remaining = options.timeoutMs - (Date.now() - started);
    try {
      const response = await httpRequest(options.url, {
        timeoutMs: Math.max(1, Math.min(options.requestTimeoutMs, remaining)),
      });
      if (response.status === 200) {
        streak += 1;
        console.log(
          `  attempt ${attempt}: 200 (${streak}/${options.successes}) after ${elapsed()}`,
        );
        if (streak >= options.successes) return true;
      } else {
        streak = 0;
        lastProblem = `${response.status}: ${problemSummary(response)}`;
        console.log(`  attempt ${attempt}: ${lastProblem} after ${elapsed()}`);
      }
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      streak = 0;
      lastProblem = error.message;
      console.log(`  attempt ${attempt}: ${lastProblem} after ${elapsed()}`);
    }
    const pause = Math.min(options.intervalMs, options.timeoutMs - (Date.now() - started));
    if (pause > 0) await sleep(pause);
  }
  console.error(
    `\n${options.url} was not healthy within ${formatDuration(options.timeoutMs)} ` +
      `(${attempt} attempts). Last answer: ${lastProblem}`,
  );
  return false;
}

async function run(options: WaitOptions): Promise<number> {
  console.log(
    `Waiting up to ${formatDuration(options.timeoutMs)} for ${options.url} to answer 200`,
  );
  if (await waitForHealth(options)) {
    console.log(`${options.url} is healthy.`);
    return 0;
  }
  console.error('Next: look at the pods and their logs (kubectl -n gv-playground get pods).');
  return 1;
}

await runTool({ name: 'wait-for-health', usage: USAGE, parse: readOptions, run });
