import type { HealthSummary } from '@gv/contract';
import { Badge } from '../../../components/Badge';

const OVERALL = {
  ok: { tone: 'green', text: 'All systems working' },
  degraded: { tone: 'amber', text: 'Degraded' },
  down: { tone: 'red', text: 'Down' },
} as const;

const CHECK = {
  up: { tone: 'green', text: 'up' },
  down: { tone: 'red', text: 'down' },
  disabled: { tone: 'neutral', text: 'not configured' },
} as const;

const LABELS: Record<string, string> = { database: 'Database', redis: 'Redis' };

/**
 * The overall status and one row per dependency the backend checks. `staleBecause` (e.g.
 * "Backend unreachable"): the summary is the last one before the checks stopped answering, so
 * it replaces the overall status and no row reads as current, or the page would look healthy
 * while the backend is gone.
 */
export function HealthChecks({
  health,
  staleBecause,
}: {
  health: HealthSummary;
  staleBecause?: string | undefined;
}) {
  const stale = staleBecause !== undefined;
  const overall = stale ? { tone: 'red' as const, text: staleBecause } : OVERALL[health.status];
  return (
    <div>
      <p className="flex items-center gap-2">
        <Badge tone={overall.tone}>{overall.text}</Badge>
      </p>
      <ul
        className="mt-3 divide-y divide-slate-200 dark:divide-slate-800"
        aria-label="Dependencies"
      >
        {Object.entries(health.checks).map(([name, check]) => (
          <li key={name} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
            <span className="font-medium">
              {LABELS[name] ?? name}
              {name === 'database' && (
                <span className="muted font-normal">
                  {' '}
                  ({health.database === 'pglite' ? 'embedded PGlite' : 'PostgreSQL'})
                </span>
              )}
            </span>
            <span className="flex items-center gap-2">
              {check.latencyMs !== null && !stale && (
                <span className="muted">{check.latencyMs.toFixed(1)} ms</span>
              )}
              {stale ? (
                <Badge tone="neutral">last seen {CHECK[check.status].text}</Badge>
              ) : (
                <Badge tone={CHECK[check.status].tone}>{CHECK[check.status].text}</Badge>
              )}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
