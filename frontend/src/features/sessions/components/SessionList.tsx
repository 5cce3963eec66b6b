import type { Session } from '@gv/contract';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { RelativeTime } from '../../../components/RelativeTime';
import { EmptyState } from '../../../components/States';
import { formatExact } from '../../../lib/dates';
import { describeUserAgent } from '../utils/describeUserAgent';

/**
 * Everything known about a session, for telling apart devices that read the same in the list
 * (two phones of the same model behind one address): its id, exact times and raw user agent.
 */
function SessionDetails({ session }: { session: Session }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="link cursor-pointer">Details</summary>
      <dl className="muted mt-1 grid grid-cols-[auto_1fr] gap-x-3">
        <dt>Session id</dt>
        <dd className="font-mono break-all">{session.id}</dd>
        <dt>First seen</dt>
        <dd>{formatExact(session.createdAt)}</dd>
        <dt>Last active</dt>
        <dd>{formatExact(session.lastUsedAt)}</dd>
        <dt>Expires</dt>
        <dd>{formatExact(session.expiresAt)}</dd>
        <dt>IP address</dt>
        <dd className="font-mono break-all">{session.ip ?? 'unknown'}</dd>
        <dt>User agent</dt>
        <dd className="break-all">{session.userAgent ?? 'not sent'}</dd>
      </dl>
    </details>
  );
}

/** Signed-in devices, newest activity first; `onRevoke` adds an "End session" button to each. */
export function SessionList({
  sessions,
  onRevoke,
  busyId,
}: {
  sessions: Session[];
  onRevoke?: (session: Session) => void;
  busyId?: string | null;
}) {
  if (sessions.length === 0) {
    return <EmptyState title="No active sessions">Signed-in devices appear here.</EmptyState>;
  }
  const ordered = [...sessions].sort(
    (a, b) =>
      Number(b.current) - Number(a.current) || Date.parse(b.lastUsedAt) - Date.parse(a.lastUsedAt),
  );
  return (
    <ul className="space-y-3" aria-label="Sessions">
      {ordered.map((session) => {
        const device = describeUserAgent(session.userAgent);
        return (
          <li
            key={session.id}
            className="card flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between"
            data-testid="session"
            data-current={session.current || undefined}
          >
            <div className="min-w-0">
              <p className="flex flex-wrap items-center gap-2 font-medium">
                <span>{device.label}</span>
                {device.mobile && <Badge tone="sky">Mobile</Badge>}
                {session.current && <Badge tone="green">This device</Badge>}
              </p>
              <dl className="muted mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
                <dt>IP address</dt>
                <dd className="font-mono break-all">{session.ip ?? 'unknown'}</dd>
                <dt>Last active</dt>
                <dd>
                  <RelativeTime value={session.lastUsedAt} />
                </dd>
                <dt>Signed in</dt>
                <dd>
                  <RelativeTime value={session.createdAt} />
                </dd>
              </dl>
              <SessionDetails session={session} />
            </div>
            {onRevoke && !session.current && (
              <Button
                variant="secondary"
                size="sm"
                busy={busyId === session.id}
                onClick={() => onRevoke(session)}
                aria-label={`End session on ${device.label}, ${session.ip ?? 'unknown address'}`}
              >
                End session
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
