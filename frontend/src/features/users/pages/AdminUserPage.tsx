import type { AdminUpdateUserRequest } from '@gv/contract';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { RelativeTime } from '../../../components/RelativeTime';
import { formatExact } from '../../../lib/dates';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { useToast } from '../../../components/Toaster';
import { toApiError } from '../../../lib/api';
import { useCurrentUser } from '../../../lib/auth/useAuth';
import { useApiQuery } from '../../../lib/useApiQuery';
import { SessionList } from '../../sessions';
import {
  deleteUser,
  getUser,
  listUserSessions,
  revokeUserSessions,
  unlockUser,
  updateUser,
} from '../api/usersApi';
import { RoleBadge, StatusBadge } from '../components/UserBadges';

type Pending = 'role' | 'status' | 'sessions' | 'delete' | 'unlock' | null;

export function AdminUserPage() {
  const { id = '' } = useParams();
  const me = useCurrentUser();
  const toast = useToast();
  const navigate = useNavigate();
  const user = useApiQuery((signal) => getUser(id, signal), [id]);
  const sessions = useApiQuery((signal) => listUserSessions(id, signal), [id]);
  const [pending, setPending] = useState<Pending>(null);
  const [confirm, setConfirm] = useState<'delete' | 'sessions' | null>(null);

  const run = async (kind: Exclude<Pending, null>, action: () => Promise<string>) => {
    setPending(kind);
    try {
      toast.success(await action());
    } catch (error) {
      const problem = toApiError(error);
      if (!problem.sessionEnded) toast.error(problem.userMessage);
    } finally {
      setPending(null);
      setConfirm(null);
    }
  };

  const change = (kind: 'role' | 'status', changes: AdminUpdateUserRequest, done: string) =>
    run(kind, async () => {
      await updateUser(id, changes);
      user.reload();
      sessions.reload();
      return done;
    });

  if (user.loading) return <LoadingState label="Loading user…" />;
  if (user.error && !user.data) {
    return (
      <>
        <PageHeader title="User" />
        <ErrorState
          error={user.error}
          onRetry={user.error.status === 404 ? undefined : user.reload}
        />
        <Link to="/admin/users" className="link mt-4 inline-block">
          Back to users
        </Link>
      </>
    );
  }
  if (!user.data) return null;
  const target = user.data;
  const isMe = target.id === me.id;
  const pausedUntil =
    target.lockedUntil && Date.parse(target.lockedUntil) > Date.now() ? target.lockedUntil : null;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/admin/users" className="link">
          ← Users
        </Link>
      </p>
      <PageHeader
        title={target.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{target.email}</span>
            <RoleBadge role={target.role} />
            <StatusBadge status={target.status} />
            {isMe && <span>(this is you)</span>}
          </span>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="details-heading" className="card">
          <h2 id="details-heading" className="text-lg font-semibold">
            Account
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="muted">Joined</dt>
            <dd>
              <RelativeTime value={target.createdAt} />
            </dd>
            <dt className="muted">Last sign-in</dt>
            <dd>{target.lastLoginAt ? <RelativeTime value={target.lastLoginAt} /> : 'never'}</dd>
            <dt className="muted">Sign-in</dt>
            <dd>
              {pausedUntil ? (
                <span className="font-medium text-amber-700 dark:text-amber-300">
                  Paused after failed attempts until {formatExact(pausedUntil)}
                </span>
              ) : (
                'allowed'
              )}
            </dd>
            <dt className="muted">Updated</dt>
            <dd>
              <RelativeTime value={target.updatedAt} />
            </dd>
            <dt className="muted">Id</dt>
            <dd className="font-mono text-xs break-all">{target.id}</dd>
          </dl>
          <Link to={`/admin/logs?userId=${target.id}`} className="link mt-3 inline-block text-sm">
            View this user's events
          </Link>
        </section>

        <section aria-labelledby="actions-heading" className="card lg:col-span-2">
          <h2 id="actions-heading" className="text-lg font-semibold">
            Manage
          </h2>
          {isMe && (
            <p className="muted mt-1 text-sm">
              You cannot demote, disable or delete yourself here; another admin can.
            </p>
          )}
          <div className="mt-4 flex flex-wrap gap-2">
            <Button
              variant="secondary"
              disabled={isMe}
              busy={pending === 'role'}
              onClick={() =>
                target.role === 'admin'
                  ? change('role', { role: 'user' }, `${target.name} is now a regular user.`)
                  : change('role', { role: 'admin' }, `${target.name} is now an admin.`)
              }
            >
              {target.role === 'admin' ? 'Make regular user' : 'Make admin'}
            </Button>
            <Button
              variant="secondary"
              disabled={isMe}
              busy={pending === 'status'}
              onClick={() =>
                target.status === 'active'
                  ? change(
                      'status',
                      { status: 'disabled' },
                      `${target.name} is disabled and signed out everywhere.`,
                    )
                  : change('status', { status: 'active' }, `${target.name} can sign in again.`)
              }
            >
              {target.status === 'active' ? 'Disable account' : 'Enable account'}
            </Button>
            {pausedUntil && (
              <Button
                variant="secondary"
                busy={pending === 'unlock'}
                onClick={() =>
                  void run('unlock', async () => {
                    await unlockUser(target.id);
                    user.reload();
                    return `${target.name} can sign in again now.`;
                  })
                }
              >
                Unlock sign-in
              </Button>
            )}
            <Button variant="danger" disabled={isMe} onClick={() => setConfirm('delete')}>
              Delete user…
            </Button>
          </div>
        </section>
      </div>

      <section aria-labelledby="user-sessions-heading" className="mt-6">
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 id="user-sessions-heading" className="text-lg font-semibold">
            Sessions
          </h2>
          <Button
            variant="secondary"
            size="sm"
            disabled={!sessions.data || sessions.data.data.length === 0}
            onClick={() => setConfirm('sessions')}
          >
            End all sessions
          </Button>
        </div>
        {sessions.loading && <LoadingState label="Loading sessions…" />}
        {sessions.error && <ErrorState error={sessions.error} onRetry={sessions.reload} />}
        {sessions.data && <SessionList sessions={sessions.data.data} />}
      </section>

      <ConfirmDialog
        open={confirm === 'delete'}
        title={`Delete ${target.name}?`}
        confirmLabel="Delete user"
        busy={pending === 'delete'}
        onCancel={() => setConfirm(null)}
        onConfirm={() =>
          void run('delete', async () => {
            await deleteUser(target.id);
            navigate('/admin/users', { replace: true });
            return `${target.name} was deleted.`;
          })
        }
      >
        <p className="muted">
          Their account and sessions are removed for good. Their past events stay in the log.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'sessions'}
        title={`Sign ${target.name} out everywhere?`}
        confirmLabel="End all sessions"
        busy={pending === 'sessions'}
        onCancel={() => setConfirm(null)}
        onConfirm={() =>
          void run('sessions', async () => {
            await revokeUserSessions(target.id);
            sessions.reload();
            return `Every session of ${target.name} has ended.`;
          })
        }
      >
        <p className="muted">Each of their devices will have to sign in again.</p>
      </ConfirmDialog>
    </>
  );
}
