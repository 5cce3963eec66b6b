// Goal 4: resident memory after start and after a soak at full load, embedded (PGlite, as
// `npm start` runs) and on PostgreSQL, split into the parts that hold it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARGON2_OPTIONS, HASHING_SLOTS } from '@gv/backend/passwords';
import { freePort } from '@gv/testing';
import { explainMemory, type MemorySample } from '../lib/explain.js';
import { formatNumber, mebibytes } from '../lib/format.js';
import { atMost, evaluateTarget } from '../lib/goals.js';
import { postJson, settings, type Bench } from '../lib/harness.js';
import { runLoad } from '../lib/load.js';
import { probeMemory } from '../lib/memory-probes.js';
import { residentMemoryMb, type ServerProcess } from '../lib/processes.js';

/** Loads the backend's code alone, for the split and for the import time at start-up. */
export async function measureParts(bench: Bench): Promise<void> {
  bench.step("Memory and load time of Node.js and of the backend's modules, each alone");
  const node = await probeMemory('node');
  const modules = await probeMemory('modules');
  bench.parts = { node, modules, importMs: modules.ms };
  bench.memory.push(
    { what: '`node` with nothing loaded', sample: node },
    { what: "the backend's modules imported, nothing started", sample: modules },
  );
  process.stdout.write(
    `  node ${mebibytes(node.rss)}; modules ${mebibytes(modules.rss)} ` +
      `(imported in ${formatNumber(modules.ms)} ms)\n`,
  );
}

/** PGlite alone, opening the embedded backend's database as the backend does at start. */
async function measurePglite(bench: Bench): Promise<void> {
  // The start-up scenario normally makes this folder; run alone (BENCH_ONLY), memory makes it.
  mkdirSync(bench.embeddedDataDir, { recursive: true });
  const pglite = await probeMemory('pglite', path.join(bench.embeddedDataDir, 'pglite'));
  bench.parts = { ...bench.parts!, pglite };
  bench.memory.push({
    what: "PGlite alone, opening the embedded backend's database",
    sample: pglite,
  });
  process.stdout.write(
    `  PGlite alone: ${mebibytes(pglite.rss)} (opened in ${formatNumber(pglite.ms)} ms)\n`,
  );
}

/**
 * The running server's V8 heap, from its own /metrics (prom-client's default series), in MiB: what
 * of its resident memory is the heap, and how much of that is in use. "In use" counts garbage not
 * collected yet as well as live objects.
 */
async function heapOf(
  metricsUrl: string,
): Promise<Required<Pick<MemorySample, 'heapUsed' | 'heapTotal' | 'external'>>> {
  const text = await (await fetch(metricsUrl)).text();
  const mib = (series: string) => {
    const match = new RegExp(`^${series} (\\S+)$`, 'm').exec(text);
    if (!match) throw new Error(`${metricsUrl} has no ${series}`);
    return Number(match[1]) / 1024 / 1024;
  };
  return {
    heapUsed: mib('nodejs_heap_size_used_bytes'),
    heapTotal: mib('nodejs_heap_size_total_bytes'),
    external: mib('nodejs_external_memory_bytes'),
  };
}

/** Sign-ins the soak keeps in flight next to the reads. */
const SIGN_IN_CONNECTIONS = 4;

/** Reads and sign-ins together for the soak's length, sampling the server's RSS every second. */
async function soak(bench: Bench, server: ServerProcess, auth: Record<string, string>) {
  const { connections, soakSeconds } = settings;
  const samples: number[] = [];
  const reads = bench.load({
    label: `soak (${server.name}): users/me, sessions, logs/mine, live`,
    url: server.baseUrl,
    connections: connections - SIGN_IN_CONNECTIONS,
    durationSeconds: soakSeconds,
    headers: auth,
    requests: [
      { method: 'GET', path: '/api/users/me' },
      { method: 'GET', path: '/api/sessions' },
      { method: 'GET', path: '/api/logs/mine?limit=20' },
      { method: 'GET', path: '/api/health/live' },
    ],
    onSecond: () => samples.push(residentMemoryMb(server.pid)),
  });
  const signIns = runLoad({
    label: `soak (${server.name}): sign-ins`,
    url: `${server.baseUrl}/api/auth/login`,
    connections: SIGN_IN_CONNECTIONS,
    durationSeconds: soakSeconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bench.member),
    quiet: true,
  });
  const [readRun, signInRun] = await Promise.all([reads, signIns]);
  bench.runs.push(signInRun);
  const after = residentMemoryMb(server.pid);
  return {
    after,
    peak: Math.max(...samples, after),
    failures: readRun.failures + signInRun.failures,
  };
}

async function measureMode(
  bench: Bench,
  mode: { name: string; embedded: boolean; startGoal?: number; soakGoal: number },
  auth?: Record<string, string>,
): Promise<void> {
  bench.step(
    `Memory, ${mode.name}: after start, then ${settings.soakSeconds} s of reads ` +
      `(${settings.connections - SIGN_IN_CONNECTIONS} connections) and sign-ins (${SIGN_IN_CONNECTIONS})`,
  );
  if (mode.embedded) await measurePglite(bench);
  // Metrics on their own port, as deployed, so the server can say how much of it is V8 heap.
  const metricsPort = await freePort();
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const server = await bench.startBackend(`backend-memory-${mode.embedded ? 'embedded' : 'pg'}`, {
    embedded: mode.embedded,
    env: { METRICS_PORT: String(metricsPort) },
  });
  const afterStart = residentMemoryMb(server.pid);
  const heapAfterStart = await heapOf(metricsUrl);
  let headers = auth;
  if (!headers) {
    const registered = await postJson(`${server.baseUrl}/api/auth/register`, {
      ...bench.member,
      name: 'Bench User',
    });
    headers = { authorization: `Bearer ${String(registered.accessToken)}` };
  }
  const result = await soak(bench, server, headers);
  const heapAfterSoak = await heapOf(metricsUrl);
  await bench.stop(server);

  const parts = {
    node: bench.parts!.node,
    modules: bench.parts!.modules,
    ...(mode.embedded ? { pglite: bench.parts!.pglite } : {}),
  };
  bench.memory.push(
    { what: `backend, ${mode.name}, after start`, sample: { rss: afterStart, ...heapAfterStart } },
    {
      what: `backend, ${mode.name}, after the soak`,
      sample: { rss: result.after, ...heapAfterSoak },
    },
  );
  if (mode.startGoal !== undefined) {
    bench.targets.push(
      evaluateTarget({
        name: `RSS after start, ${mode.name}`,
        measured: mebibytes(afterStart),
        value: afterStart,
        unit: 'MiB',
        goal: atMost(mode.startGoal),
        why: explainMemory({ rssMiB: afterStart, parts, heap: heapAfterStart }),
      }),
    );
  }
  bench.targets.push(
    evaluateTarget({
      name: `RSS after ${settings.soakSeconds} s at full load, ${mode.name}`,
      measured:
        `${mebibytes(result.after)} at the end, peak ${mebibytes(result.peak)}, ` +
        `${mebibytes(afterStart)} after start`,
      value: result.after,
      unit: 'MiB',
      goal: atMost(mode.soakGoal),
      failures: result.failures,
      why: explainMemory({
        rssMiB: result.after,
        parts,
        heap: heapAfterSoak,
        grown: {
          rssMiB: result.after - afterStart,
          heapMiB: heapAfterSoak.heapTotal - heapAfterStart.heapTotal,
        },
        hashing: {
          inFlight: SIGN_IN_CONNECTIONS,
          // The server runs on this machine, with the same cores and thread pool.
          slots: HASHING_SLOTS,
          // memoryCost is in KiB.
          memoryMiB: ARGON2_OPTIONS.memoryCost / 1024,
        },
      }),
    }),
  );
}

export async function measureMemory(bench: Bench, auth: Record<string, string>): Promise<void> {
  await measureMode(bench, { name: 'PostgreSQL', embedded: false, soakGoal: 150 }, auth);
  await measureMode(bench, {
    name: 'embedded PGlite',
    embedded: true,
    startGoal: 250,
    soakGoal: 350,
  });
}
