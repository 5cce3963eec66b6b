// Explanations for the report, built only from what this run measured: the CPU profiles, the
// spread of the baseline runs, the memory of the parts measured alone, the load generator's CPU.
import { formatNumber, mebibytes, microseconds, percent } from './format.js';
import { formatGoal, type Goal } from './goals.js';
import { extraCosts, type RunCost } from './profile.js';

/** A baseline's throughput in the runs just before and just after the target. */
export interface Bracket {
  before: number;
  after: number;
}

export const bracketMean = (bracket: Bracket) => (bracket.before + bracket.after) / 2;

/** How far apart the two baseline runs were, relative to their mean. */
export function bracketSpread(bracket: Bracket): number {
  const mean = bracketMean(bracket);
  return mean > 0 ? Math.abs(bracket.before - bracket.after) / mean : 0;
}

const listOf = (items: string[]) =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** The packages that cost the target most per request beyond what the baseline spends on them. */
export function cpuSentence(target: RunCost | undefined, baseline?: RunCost, count = 5): string {
  if (!target || target.summary.samples === 0) {
    return 'No CPU profile covers this run, so its cost is not broken down.';
  }
  const shareOfRoute = (us: number) => percent(us / target.usPerRequest);
  if (!baseline) {
    const top = target.summary.packages
      .slice(0, count)
      .map((entry) => `${entry.package} ${percent(entry.share)}`);
    return (
      `Its main thread spent ${microseconds(target.usPerRequest)} per request ` +
      `(this run's profile): ${listOf(top)}.`
    );
  }
  const head =
    `Its main thread spent ${microseconds(target.usPerRequest)} per request, the baseline's ` +
    `${microseconds(baseline.usPerRequest)} (this run's profiles)`;
  const extra = target.usPerRequest - baseline.usPerRequest;
  if (extra <= 0) {
    return `${head}: no more CPU than the baseline, so the gap is time spent waiting, not computing.`;
  }
  const top = extraCosts(target, baseline)
    .filter((entry) => entry.extraUs >= 1)
    .slice(0, count)
    .map(
      (entry) =>
        `${entry.package} +${microseconds(entry.extraUs)} (${shareOfRoute(entry.targetUs)} of the route's CPU)`,
    );
  return `${head}; the extra ${microseconds(extra)} went to ${listOf(top)}.`;
}

/** Whether the baseline moved more than the distance between the ratio and its goal. */
export function spreadSentence(bracket: Bracket, ratio: number, goal?: Goal): string {
  const spread = bracketSpread(bracket);
  const sentence =
    `The baseline runs before and after it differed by ${percent(spread)} ` +
    `(${formatNumber(bracket.before)} and ${formatNumber(bracket.after)} per second)`;
  if (goal && ratio > 0 && Math.abs(ratio - goal.threshold) / ratio <= spread) {
    return `${sentence}; the distance to the goal is within that spread, so another run may land on the other side of it.`;
  }
  return `${sentence}.`;
}

export interface RatioEvidence {
  ratio: number;
  goal?: Goal;
  /** What the ratio is taken against, e.g. "bare Express 5". */
  baselineName: string;
  bracket?: Bracket;
  target?: RunCost;
  baseline?: RunCost;
}

export function explainRatio(evidence: RatioEvidence): string {
  const goal = evidence.goal ? `, goal ${formatGoal(evidence.goal, 'ratio')}` : '';
  return [
    `${percent(evidence.ratio)} of ${evidence.baselineName}${goal}.`,
    cpuSentence(evidence.target, evidence.baseline),
    evidence.bracket ? spreadSentence(evidence.bracket, evidence.ratio, evidence.goal) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * What a sign-in may cost besides its hash. Both sides keep every core busy, so the rates are in
 * inverse proportion to the CPU each operation takes: at a ratio r a sign-in may take 1/r times a
 * verification's CPU, that is `cpuMsPerVerify × (1/r − 1)` more than the hash itself.
 */
export function signInBudget(evidence: {
  cpuMsPerVerify: number;
  goal: number;
  /** The backend's main-thread CPU per sign-in, from the profiled run. */
  mainThreadMs?: number;
}): string {
  const budgetMs = evidence.cpuMsPerVerify * (1 / evidence.goal - 1);
  const head =
    `A verification took ${formatNumber(evidence.cpuMsPerVerify, 1)} ms of CPU in the ` +
    `baseline; at ${percent(evidence.goal)} a sign-in may spend ${formatNumber(budgetMs, 1)} ms ` +
    'of CPU besides its hash, on the same cores: HTTP, PostgreSQL and the load generator included.';
  if (evidence.mainThreadMs === undefined) return head;
  return (
    `${head} The backend's main thread alone spent ${formatNumber(evidence.mainThreadMs, 1)} ms ` +
    `per sign-in (${percent(evidence.mainThreadMs / budgetMs)} of that budget) in the profiled run.`
  );
}

/**
 * Where the sign-in goal lies against the least an Express 5 sign-in can do: the minimal sign-in
 * baseline's ratio to raw verifications is the ceiling for any sign-in served by Express 5 that
 * reads the user and opens a session, on the machine of the run.
 */
export function signInCeiling(evidence: {
  /** The minimal Express 5 sign-in's rate over raw argon2id verifications. */
  ceiling: number;
  /** The backend's sign-in rate over the minimal sign-in's. */
  backendShare: number;
  goal: number;
}): string {
  const head =
    `A minimal Express 5 + pg sign-in (the user read by email, the verification, a session row ` +
    `and an access token; no middleware, checks or audit) reached ${percent(evidence.ceiling)} ` +
    'of raw argon2id verifications in this run';
  const verdict =
    evidence.ceiling < evidence.goal
      ? `, below the goal of ${percent(evidence.goal)}: on this machine no Express 5 sign-in that ` +
        'reads the user and opens a session reaches it.'
      : `, at or above the goal of ${percent(evidence.goal)}: Express 5 can reach it here.`;
  return `${head}${verdict} The backend reached ${percent(evidence.backendShare)} of that minimal sign-in.`;
}

/**
 * Closed-loop latency on a single-threaded server is mostly waiting for the requests ahead: with
 * n in flight, each waits about n × the CPU time of one.
 */
export function explainLatency(evidence: {
  valueMs: number;
  percentile: string;
  connections: number;
  target?: RunCost;
}): string {
  const head = `${evidence.percentile} ${formatNumber(evidence.valueMs, 1)} ms at ${evidence.connections} connections.`;
  if (!evidence.target || evidence.target.summary.samples === 0) {
    return `${head} No CPU profile covers this run, so its cost is not broken down.`;
  }
  const queueMs = (evidence.connections * evidence.target.usPerRequest) / 1000;
  return (
    `${head} ${cpuSentence(evidence.target)} With ${evidence.connections} requests in flight ` +
    `taking turns on one thread, each waits about ${evidence.connections} × ` +
    `${microseconds(evidence.target.usPerRequest)} ≈ ${formatNumber(queueMs, 1)} ms.`
  );
}

export function explainStartUp(evidence: { medianMs: number; importMs?: number }): string {
  const head = `Median ${formatNumber(evidence.medianMs)} ms from spawning the process to a ready answer.`;
  if (evidence.importMs === undefined) return head;
  const rest = Math.max(0, evidence.medianMs - evidence.importMs);
  return (
    `${head} Importing the backend's modules alone took ${formatNumber(evidence.importMs)} ms ` +
    `in a separate process (${percent(evidence.importMs / evidence.medianMs)}); the remaining ` +
    `${formatNumber(rest)} ms is everything after that: opening the database and starting up.`
  );
}

/** A process's memory as process.memoryUsage() reports it, in MiB, or RSS alone from outside. */
export interface MemorySample {
  rss: number;
  heapUsed?: number;
  heapTotal?: number;
  external?: number;
  arrayBuffers?: number;
}

export interface MemoryParts {
  /** `node` with nothing loaded. */
  node: MemorySample;
  /** The backend's modules imported, nothing started. */
  modules?: MemorySample;
  /** PGlite opened on an empty directory, nothing else loaded. */
  pglite?: MemorySample;
}

/** Splits a backend's resident memory into the parts measured alone and the rest. */
export function explainMemory(evidence: {
  rssMiB: number;
  parts: MemoryParts;
  /** The running server's own V8 heap, read from its metrics at the same moment. */
  heap?: { heapUsed: number; heapTotal: number };
  /** Growth since start, for a figure taken after the soak: resident memory and V8 heap. */
  grown?: { rssMiB: number; heapMiB?: number };
  /**
   * Sign-ins the soak keeps in flight, how many of them the backend hashes at a time, and the
   * argon2id memory each hash works in.
   */
  hashing?: { inFlight: number; slots: number; memoryMiB: number };
}): string {
  const { node, modules, pglite } = evidence.parts;
  const shares: Array<[number, string]> = [[node.rss, `Node.js itself ${mebibytes(node.rss)}`]];
  if (modules) {
    const size = modules.rss - node.rss;
    const heap =
      modules.heapUsed !== undefined && modules.heapTotal !== undefined
        ? ` (V8 heap ${mebibytes(modules.heapUsed)} used of ${mebibytes(modules.heapTotal)})`
        : '';
    shares.push([size, `the backend's modules ${mebibytes(size)}${heap}`]);
  }
  if (pglite) {
    const size = pglite.rss - node.rss;
    const outside =
      pglite.external !== undefined
        ? ` (${mebibytes(pglite.external)} outside the V8 heap, ${mebibytes(pglite.arrayBuffers ?? 0)} of it array buffers)`
        : '';
    shares.push([size, `PGlite ${mebibytes(size)}${outside}`]);
  }
  const rest = evidence.rssMiB - shares.reduce((sum, [size]) => sum + size, 0);
  const ordered = shares.sort((a, b) => b[0] - a[0]).map(([, text]) => text);
  const restText =
    rest >= 0
      ? ` and ${mebibytes(rest)} the parts do not account for (what the running server holds).`
      : `; measured one at a time these add up to ${mebibytes(-rest)} more than this process holds.`;
  const { heap, grown } = evidence;
  // The parts are measured in other processes; the heap figure is the server's own, so it says
  // what the running server holds that they do not.
  const heapText = heap
    ? ` The server's own V8 heap was ${mebibytes(heap.heapTotal)}, ${mebibytes(heap.heapUsed)} ` +
      'of it in use (live objects and garbage not yet collected).'
    : '';
  const grownText = grown
    ? ` The load added ${mebibytes(grown.rssMiB)} since start` +
      (grown.heapMiB !== undefined
        ? `, ${mebibytes(Math.max(0, grown.heapMiB))} of it V8 heap.`
        : '.')
    : '';
  // The hash's memory is allocated outside the V8 heap and resident while it runs, so a figure
  // read during the soak holds that of every hash running.
  const { hashing } = evidence;
  const hashingAtOnce = hashing ? Math.min(hashing.inFlight, hashing.slots) : 0;
  const hashingText = hashing
    ? ` The soak keeps ${hashing.inFlight} sign-ins in flight, hashed ${hashingAtOnce} at a ` +
      `time, and each argon2id hash works in ${mebibytes(hashing.memoryMiB)} outside the V8 ` +
      `heap: up to ${mebibytes(hashingAtOnce * hashing.memoryMiB)} while they run.`
    : '';
  return (
    `${mebibytes(evidence.rssMiB)} resident: ${ordered.join(', ')}${restText}` +
    `${heapText}${grownText}${hashingText}`
  );
}

export function explainScaling(evidence: {
  ratio: number;
  goal: Goal;
  cpus: number;
  /** Cores the load generator kept busy during the two-worker run. */
  generatorCores: number;
  /** Cores busy machine-wide during that run; NaN where unknown. */
  machineCores: number;
  bracket: Bracket;
}): string {
  const { cpus, generatorCores, machineCores } = evidence;
  const generator = `${formatNumber(generatorCores, 1)} the load generator`;
  const usage = Number.isNaN(machineCores)
    ? `During the two-worker run the load generator kept ${formatNumber(generatorCores, 1)} of ` +
      `the machine's ${cpus} cores busy.`
    : `During the two-worker run ${formatNumber(machineCores, 1)} of the machine's ${cpus} cores ` +
      `were busy: ${generator}, ${formatNumber(Math.max(0, machineCores - generatorCores), 1)} ` +
      `the workers, PostgreSQL and any other program.` +
      (machineCores >= 0.9 * cpus
        ? ' With the cores that full, a second worker has little left to run on.'
        : '');
  return [
    `${percent(evidence.ratio)} of one worker's throughput, goal ${formatGoal(evidence.goal, 'ratio')}.`,
    usage,
    spreadSentence(evidence.bracket, evidence.ratio, evidence.goal),
  ].join(' ');
}
