import { Link } from 'react-router';
import { Badge } from '../../../components/Badge';
import { PageHeader } from '../../../components/PageHeader';
import { RelativeTime } from '../../../components/RelativeTime';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { useCurrentUser } from '../../../lib/auth/useAuth';
import { useApiQuery } from '../../../lib/useApiQuery';
import { LogEntryList, listMyLogs } from '../../logs';
import { describeUserAgent, listMySessions } from '../../sessions';
import { HealthChecks, getHealth } from '../../system';

export function DashboardPage() {
  const user = useCurrentUser();
  const sessions = useApiQuery((signal) => listMySessions(signal), []);
  const health = useApiQuery((signal) => getHealth(signal), [], { pollMs: 30_000 });
  const activity = useApiQuery((signal) => listMyLogs({ limit: 8 }, signal), []);

  const current = sessions.data?.data.find((session) => session.current);
  const count = sessions.data?.data.length ?? 0;

  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name}`}
        description={
          <>
            Signed in as {user.email} {user.role === 'admin' && <Badge tone="indigo">admin</Badge>}
          </>
        }
      />

      <div className="grid gap-6 md:grid-cols-2 lg:grid-cols-3">
        <section aria-labelledby="sessions-heading" className="card">
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Your sessions
          </h2>
          {sessions.loading && <LoadingState />}
          {sessions.error && <ErrorState error={sessions.error} onRetry={sessions.reload} />}
          {sessions.data && !sessions.error && (
            <>
              <p className="mt-2 text-3xl font-semibold tabular-nums" data-testid="session-count">
                {count}
              </p>
              <p className="muted text-sm">
                {count === 1 ? 'device is' : 'devices are'} signed in
                {current && <> — this one is {describeUserAgent(current.userAgent).label}</>}.
              </p>
              <Link to="/sessions" className="link mt-3 inline-block text-sm">
                Manage sessions
              </Link>
            </>
          )}
        </section>

        <section aria-labelledby="health-heading" className="card">
          <h2 id="health-heading" className="text-lg font-semibold">
            System health
          </h2>
          {health.loading && <LoadingState />}
          {/* A failed check replaces the last answer: it would read as healthy, and may not be. */}
          {health.error && <ErrorState error={health.error} onRetry={health.reload} />}
          {health.data && !health.error && (
            <div className="mt-2">
              <HealthChecks health={health.data} />
            </div>
          )}
        </section>

        <section aria-labelledby="account-heading" className="card">
          <h2 id="account-heading" className="text-lg font-semibold">
            Your account
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="muted">Member since</dt>
            <dd>
              <RelativeTime value={user.createdAt} />
            </dd>
            <dt className="muted">Last sign-in</dt>
            <dd>
              {user.lastLoginAt ? <RelativeTime value={user.lastLoginAt} /> : 'this is the first'}
            </dd>
            <dt className="muted">Role</dt>
            <dd>{user.role}</dd>
          </dl>
          <Link to="/profile" className="link mt-3 inline-block text-sm">
            Edit your profile
          </Link>
        </section>
      </div>

      <section aria-labelledby="activity-heading" className="card mt-6">
        <h2 id="activity-heading" className="text-lg font-semibold">
          Recent security activity
        </h2>
        <p className="muted text-sm">
          Sign-ins, password changes and ended sessions on your account.
        </p>
        {activity.loading && <LoadingState />}
        {activity.error && <ErrorState error={activity.error} onRetry={activity.reload} />}
        {activity.data && !activity.error && (
          <div className="mt-2">
            <LogEntryList entries={activity.data.data} emptyText="No activity yet." />
          </div>
        )}
      </section>
    </>
  );
}
