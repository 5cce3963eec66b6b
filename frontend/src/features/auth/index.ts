// The auth feature's public entry for the rest of the app (pages are loaded by routes.tsx).
export { RequireAdmin, RequireAuth } from './components/RouteGuards';
export { useSignOut } from './hooks/useSignOut';
export { changePassword } from './api/authApi';
export { PasswordStrength } from './components/PasswordStrength';
