// Reads the CPU profiles Node.js writes with --cpu-prof: where a server's main thread spent its
// time during one load run, by function and by package.

/** The .cpuprofile format (V8's Profiler.Profile): a call tree plus one node id per sample. */
export interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock, the one process.hrtime reads on the same machine. */
  startTime: number;
  endTime: number;
  samples: number[];
  /** Microseconds from the previous sample (from startTime for the first). */
  timeDeltas: number[];
}

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface FrameCost {
  functionName: string;
  /** `path:line`, shortened to the package or the repository. */
  location: string;
  package: string;
  selfUs: number;
  /** Of the busy time in the window. */
  share: number;
}

export interface PackageCost {
  package: string;
  us: number;
  share: number;
}

export interface ProfileSummary {
  /** Main-thread time spent running something: every sample but idle, times the interval. */
  busyUs: number;
  samples: number;
  /** Highest self time first. */
  frames: FrameCost[];
  /** Highest first; Node.js internals and native code count for the package that called them. */
  packages: PackageCost[];
}

/** Monotonic microseconds, comparable with a CpuProfile's times. */
export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

export const NODE_INTERNALS = 'node internals';
export const NATIVE = 'V8 and native code';
export const GARBAGE_COLLECTION = 'garbage collection';
export const BACKEND = 'backend';

/**
 * Packages that only exist to serve another are counted under it, so a line reads "express"
 * rather than "router, send, on-finished".
 */
const FAMILIES: Record<string, string[]> = {
  express: [
    'router',
    'body-parser',
    'finalhandler',
    'send',
    'serve-static',
    'on-finished',
    'on-headers',
    'qs',
    'cookie',
    'content-type',
    'content-disposition',
    'type-is',
    'mime-types',
    'accepts',
    'negotiator',
    'etag',
    'fresh',
    'depd',
    'debug',
    'path-to-regexp',
    'encodeurl',
    'escape-html',
    'parseurl',
    'proxy-addr',
    'forwarded',
    'ipaddr.js',
    'range-parser',
    'vary',
    'statuses',
    'http-errors',
    'raw-body',
    'iconv-lite',
    'media-typer',
    'merge-descriptors',
  ],
  winston: [
    'winston-transport',
    'logform',
    'triple-beam',
    'readable-stream',
    'safe-stable-stringify',
    'fecha',
    '@colors/colors',
    '@dabh/diagnostics',
  ],
  pg: ['pg-pool', 'pg-protocol', 'pg-types', 'pg-cloudflare', 'postgres-date', 'postgres-array'],
  drizzle: ['drizzle-orm'],
  'jose/jsonwebtoken': ['jose', 'jsonwebtoken', 'jws', 'jwa'],
};
const FAMILY_OF = new Map(
  Object.entries(FAMILIES).flatMap(([family, members]) => [
    [family, family] as const,
    ...members.map((member) => [member, family] as const),
  ]),
);

/** Where a frame's code comes from: a package (by family), the backend, or Node.js itself. */
export function packageOf(url: string, functionName = ''): string {
  if (functionName === '(garbage collector)') return GARBAGE_COLLECTION;
  if (url === '') return NATIVE;
  if (url.startsWith('node:')) return NODE_INTERNALS;
  if (url.startsWith('wasm://')) return 'WebAssembly';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    const name = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    return FAMILY_OF.get(name) ?? name;
  }
  if (/\/backend\/(dist|src)\//.test(url)) return BACKEND;
  if (url.includes('/packages/contract/')) return '@gv/contract';
  if (url.includes('/bench/')) return 'bench';
  return 'other';
}

/** Frames from Node.js or V8 have no package of their own; their caller's package pays for them. */
const chargedToCaller = (name: string) => name === NODE_INTERNALS || name === NATIVE;

export function shortLocation(url: string, lineNumber: number, root = ''): string {
  let file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) file = file.slice(modules + '/node_modules/'.length);
  else if (root && file.startsWith(`${root}/`)) file = file.slice(root.length + 1);
  if (file === '') return '(native)';
  // V8 counts lines from 0.
  return lineNumber >= 0 ? `${file}:${lineNumber + 1}` : file;
}

export interface SummaryOptions {
  /** Only samples taken in these spans count (monotonic microseconds); all of them if absent. */
  windows?: Array<{ startUs: number; endUs: number }>;
  /** How many frames to keep, highest self time first. */
  top?: number;
  /** Repository root, cut from file locations. */
  root?: string;
}

export function summariseProfile(
  profile: CpuProfile,
  options: SummaryOptions = {},
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const ownerCache = new Map<number, string>();
  const ownerOf = (id: number): string => {
    const cached = ownerCache.get(id);
    if (cached !== undefined) return cached;
    const { functionName, url } = byId.get(id)!.callFrame;
    const own = packageOf(url, functionName);
    let owner = own;
    if (chargedToCaller(own)) {
      const parent = parentOf.get(id);
      const inherited = parent === undefined ? own : ownerOf(parent);
      // With no package anywhere above it (the HTTP parser, timers) the frame keeps its own kind.
      owner = chargedToCaller(inherited) ? own : inherited;
    }
    ownerCache.set(id, owner);
    return owner;
  };

  // Each sample stands for one sampling interval (the profile's median gap). A longer gap means
  // the thread was not running (descheduled on a busy machine), so it does not count as work.
  const gaps = [...profile.timeDeltas].sort((a, b) => a - b);
  const interval = gaps[Math.floor(gaps.length / 2)] ?? 0;
  const selfById = new Map<number, number>();
  let clock = profile.startTime;
  let samples = 0;
  for (let index = 0; index < profile.samples.length; index++) {
    clock += profile.timeDeltas[index] ?? 0;
    if (
      options.windows &&
      !options.windows.some((span) => clock >= span.startUs && clock < span.endUs)
    ) {
      continue;
    }
    const id = profile.samples[index]!;
    if (byId.get(id)?.callFrame.functionName === '(idle)') continue;
    selfById.set(id, (selfById.get(id) ?? 0) + interval);
    samples += 1;
  }
  const busyUs = samples * interval;

  const frames = new Map<string, FrameCost>();
  const packages = new Map<string, number>();
  for (const [id, us] of selfById) {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const key = `${functionName}\u0000${url}\u0000${lineNumber}\u0000${columnNumber}`;
    const frame = frames.get(key) ?? {
      functionName: functionName || '(anonymous)',
      location: shortLocation(url, lineNumber, options.root),
      package: packageOf(url, functionName),
      selfUs: 0,
      share: 0,
    };
    frame.selfUs += us;
    frames.set(key, frame);
    const owner = ownerOf(id);
    packages.set(owner, (packages.get(owner) ?? 0) + us);
  }
  const share = (us: number) => (busyUs > 0 ? us / busyUs : 0);
  return {
    busyUs,
    samples,
    frames: [...frames.values()]
      .map((frame) => ({ ...frame, share: share(frame.selfUs) }))
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, options.top ?? 10),
    packages: [...packages]
      .map(([name, us]) => ({ package: name, us, share: share(us) }))
      .sort((a, b) => b.us - a.us),
  };
}

/** A load run's main-thread cost: its profile window divided by the requests it served. */
export interface RunCost {
  label: string;
  requests: number;
  summary: ProfileSummary;
  usPerRequest: number;
}

export function runCost(label: string, requests: number, summary: ProfileSummary): RunCost {
  return { label, requests, summary, usPerRequest: requests > 0 ? summary.busyUs / requests : 0 };
}

export interface ExtraCost {
  package: string;
  targetUs: number;
  baselineUs: number;
  /** Per request, target minus baseline. */
  extraUs: number;
}

/** Per-request cost of each package in the target beyond what the baseline spends on it. */
export function extraCosts(target: RunCost, baseline?: RunCost): ExtraCost[] {
  const perRequest = (cost: RunCost | undefined, name: string) => {
    const found = cost?.summary.packages.find((entry) => entry.package === name);
    return found && cost!.requests > 0 ? found.us / cost!.requests : 0;
  };
  const names = new Set([
    ...target.summary.packages.map((entry) => entry.package),
    ...(baseline?.summary.packages.map((entry) => entry.package) ?? []),
  ]);
  return [...names]
    .map((name) => {
      const targetUs = perRequest(target, name);
      const baselineUs = perRequest(baseline, name);
      return { package: name, targetUs, baselineUs, extraUs: targetUs - baselineUs };
    })
    .sort((a, b) => b.extraUs - a.extraUs);
}
