// The drills, each with the fault Start sets, the alert it should fire (and that alert's state now,
// when Prometheus can tell) and its runbook.
import type { AlertStatus } from '@gv/contract';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { DRILL_MINUTES, DRILLS, docUrl, type Drill } from '../drills';

const UNAVAILABLE: Record<NonNullable<AlertStatus['reason']>, string> = {
  'not-configured': 'the backend has no PROMETHEUS_URL',
  unreachable: 'Prometheus is not answering',
};

function AlertState({ name, status }: { name: string; status: AlertStatus | undefined }) {
  if (!status?.available) return null;
  const state = status.alerts.find((alert) => alert.name === name)?.state;
  if (state === 'firing') return <Badge tone="red">Firing</Badge>;
  if (state === 'pending') return <Badge tone="amber">Pending</Badge>;
  return <Badge tone="green">Not firing</Badge>;
}

export function DrillList({
  alerts,
  startingDrill,
  onStart,
}: {
  alerts: AlertStatus | undefined;
  startingDrill: string | undefined;
  onStart: (drill: Drill) => void;
}) {
  return (
    <>
      {alerts && !alerts.available && (
        <p className="muted mt-1 text-sm">
          Alert status is not available: {UNAVAILABLE[alerts.reason ?? 'not-configured']}.
        </p>
      )}
      <ul className="mt-4 divide-y divide-slate-200 dark:divide-slate-700">
        {DRILLS.map((drill) => (
          <li
            key={drill.name}
            aria-label={drill.name}
            className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
          >
            <div className="min-w-0">
              <h3 className="font-medium">{drill.name}</h3>
              <p className="muted text-sm">{drill.breaks}</p>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                {drill.alert ? (
                  <>
                    Alert: <span className="font-mono">{drill.alert}</span>
                    <AlertState name={drill.alert} status={alerts} />
                  </>
                ) : (
                  <span className="muted">No alert: watch the dashboards</span>
                )}
                <a className="link" href={docUrl(drill.doc)} target="_blank" rel="noreferrer">
                  {drill.doc.startsWith('docs/runbooks/') ? 'Runbook' : 'Lab book'}
                </a>
              </p>
            </div>
            {drill.fault ? (
              <Button
                size="sm"
                variant="secondary"
                busy={startingDrill === drill.name}
                onClick={() => onStart(drill)}
                aria-label={`Start ${drill.name} for ${DRILL_MINUTES} minutes`}
              >
                Start
              </Button>
            ) : (
              <span className="muted text-sm">Done by hand: see the lab book</span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
