// The drills the Playground page offers: the fault each sets, the alert it should fire and where
// its runbook is. Drills that need more than a fault (a crash, a release, a restore) have no
// Start button and point to the lab book instead.
import type { SetFaultsRequest } from '@gv/contract';

/** Where the runbooks live, as the alert rules link them (infra/monitoring/prometheus/rules). */
const DOCS_URL = 'https://github.com/gv-playground/gv-playground/blob/main/';

export type DrillFault = Omit<SetFaultsRequest, 'expiresAt'>;

export interface Drill {
  name: string;
  /** What the drill breaks, in words. */
  breaks: string;
  /** The alert that should fire; null when the drill is about something alerts do not watch. */
  alert: string | null;
  /** Repository path of the runbook, or of the lab book section (docs/playground.md). */
  doc: string;
  /** The fault Start sets; absent for drills done by hand. */
  fault?: DrillFault;
}

const NO_FAULT: DrillFault = { errorRate: 0, latencyMs: 0, databaseDelayMs: 0, routes: [] };

/** How long Start keeps a drill's fault on. */
export const DRILL_MINUTES = 10;

export const DRILLS: Drill[] = [
  {
    name: 'High error rate',
    breaks: 'Half of the API requests answer 503',
    alert: 'HighErrorRate',
    doc: 'docs/runbooks/high-error-rate.md',
    fault: { ...NO_FAULT, errorRate: 0.5 },
  },
  {
    name: 'Slow database',
    breaks: 'Every database query of an API request waits 400 ms more',
    alert: 'HighLatencyP95',
    doc: 'docs/runbooks/high-latency-p95.md',
    fault: { ...NO_FAULT, databaseDelayMs: 400 },
  },
  {
    name: 'Slow responses',
    breaks: 'Every API request waits 800 ms before its handler',
    alert: 'HighLatencyP95',
    doc: 'docs/runbooks/high-latency-p95.md',
    fault: { ...NO_FAULT, latencyMs: 800 },
  },
  {
    name: 'Backend crash during a rolling update',
    breaks: 'A backend pod is killed while traffic flows; no request should fail',
    alert: null,
    doc: 'docs/playground.md#3-backend-crash-during-a-rolling-update-0-failed-requests',
  },
  {
    name: 'Bad release rolled back',
    breaks: 'A blue-green release fails its monitoring window and is rolled back',
    alert: 'HighErrorRate',
    doc: 'docs/playground.md#4-a-bad-release-in-blue-green-rolled-back-by-the-monitoring-window',
  },
  {
    name: 'Stolen session',
    breaks: 'A refresh token is replayed from another device',
    alert: 'RefreshTokenReuseDetected',
    doc: 'docs/runbooks/refresh-token-reuse-detected.md',
  },
  {
    name: 'Restore after a bad migration',
    breaks: 'A migration damages data; restore the last backup',
    alert: null,
    doc: 'docs/playground.md#6-restoring-from-a-backup-after-a-bad-migration',
  },
];

export const docUrl = (path: string) => DOCS_URL + path;
