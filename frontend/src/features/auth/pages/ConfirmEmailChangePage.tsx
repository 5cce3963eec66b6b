import { Link } from 'react-router';
import { Alert } from '../../../components/Alert';
import { LoadingState } from '../../../components/Spinner';
import { useAuth } from '../../../lib/auth/useAuth';
import { confirmEmailChange } from '../api/authApi';
import { AuthCard } from '../components/AuthCard';
import { useMailedLink } from '../hooks/useMailedLink';

/** Where the link mailed to a new address leads: /confirm-email-change?token=… */
export function ConfirmEmailChangePage() {
  const auth = useAuth();
  const outcome = useMailedLink(
    confirmEmailChange,
    'This page needs the link from the mail sent to your new address.',
  );
  const user = auth.status === 'authenticated' ? auth.user : null;

  return (
    <AuthCard
      title="Confirm your new email address"
      footer={
        user ? (
          <Link to="/profile" className="link">
            Go to your profile
          </Link>
        ) : (
          <Link to="/login" className="link">
            Sign in
          </Link>
        )
      }
    >
      {outcome.status === 'checking' && <LoadingState label="Changing your email address…" />}
      {outcome.status === 'done' && (
        <Alert tone="success">
          {user ? (
            <>
              Your email address is now <strong>{user.email}</strong>.
            </>
          ) : (
            'Your email address is changed.'
          )}{' '}
          Sign in with it from now on.
        </Alert>
      )}
      {outcome.status === 'failed' && (
        <Alert tone="error">{outcome.message} You can ask for a new link from your profile.</Alert>
      )}
    </AuthCard>
  );
}
