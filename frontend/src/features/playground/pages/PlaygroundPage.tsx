// The Playground (docs/decisions/190): inject faults into the API on purpose, watch them end, and
// run the drills that should make each alert fire.
import type { Faults } from '@gv/contract';
import { useEffect, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { PageHeader } from '../../../components/PageHeader';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { useToast } from '../../../components/Toaster';
import { toApiError } from '../../../lib/api';
import { useApiQuery } from '../../../lib/useApiQuery';
import { getAlerts, getFaults, setFaults } from '../api/playgroundApi';
import { DrillList } from '../components/DrillList';
import { FaultForm } from '../components/FaultForm';
import { DRILL_MINUTES, type Drill, type DrillFault } from '../drills';
import { useSecondsUntil } from '../hooks/useSecondsUntil';

const FAULTS_REFRESH_MS = 5_000;
const ALERTS_REFRESH_MS = 15_000;

const NO_FAULT: DrillFault = { errorRate: 0, latencyMs: 0, databaseDelayMs: 0, routes: [] };

/** 585 → "9:45". */
const countdown = (seconds: number) =>
  `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function CurrentFaults({ faults }: { faults: Faults }) {
  const secondsLeft = useSecondsUntil(faults.expiresAt);
  if (faults.expiresAt === null || secondsLeft === 0) {
    return (
      <p className="mt-3">
        <Badge tone="green">No fault active</Badge>
      </p>
    );
  }
  return (
    <div className="mt-3 space-y-2">
      <p className="flex flex-wrap items-center gap-2">
        <Badge tone="red">Fault active</Badge>
        <span role="timer" aria-label="Time left" className="font-mono tabular-nums">
          ends in {countdown(secondsLeft ?? 0)}
        </span>
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <dt className="muted">Error rate</dt>
        <dd>{Math.round(faults.errorRate * 1000) / 10}%</dd>
        <dt className="muted">Latency</dt>
        <dd>{faults.latencyMs} ms</dd>
        <dt className="muted">Database delay</dt>
        <dd>{faults.databaseDelayMs} ms per query</dd>
        <dt className="muted">Routes</dt>
        <dd className="font-mono break-all">
          {faults.routes.length > 0 ? faults.routes.join(', ') : 'every API route'}
        </dd>
        {faults.changedBy && (
          <>
            <dt className="muted">Set by</dt>
            <dd className="break-all">{faults.changedBy.email}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

export function PlaygroundPage() {
  const toast = useToast();
  const faultsQuery = useApiQuery((signal) => getFaults(signal), [], {
    pollMs: FAULTS_REFRESH_MS,
  });
  const alerts = useApiQuery((signal) => getAlerts(signal), [], { pollMs: ALERTS_REFRESH_MS });
  // What the last change answered, until the next poll brings the same or newer.
  const [changed, setChanged] = useState<Faults>();
  const [busy, setBusy] = useState<string>();
  useEffect(() => setChanged(undefined), [faultsQuery.data]);
  const faults = changed ?? faultsQuery.data;

  const change = async (label: string, fault: DrillFault, minutes: number) => {
    setBusy(label);
    try {
      setChanged(await setFaults({ ...fault, expiresAt: inMinutes(minutes) }));
      toast.success(label === 'clear' ? 'Faults cleared' : `${label} started`);
    } catch (caught) {
      toast.error(toApiError(caught).userMessage);
    } finally {
      setBusy(undefined);
    }
  };
  const active = faults !== undefined && faults.expiresAt !== null;

  return (
    <>
      <PageHeader
        title="Playground"
        description="Break the API on purpose to practise operating it. Every fault ends by itself."
      />
      {faults?.scope === 'process' && (
        <div className="mb-6">
          <Alert tone="warning" title="Applies to this process only">
            The backend has no Redis, so a fault reaches only the instance that answered. Other
            instances behind the same address keep serving normally.
          </Alert>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <section aria-labelledby="current-heading" className="card">
          <div className="flex items-center justify-between gap-2">
            <h2 id="current-heading" className="text-lg font-semibold">
              Current fault
            </h2>
            <Button
              size="sm"
              variant="danger"
              disabled={!active}
              busy={busy === 'clear'}
              onClick={() => void change('clear', NO_FAULT, 1)}
            >
              Clear
            </Button>
          </div>
          {faultsQuery.loading && <LoadingState label="Loading faults…" />}
          {faultsQuery.error?.status === 404 && (
            <p className="muted mt-3">
              Fault injection is switched off on this backend (FAULTS_ENABLED=false).
            </p>
          )}
          {faultsQuery.error && faultsQuery.error.status !== 404 && !faults && (
            <ErrorState error={faultsQuery.error} onRetry={faultsQuery.reload} />
          )}
          {faults && <CurrentFaults faults={faults} />}
        </section>
        <section aria-labelledby="set-heading" className="card">
          <h2 id="set-heading" className="mb-3 text-lg font-semibold">
            Set a fault
          </h2>
          <FaultForm
            onChanged={(next) => {
              setChanged(next);
              toast.success('Fault set');
            }}
          />
        </section>
      </div>
      <section aria-labelledby="drills-heading" className="card mt-6">
        <h2 id="drills-heading" className="text-lg font-semibold">
          Drills
        </h2>
        <p className="muted text-sm">
          Start sets the drill&apos;s fault for {DRILL_MINUTES} minutes; the alert should reach
          Firing once its rule&apos;s wait is over.
        </p>
        <DrillList
          alerts={alerts.data}
          startingDrill={busy}
          onStart={(drill: Drill) => void change(drill.name, drill.fault!, DRILL_MINUTES)}
        />
      </section>
    </>
  );
}
