// The decisions of a blue-green release, free of any I/O: which track is idle, which image goes
// where, what the kubectl commands are, what a healthy smoke test and error rate look like.

export type Track = 'blue' | 'green';

export const TRACK_LABEL = 'app.kubernetes.io/track';

/** One of the two apps that move together from one track to the other. */
export interface AppSpec {
  /** Deployment name prefix, live Service name and app.kubernetes.io/name label. */
  name: 'gv-backend' | 'gv-frontend';
  container: string;
  /** Port of the Services (live and preview). */
  servicePort: number;
  /** Requests that must succeed through the preview Service before the switch. */
  smokeChecks: SmokeCheck[];
}

export interface SmokeCheck {
  path: string;
  status: number;
  /** Text the body must contain. */
  contains?: string;
}

export const APPS: readonly AppSpec[] = [
  {
    name: 'gv-backend',
    container: 'backend',
    servicePort: 3000,
    smokeChecks: [
      { path: '/api/health/live', status: 200, contains: '"status":"ok"' },
      { path: '/api/health/ready', status: 200 },
      { path: '/api/openapi.json', status: 200, contains: '"openapi"' },
    ],
  },
  {
    name: 'gv-frontend',
    container: 'frontend',
    servicePort: 80,
    smokeChecks: [
      { path: '/healthz', status: 200 },
      { path: '/', status: 200, contains: '<div id="root">' },
    ],
  },
];

export function otherTrack(track: Track): Track {
  return track === 'blue' ? 'green' : 'blue';
}

export function isTrack(value: string): value is Track {
  return value === 'blue' || value === 'green';
}

/**
 * The live track, from the track selector of each app's live Service. Both apps must agree;
 * otherwise a person has to look before anything moves.
 */
export function liveTrackOf(selectors: Record<string, string>): Track {
  const values = [...new Set(Object.values(selectors))];
  const described = Object.entries(selectors)
    .map(([service, track]) => `${service}=${track || '(none)'}`)
    .join(', ');
  if (values.length !== 1 || !isTrack(values[0] as string)) {
    throw new Error(
      `the live Services do not select one track (${described}). ` +
        'Is components/blue-green in this overlay? Fix the selectors by hand, then run again.',
    );
  }
  return values[0] as Track;
}

/** `<repository>:<tag>` or `<repository>@sha256:<digest>` from a tag or digest argument. */
export function imageReference(repository: string, tagOrDigest: string): string {
  if (/^sha256:[a-f0-9]{64}$/.test(tagOrDigest)) return `${repository}@${tagOrDigest}`;
  if (!/^[\w][\w.-]{0,127}$/.test(tagOrDigest)) {
    throw new Error(`"${tagOrDigest}" is neither an image tag nor a sha256 digest`);
  }
  if (tagOrDigest === 'latest')
    throw new Error('refusing the tag "latest": deploy an immutable tag or a digest');
  return `${repository}:${tagOrDigest}`;
}

export const deploymentName = (app: AppSpec, track: Track) => `${app.name}-${track}`;
export const previewServiceName = (app: AppSpec) => `${app.name}-preview`;

/** The kubectl arguments of each step (without the leading `kubectl`). */
export const commands = {
  liveTrack: (namespace: string, app: AppSpec) => [
    '-n',
    namespace,
    'get',
    'service',
    app.name,
    '-o',
    `jsonpath={.spec.selector.${TRACK_LABEL.replaceAll('.', '\\.')}}`,
  ],
  setImage: (namespace: string, app: AppSpec, track: Track, image: string) => [
    '-n',
    namespace,
    'set',
    'image',
    `deployment/${deploymentName(app, track)}`,
    `${app.container}=${image}`,
  ],
  rolloutStatus: (namespace: string, app: AppSpec, track: Track, timeout: string) => [
    '-n',
    namespace,
    'rollout',
    'status',
    `deployment/${deploymentName(app, track)}`,
    `--timeout=${timeout}`,
  ],
  selectTrack: (namespace: string, service: string, track: Track) => [
    '-n',
    namespace,
    'patch',
    'service',
    service,
    '--type',
    'merge',
    '-p',
    JSON.stringify({ spec: { selector: { [TRACK_LABEL]: track } } }),
  ],
};

export interface ErrorBudget {
  /** Highest acceptable share of failed requests, e.g. 0.05. */
  maxErrorRatio: number;
  /** How many samples in a row above it count as degraded (one spike is not enough). */
  consecutiveSamples: number;
}

/**
 * Degraded when the last `consecutiveSamples` samples all exceed the budget. Samples without
 * data (null: no traffic, or Prometheus unreachable) break a streak rather than extend it.
 */
export function isDegraded(samples: (number | null)[], budget: ErrorBudget): boolean {
  if (samples.length < budget.consecutiveSamples) return false;
  return samples
    .slice(-budget.consecutiveSamples)
    .every((sample) => sample !== null && sample > budget.maxErrorRatio);
}

/** Checks one smoke-test response; returns a problem description or null. */
export function smokeProblem(check: SmokeCheck, status: number, body: string): string | null {
  if (status !== check.status)
    return `GET ${check.path} answered ${status}, expected ${check.status}`;
  if (check.contains && !body.includes(check.contains)) {
    return `GET ${check.path} did not contain ${JSON.stringify(check.contains)}`;
  }
  return null;
}
