import type { LogEntry } from '@gv/contract';
import { Link } from 'react-router';
import { RelativeTime } from '../../../components/RelativeTime';
import { EmptyState } from '../../../components/States';
import { LevelBadge } from './LevelBadge';

/**
 * Audit events, newest first. `showActor` adds who did it and from where (the admin view);
 * a person's own activity leaves it out.
 */
export function LogEntryList({
  entries,
  showActor = false,
  emptyText = 'No events yet.',
}: {
  entries: LogEntry[];
  showActor?: boolean;
  emptyText?: string;
}) {
  if (entries.length === 0) return <EmptyState title={emptyText} />;
  return (
    <ol className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Events">
      {entries.map((entry) => (
        <li key={entry.id} className="py-3" data-testid="log-entry" data-event={entry.event}>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <LevelBadge level={entry.level} />
            <code className="font-mono text-xs break-all">{entry.event}</code>
            <span className="muted ml-auto text-xs">
              <RelativeTime value={entry.ts} />
            </span>
          </div>
          <p className="mt-1">{entry.message}</p>
          <div className="muted mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs">
            {showActor && <Actor entry={entry} />}
            {entry.ip && (
              <span>
                IP: <span className="font-mono">{entry.ip}</span>
              </span>
            )}
            {showActor && entry.requestId && (
              <span>
                Request: <span className="font-mono break-all">{entry.requestId}</span>
              </span>
            )}
          </div>
          {showActor && Object.keys(entry.metadata).length > 0 && (
            <details className="mt-1 text-xs">
              <summary className="link cursor-pointer">Details</summary>
              <pre
                tabIndex={0}
                className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 font-mono dark:bg-slate-800"
              >
                {JSON.stringify(entry.metadata, null, 2)}
              </pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Who the event belongs to: their name and email, or that they have since been deleted. */
function Actor({ entry }: { entry: LogEntry }) {
  if (entry.actorDeleted) return <span>User: deleted user</span>;
  if (!entry.userId) return null;
  return (
    <span>
      User:{' '}
      <Link to={`/admin/users/${entry.userId}`} className="link">
        {entry.actor ? `${entry.actor.name} (${entry.actor.email})` : entry.userId}
      </Link>
    </span>
  );
}
