// The end of docs/performance.md: how the figures above it were measured and how to reproduce them.
import { settings } from './lib/harness.js';

export const METHOD = `
## How it is measured

- The backend is the production build (\`backend/dist\`), started with
  \`node backend/dist/server.js\` and the product's defaults, access log included (\`LOG_LEVEL\`
  is not set, so one JSON line per request goes to stdout, into a file as a container runtime
  would take it). On PostgreSQL it uses a database created for the run and dropped afterwards;
  the embedded runs start it as \`npm start\` does, without \`DATABASE_URL\` or \`NODE_ENV\`,
  with \`DATA_DIR\` in a temporary directory.
- Baselines run in the same run on the same machine, each as its own process: Express 5 with no
  middleware answering the liveness JSON; Express 5 with a \`pg\` pool of the same size running
  the backend's own prepared user-by-id statement (its text built by the same query builder); and
  argon2id verifications with the backend's \`ARGON2_OPTIONS\`, with as many in flight as the
  sign-in run has connections. Bare \`node:http\` is measured once as a reference for what
  Express itself costs, and a minimal Express 5 + \`pg\` sign-in (\`bench/baselines/express-sign-in.ts\`:
  the user read by email, the verification, a session row and an access token, with the
  backend's schema and no middleware) as the most any Express sign-in reaches against raw
  verifications on the machine of the run.
- Each comparison runs the baseline, then the target, then the baseline again, and compares the
  target with the mean of the two baseline runs; how far those two differ is the run's noise, and
  the report says when a missed goal lies within it.
- Load comes from autocannon over keep-alive connections in the benchmark's own process, closed
  loop: each connection sends its next request when the previous answer arrives. Latency is
  reported at ${settings.fewConnections} and ${settings.connections} connections next to the
  baseline's. autocannon reports p97.5 but no p95, so p95 goals are checked against p97.5.
- The servers compared by a ratio run under \`node --cpu-prof\` (both sides, so the profiler's
  overhead falls on both). Sign-in is the exception: its baseline is a hashing loop whose main
  thread sleeps, so the profiler would slow one side only; the ratio is measured on a backend
  without it, and a second backend under the profiler serves one more run for the breakdown.
  The profile's clock is the one \`process.hrtime\` reads, so each load
  run's samples are picked out by its start and end; their time divided by the requests served
  is the main thread's CPU per request, split by package. Set \`BENCH_PROFILE_DIR\` to keep the
  \`.cpuprofile\` files and open them in Chrome's DevTools.
- The logs table is filled with ${settings.logRows.toLocaleString('en-US')} rows by a single
  \`INSERT ... SELECT\` over \`generate_series\`; the deep page uses a cursor made from the row at
  offset ${settings.deepOffset.toLocaleString('en-US')} of the newest-first order, encoded the
  way the API encodes its \`nextCursor\`.
- Memory is the resident set size (\`VmRSS\` in \`/proc/<pid>/status\`) right after start and at
  the end of a soak that mixes authenticated reads with sign-ins, sampled every second. The parts
  (Node.js alone, the backend's modules imported without starting, PGlite opened alone) are each
  loaded in a fresh process that reports its own \`process.memoryUsage()\`.
- Start to ready is the time from spawning the process to the first 200 from
  \`/api/health/ready\`, on a database that is already migrated.

## How to reproduce

\`\`\`bash
npm install
npm run bench            # builds backend/dist when it is stale
\`\`\`

It needs a PostgreSQL server where it may create and drop a database: \`BENCH_DATABASE_URL\` (or
\`TEST_DATABASE_URL\`), default \`postgres://postgres@127.0.0.1:5432/postgres\`.
\`BENCH_DURATION=5\` shortens each measured run and \`BENCH_SOAK=20\` the memory soak;
\`BENCH_OUTPUT=/tmp/performance.md\` writes the report elsewhere. Stop other busy programs first:
the load generator shares the machine with the servers, which is why every throughput figure is
a ratio against a baseline measured alongside it.
`;
