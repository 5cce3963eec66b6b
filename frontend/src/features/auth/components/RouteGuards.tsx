// Route guards: pages below <RequireAuth> need a signed-in user; pages below <RequireAdmin>
// need an admin (with two-factor sign-in on, where REQUIRE_ADMIN_2FA asks for it). Their lazily
// loaded code is only requested once the guard lets them render.
import { lazy } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { LoadingState } from '../../../components/Spinner';
import { loadChunk } from '../../../lib/chunks';
import { useAuth } from '../../../lib/auth/useAuth';
import { loginPathFor } from '../../../lib/returnTo';
import { usePageTitle } from '../../../lib/usePageTitle';

export function RequireAuth() {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'restoring') return <LoadingState label="Checking your session…" />;
  if (auth.status === 'anonymous') {
    if (auth.reason === 'account-deleted') return <Navigate to="/" replace />;
    if (auth.reason === 'signed-out') return <Navigate to="/login" replace />;
    // The session ended (or never existed): come back here after signing in.
    return <Navigate to={loginPathFor(location.pathname + location.search)} replace />;
  }
  return <Outlet />;
}

// Only admins who still have to turn on two-factor sign-in see it: loaded when needed.
const AdminTwoFactorRequiredPage = lazy(async () => ({
  default: (await loadChunk(() => import('../pages/AdminTwoFactorRequiredPage')))
    .AdminTwoFactorRequiredPage,
}));

export function RequireAdmin() {
  const auth = useAuth();
  if (auth.status !== 'authenticated' || auth.user.role !== 'admin') return <AdminsOnly />;
  const { twoFactorRequired, twoFactorEnabled } = auth.user;
  if (twoFactorRequired && !twoFactorEnabled) return <AdminTwoFactorRequiredPage />;
  return <Outlet />;
}

function AdminsOnly() {
  usePageTitle('Admins only');
  return (
    <div className="card mx-auto max-w-lg" role="alert">
      <h1 className="text-xl font-semibold">Admins only</h1>
      <p className="muted mt-2">
        This page is for administrators. If you need access, ask an administrator to change your
        role.
      </p>
      <Link to="/dashboard" className="link mt-4 inline-block">
        Back to your dashboard
      </Link>
    </div>
  );
}
