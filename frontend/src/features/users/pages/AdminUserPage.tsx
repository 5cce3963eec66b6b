import type { User } from '@gv/contract';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { RelativeTime } from '../../../components/RelativeTime';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { useToast } from '../../../components/Toaster';
import { toApiError } from '../../../lib/api';
import { authStore } from '../../../lib/auth/store';
import { useCurrentUser } from '../../../lib/auth/useAuth';
import { formatExact } from '../../../lib/dates';
import { useApiQuery } from '../../../lib/useApiQuery';
import { SessionList } from '../../sessions';
import {
  deleteUser,
  getUser,
  listUserSessions,
  resetUserTwoFactor,
  revokeUserSessions,
  unlockUser,
  updateUser,
} from '../api/usersApi';
import { EmailBadge, RoleBadge, StatusBadge, TwoFactorBadge } from '../components/UserBadges';
import { describeChange } from '../utils/describeChange';

/** User ids are UUIDs: anything else names nobody, and asking the server would only say so. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type DialogKind = 'role' | 'status' | 'delete' | 'sessions' | 'two-factor';

function NoSuchUser({ id }: { id: string }) {
  return (
    <>
      <PageHeader title="No such user" />
      <div className="card max-w-lg">
        <p>
          There is no user with the id <code className="font-mono break-all">{id}</code>. They may
          have been deleted, or the link is wrong.
        </p>
        <Link to="/admin/users" className="link mt-4 inline-block">
          Back to users
        </Link>
      </div>
    </>
  );
}

export function AdminUserPage() {
  const { id = '' } = useParams();
  return UUID.test(id) ? <AdminUser id={id} /> : <NoSuchUser id={id} />;
}

function AdminUser({ id }: { id: string }) {
  const me = useCurrentUser();
  const toast = useToast();
  const navigate = useNavigate();
  const user = useApiQuery((signal) => getUser(id, signal), [id]);
  const sessions = useApiQuery((signal) => listUserSessions(id, signal), [id]);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [busy, setBusy] = useState<DialogKind | 'unlock' | null>(null);
  const [dialogError, setDialogError] = useState<string>();

  const open = (kind: DialogKind) => {
    setDialogError(undefined);
    setDialog(kind);
  };

  /** Runs a confirmed action; a refusal (e.g. the last-admin rule) stays in its dialog. */
  const confirm = async (kind: DialogKind, action: () => Promise<string>) => {
    setBusy(kind);
    setDialogError(undefined);
    try {
      toast.success(await action());
      setDialog(null);
    } catch (error) {
      const problem = toApiError(error);
      if (!problem.sessionEnded) setDialogError(problem.userMessage);
    } finally {
      setBusy(null);
    }
  };

  const unlock = async (target: User) => {
    setBusy('unlock');
    try {
      await unlockUser(target.id);
      user.reload();
      toast.success(`${target.name} can sign in again now.`);
    } catch (error) {
      const problem = toApiError(error);
      if (!problem.sessionEnded) toast.error(problem.userMessage);
    } finally {
      setBusy(null);
    }
  };

  if (user.loading) return <LoadingState label="Loading user…" />;
  if (user.error?.status === 404) return <NoSuchUser id={id} />;
  if (user.error) {
    return (
      <>
        <PageHeader title="User" />
        <ErrorState error={user.error} onRetry={user.reload} />
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
  const change = dialog === 'role' || dialog === 'status' ? dialog : 'role';
  const pendingChange = describeChange(change, target, isMe);

  const applyChange = () =>
    confirm(change, async () => {
      const updated = await updateUser(id, pendingChange.changes);
      if (isMe && updated.status === 'disabled') {
        // The server has ended every session of this account, this tab's included.
        authStore.dispatch({ type: 'signed-out' });
      } else if (isMe) {
        // The header, the navigation and the admin guard follow the new role at once.
        authStore.dispatch({ type: 'user.updated', user: updated });
        if (updated.role !== 'admin') navigate('/dashboard', { replace: true });
      }
      user.reload();
      sessions.reload();
      return pendingChange.done;
    });

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
            <EmailBadge verified={target.emailVerified} />
            <TwoFactorBadge enabled={target.twoFactorEnabled} />
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
            <dt className="muted">Email</dt>
            <dd>
              {target.emailVerified ? 'confirmed' : 'not confirmed yet (cannot become an admin)'}
            </dd>
            <dt className="muted">Two-factor</dt>
            <dd>{target.twoFactorEnabled ? 'on: sign-in asks for a code from an app' : 'off'}</dd>
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
              This is your own account: changes here apply to you. To delete it, use your{' '}
              <Link to="/profile" className="link">
                Profile
              </Link>{' '}
              page, which asks for your password.
            </p>
          )}
          <div className="mt-4 flex flex-wrap gap-2">
            <Button variant="secondary" onClick={() => open('role')}>
              {target.role === 'admin' ? 'Make regular user' : 'Make admin'}
            </Button>
            <Button variant="secondary" onClick={() => open('status')}>
              {target.status === 'active' ? 'Disable account' : 'Enable account'}
            </Button>
            {pausedUntil && (
              <Button
                variant="secondary"
                busy={busy === 'unlock'}
                onClick={() => void unlock(target)}
              >
                Unlock sign-in
              </Button>
            )}
            {target.twoFactorEnabled && (
              <Button variant="secondary" onClick={() => open('two-factor')}>
                Reset two-factor…
              </Button>
            )}
            {!isMe && (
              <Button variant="danger" onClick={() => open('delete')}>
                Delete user…
              </Button>
            )}
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
            onClick={() => open('sessions')}
          >
            End all sessions
          </Button>
        </div>
        {sessions.loading && <LoadingState label="Loading sessions…" />}
        {sessions.error && <ErrorState error={sessions.error} onRetry={sessions.reload} />}
        {sessions.data && !sessions.error && <SessionList sessions={sessions.data.data} />}
      </section>

      <ConfirmDialog
        open={dialog === 'role' || dialog === 'status'}
        title={pendingChange.title}
        description={pendingChange.description}
        confirmLabel={pendingChange.confirmLabel}
        tone={pendingChange.tone}
        busy={busy === change}
        onCancel={() => setDialog(null)}
        onConfirm={() => void applyChange()}
      >
        {dialogError && <Alert tone="error">{dialogError}</Alert>}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'}
        title={`Delete ${target.name}?`}
        description="Their account and sessions are removed for good. Their past events stay in the log."
        confirmLabel="Delete user"
        busy={busy === 'delete'}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          void confirm('delete', async () => {
            await deleteUser(target.id);
            navigate('/admin/users', { replace: true });
            return `${target.name} was deleted.`;
          })
        }
      >
        {dialogError && <Alert tone="error">{dialogError}</Alert>}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'two-factor'}
        title={`Reset two-factor sign-in for ${target.name}?`}
        description={
          isMe
            ? 'Your two-factor sign-in is turned off and every session of yours ends, this one included.'
            : 'Their two-factor sign-in is turned off and every session of theirs ends. Do this only once you are sure it is them asking, for example because they lost their phone.'
        }
        confirmLabel="Reset two-factor"
        busy={busy === 'two-factor'}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          void confirm('two-factor', async () => {
            await resetUserTwoFactor(target.id);
            if (isMe) {
              authStore.dispatch({ type: 'signed-out' });
              return 'Your two-factor sign-in is off; sign in again with your password.';
            }
            user.reload();
            sessions.reload();
            return `Two-factor sign-in for ${target.name} is off. They can sign in with their password and turn it on again.`;
          })
        }
      >
        {dialogError && <Alert tone="error">{dialogError}</Alert>}
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'sessions'}
        title={`Sign ${target.name} out everywhere?`}
        description="Each of their devices will have to sign in again."
        confirmLabel="End all sessions"
        busy={busy === 'sessions'}
        onCancel={() => setDialog(null)}
        onConfirm={() =>
          void confirm('sessions', async () => {
            await revokeUserSessions(target.id);
            sessions.reload();
            return `Every session of ${target.name} has ended.`;
          })
        }
      >
        {dialogError && <Alert tone="error">{dialogError}</Alert>}
      </ConfirmDialog>
    </>
  );
}
