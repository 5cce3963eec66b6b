// Every page and who may see it. Pages are loaded lazily, one chunk each, so a visitor downloads
// only what the page in front of them needs — and the admin pages only after the admin guard.
import { lazy, type ComponentType } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './app/AppLayout';
import { RequireAdmin, RequireAuth } from './features/auth';
import { loadChunk } from './lib/chunks';

/** React.lazy for a named export; waits out an unreachable server instead of failing. */
function lazyPage<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) {
  return lazy(async () => ({ default: (await loadChunk(load))[name] as ComponentType }));
}

const HomePage = lazyPage(() => import('./features/home/pages/HomePage'), 'HomePage');
const LoginPage = lazyPage(() => import('./features/auth/pages/LoginPage'), 'LoginPage');
const RegisterPage = lazyPage(() => import('./features/auth/pages/RegisterPage'), 'RegisterPage');
const ForgotPasswordPage = lazyPage(
  () => import('./features/auth/pages/ForgotPasswordPage'),
  'ForgotPasswordPage',
);
const ResetPasswordPage = lazyPage(
  () => import('./features/auth/pages/ResetPasswordPage'),
  'ResetPasswordPage',
);
const VerifyEmailPage = lazyPage(
  () => import('./features/auth/pages/VerifyEmailPage'),
  'VerifyEmailPage',
);
const ConfirmEmailChangePage = lazyPage(
  () => import('./features/auth/pages/ConfirmEmailChangePage'),
  'ConfirmEmailChangePage',
);
const DashboardPage = lazyPage(
  () => import('./features/dashboard/pages/DashboardPage'),
  'DashboardPage',
);
const ProfilePage = lazyPage(() => import('./features/profile/pages/ProfilePage'), 'ProfilePage');
const SessionsPage = lazyPage(
  () => import('./features/sessions/pages/SessionsPage'),
  'SessionsPage',
);
const AdminUsersPage = lazyPage(
  () => import('./features/users/pages/AdminUsersPage'),
  'AdminUsersPage',
);
const AdminUserPage = lazyPage(
  () => import('./features/users/pages/AdminUserPage'),
  'AdminUserPage',
);
const AdminLogsPage = lazyPage(
  () => import('./features/logs/pages/AdminLogsPage'),
  'AdminLogsPage',
);
const SystemPage = lazyPage(() => import('./features/system/pages/SystemPage'), 'SystemPage');
const PlaygroundPage = lazyPage(
  () => import('./features/playground/pages/PlaygroundPage'),
  'PlaygroundPage',
);
const NotFoundPage = lazyPage(
  () => import('./features/not-found/pages/NotFoundPage'),
  'NotFoundPage',
);

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<HomePage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="register" element={<RegisterPage />} />
        <Route path="forgot-password" element={<ForgotPasswordPage />} />
        <Route path="reset-password" element={<ResetPasswordPage />} />
        <Route path="verify-email" element={<VerifyEmailPage />} />
        {/* The path the contract's EMAIL_CHANGE_CONFIRM_PAGE names for the mailed link. */}
        <Route path="confirm-email-change" element={<ConfirmEmailChangePage />} />
        <Route element={<RequireAuth />}>
          <Route path="dashboard" element={<DashboardPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="sessions" element={<SessionsPage />} />
          <Route path="admin" element={<RequireAdmin />}>
            <Route index element={<Navigate to="users" replace />} />
            <Route path="users" element={<AdminUsersPage />} />
            <Route path="users/:id" element={<AdminUserPage />} />
            <Route path="logs" element={<AdminLogsPage />} />
            <Route path="system" element={<SystemPage />} />
            <Route path="playground" element={<PlaygroundPage />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
