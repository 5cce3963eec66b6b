// The backend's memory split into parts, each loaded alone in a fresh `node` process that reports
// its own process.memoryUsage(). (The running backend's own heap is read from its /metrics.)
import type { MemorySample } from './explain.js';
import { runNode } from './processes.js';

export interface ProbeResult extends MemorySample {
  /** How long loading the part took. */
  ms: number;
}

const LOADS = {
  node: '',
  // Imports every module the server needs (PGlite's and pg's code included) without starting it.
  modules: "await import('./backend/dist/backend.js');",
  pglite:
    "const { PGlite } = await import('@electric-sql/pglite');" +
    // With the backend's own settings for it.
    "const { EMBEDDED_SETTINGS } = await import('./backend/dist/db/embedded-settings.js');" +
    'const db = await PGlite.create(process.env.PGLITE_DIR, EMBEDDED_SETTINGS);' +
    "await db.query('select 1');",
};

const REPORT =
  'const usage = process.memoryUsage(); const mib = (bytes) => bytes / 1048576;' +
  'process.stdout.write(JSON.stringify({ ms: performance.now() - started, rss: mib(usage.rss),' +
  ' heapUsed: mib(usage.heapUsed), heapTotal: mib(usage.heapTotal),' +
  ' external: mib(usage.external), arrayBuffers: mib(usage.arrayBuffers) }));' +
  // PGlite keeps the event loop alive; the figures are taken, so end here.
  'process.exit(0);';

/** `pgliteDir` is the database PGlite opens: the backend's own, so it opens what the backend does. */
export async function probeMemory(part: keyof typeof LOADS, pgliteDir = ''): Promise<ProbeResult> {
  const code = `const started = performance.now(); ${LOADS[part]} ${REPORT}`;
  const output = await runNode(['--input-type=module', '-e', code], { PGLITE_DIR: pgliteDir });
  return JSON.parse(output) as ProbeResult;
}
