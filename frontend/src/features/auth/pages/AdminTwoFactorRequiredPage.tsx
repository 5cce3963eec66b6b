import { Link } from 'react-router';
import { usePageTitle } from '../../../lib/usePageTitle';

/**
 * What an admin page shows an admin who has not turned on two-factor sign-in while the server
 * requires it of admins (REQUIRE_ADMIN_2FA): the server refuses every admin request until then.
 */
export function AdminTwoFactorRequiredPage() {
  usePageTitle('Two-factor sign-in required');
  return (
    <div className="card mx-auto max-w-lg" role="alert">
      <h1 className="text-xl font-semibold">Two-factor sign-in required</h1>
      <p className="muted mt-2">
        This server asks every administrator to sign in with a code from an authenticator app as
        well as a password. Turn on two-factor sign-in in your profile, and the admin pages open
        again.
      </p>
      <Link to="/profile#two-factor" className="link mt-4 inline-block">
        Turn on two-factor sign-in
      </Link>
    </div>
  );
}
