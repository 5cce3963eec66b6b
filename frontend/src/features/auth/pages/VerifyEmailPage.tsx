import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { LoadingState } from '../../../components/Spinner';
import { toApiError } from '../../../lib/api';
import { useAuth } from '../../../lib/auth/useAuth';
import { verifyEmail } from '../api/authApi';
import { AuthCard } from '../components/AuthCard';

type Outcome = { status: 'checking' } | { status: 'done' } | { status: 'failed'; message: string };

/** Where the confirmation mail's link leads: /verify-email?token=… */
export function VerifyEmailPage() {
  const auth = useAuth();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const [outcome, setOutcome] = useState<Outcome>(
    token
      ? { status: 'checking' }
      : { status: 'failed', message: 'This page needs the link from the confirmation mail.' },
  );
  // A token works once: a second effect run (React's development double call) must not spend it.
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    verifyEmail(token).then(
      () => setOutcome({ status: 'done' }),
      (caught: unknown) => {
        const error = toApiError(caught);
        setOutcome({
          status: 'failed',
          message: error.fieldErrors[0]?.message ?? error.userMessage,
        });
      },
    );
  }, [token]);

  const next =
    auth.status === 'authenticated' ? (
      <Link to="/dashboard" className="link">
        Go to the dashboard
      </Link>
    ) : (
      <Link to="/login" className="link">
        Sign in
      </Link>
    );

  return (
    <AuthCard title="Confirm your email address" footer={next}>
      {outcome.status === 'checking' && <LoadingState label="Confirming your email address…" />}
      {outcome.status === 'done' && (
        <Alert tone="success">Your email address is confirmed. Thank you!</Alert>
      )}
      {outcome.status === 'failed' && (
        <Alert tone="error">
          {outcome.message} Signed in, you can ask for a new link from the banner at the top of the
          page.
        </Alert>
      )}
    </AuthCard>
  );
}
