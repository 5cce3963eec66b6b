import { Link } from 'react-router';
import { Alert } from '../../../components/Alert';
import { LoadingState } from '../../../components/Spinner';
import { useAuth } from '../../../lib/auth/useAuth';
import { verifyEmail } from '../api/authApi';
import { AuthCard } from '../components/AuthCard';
import { useMailedLink } from '../hooks/useMailedLink';

/** Where the confirmation mail's link leads: /verify-email?token=… */
export function VerifyEmailPage() {
  const auth = useAuth();
  const outcome = useMailedLink(
    verifyEmail,
    'This page needs the link from the confirmation mail.',
  );

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
