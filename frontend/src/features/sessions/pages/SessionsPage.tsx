import type { Session } from '@gv/contract';
import { useState } from 'react';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageHeader } from '../../../components/PageHeader';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { useToast } from '../../../components/Toaster';
import { toApiError } from '../../../lib/api';
import { useApiQuery } from '../../../lib/useApiQuery';
import { listMySessions, revokeMyOtherSessions, revokeMySession } from '../api/sessionsApi';
import { SessionList } from '../components/SessionList';
import { describeUserAgent } from '../utils/describeUserAgent';

export function SessionsPage() {
  const toast = useToast();
  const sessions = useApiQuery((signal) => listMySessions(signal), []);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirmOthers, setConfirmOthers] = useState(false);
  const [endingOthers, setEndingOthers] = useState(false);

  const others = sessions.data?.data.filter((session) => !session.current) ?? [];

  const revoke = async (session: Session) => {
    setBusyId(session.id);
    try {
      await revokeMySession(session.id);
      toast.success(`Ended the session on ${describeUserAgent(session.userAgent).label}.`);
      sessions.reload();
    } catch (error) {
      const problem = toApiError(error);
      if (!problem.sessionEnded) toast.error(problem.userMessage);
    } finally {
      setBusyId(null);
    }
  };

  const revokeOthers = async () => {
    setEndingOthers(true);
    try {
      await revokeMyOtherSessions();
      toast.success('Signed out of every other device.');
      sessions.reload();
    } catch (error) {
      const problem = toApiError(error);
      if (!problem.sessionEnded) toast.error(problem.userMessage);
    } finally {
      setEndingOthers(false);
      setConfirmOthers(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Sessions"
        description="Every device signed in to your account. End any you do not recognise."
        actions={
          <Button
            variant="secondary"
            disabled={others.length === 0}
            onClick={() => setConfirmOthers(true)}
          >
            Sign out all other sessions
          </Button>
        }
      />
      {sessions.loading && <LoadingState label="Loading your sessions…" />}
      {sessions.error && <ErrorState error={sessions.error} onRetry={sessions.reload} />}
      {/* After a failed reload the list may show sessions that have ended: hide it. */}
      {sessions.data && !sessions.error && (
        <SessionList sessions={sessions.data.data} onRevoke={revoke} busyId={busyId} />
      )}
      <ConfirmDialog
        open={confirmOthers}
        title="Sign out all other sessions?"
        confirmLabel="Sign them out"
        busy={endingOthers}
        onConfirm={revokeOthers}
        onCancel={() => setConfirmOthers(false)}
      >
        <p className="muted">
          {others.length === 1 ? 'One other device' : `${others.length} other devices`} will have to
          sign in again. This device stays signed in.
        </p>
      </ConfirmDialog>
    </>
  );
}
