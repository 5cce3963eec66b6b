// The two-factor part of the profile: whether sign-in asks for a code, how many recovery codes
// are left, and the ways to turn it on, off, or replace the codes.
import type { TwoFactorStatus } from '@gv/contract';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Badge } from '../../../components/Badge';
import { Button } from '../../../components/Button';
import { RelativeTime } from '../../../components/RelativeTime';
import { LoadingState } from '../../../components/Spinner';
import { ErrorState } from '../../../components/States';
import { useToast } from '../../../components/Toaster';
import { useApiQuery } from '../../../lib/useApiQuery';
import { getTwoFactorStatus, regenerateRecoveryCodes, turnOffTwoFactor } from '../api/twoFactorApi';
import { EnrolTwoFactor } from './EnrolTwoFactor';
import { PasswordAndCodeDialog } from './PasswordAndCodeDialog';
import { RecoveryCodes } from './RecoveryCodes';

/** At or below this many recovery codes left, the section suggests a new set. */
const FEW_CODES_LEFT = 3;

type View =
  | { kind: 'status' }
  | { kind: 'enrolling' }
  /** New recovery codes, shown once; `done` is said when the person has saved them. */
  | { kind: 'codes'; codes: string[]; done: string }
  | { kind: 'dialog'; dialog: 'turn-off' | 'new-codes' };

function StatusLine({ status }: { status: TwoFactorStatus }) {
  if (!status.enabled) {
    return (
      <p>
        <Badge tone="neutral">Off</Badge>{' '}
        <span className="muted">Sign-in asks for your password only.</span>
      </p>
    );
  }
  const few = status.recoveryCodesLeft <= FEW_CODES_LEFT;
  return (
    <div className="space-y-2">
      <p>
        <Badge tone="green">On</Badge>{' '}
        <span className="muted">
          Sign-in asks for a code from your authenticator app
          {status.enabledAt && (
            <>
              {' '}
              (turned on <RelativeTime value={status.enabledAt} />)
            </>
          )}
          .
        </span>
      </p>
      <p className={few ? 'font-medium text-amber-700 dark:text-amber-300' : 'muted'}>
        <span data-testid="recovery-codes-left">{status.recoveryCodesLeft}</span> recovery{' '}
        {status.recoveryCodesLeft === 1 ? 'code' : 'codes'} left.
        {few && ' Make a new set before you run out.'}
      </p>
    </div>
  );
}

export function TwoFactorSettings({ email }: { email: string }) {
  const toast = useToast();
  const status = useApiQuery((signal) => getTwoFactorStatus(signal), []);
  const [view, setView] = useState<View>({ kind: 'status' });
  const backToStatus = () => setView({ kind: 'status' });

  if (view.kind === 'enrolling') {
    return (
      <EnrolTwoFactor
        email={email}
        onCancel={backToStatus}
        onEnabled={(codes) => {
          status.reload();
          setView({
            kind: 'codes',
            codes,
            done: 'Two-factor sign-in is on. Keep your recovery codes safe.',
          });
        }}
      />
    );
  }
  if (view.kind === 'codes') {
    return (
      <RecoveryCodes
        codes={view.codes}
        email={email}
        onDone={() => {
          backToStatus();
          toast.success(view.done);
        }}
      />
    );
  }

  if (status.loading) return <LoadingState label="Loading two-factor sign-in…" />;
  if (status.error) return <ErrorState error={status.error} onRetry={status.reload} />;
  if (!status.data) return null;
  const current = status.data;
  const dialog = view.kind === 'dialog' ? view.dialog : null;

  return (
    <div className="space-y-4">
      {current.requiredForMe && !current.enabled && (
        <Alert tone="warning" title="Required for admins">
          Turn on two-factor sign-in to use the admin pages.
        </Alert>
      )}
      <StatusLine status={current} />
      <div className="flex flex-wrap gap-2">
        {current.enabled ? (
          <>
            <Button
              variant="secondary"
              onClick={() => setView({ kind: 'dialog', dialog: 'new-codes' })}
            >
              New recovery codes…
            </Button>
            <Button
              variant="danger"
              onClick={() => setView({ kind: 'dialog', dialog: 'turn-off' })}
            >
              Turn off two-factor…
            </Button>
          </>
        ) : (
          <Button onClick={() => setView({ kind: 'enrolling' })}>Turn on two-factor</Button>
        )}
      </div>

      <PasswordAndCodeDialog
        open={dialog === 'turn-off'}
        title="Turn off two-factor sign-in?"
        description="Sign-in will ask for your password only, and your recovery codes stop working."
        confirmLabel="Turn off"
        tone="danger"
        email={email}
        onClose={backToStatus}
        onSubmit={async (request) => {
          await turnOffTwoFactor(request);
          status.reload();
          backToStatus();
          toast.success('Two-factor sign-in is off.');
        }}
      />
      <PasswordAndCodeDialog
        open={dialog === 'new-codes'}
        title="Make new recovery codes?"
        description="You get ten new codes; the ones you have now stop working."
        confirmLabel="Make new codes"
        tone="primary"
        email={email}
        onClose={backToStatus}
        onSubmit={async (request) => {
          const { recoveryCodes } = await regenerateRecoveryCodes(request);
          status.reload();
          setView({
            kind: 'codes',
            codes: recoveryCodes,
            done: 'Your new recovery codes are ready; the old ones no longer work.',
          });
        }}
      />
    </div>
  );
}
