// The "return path" after signing in: only a path inside this app, never another site
// (`//evil.example` or `https://…` would turn the login page into an open redirect).

export const DEFAULT_SIGNED_IN_PATH = '/dashboard';

export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return DEFAULT_SIGNED_IN_PATH;
  }
  if (value === '/login' || value.startsWith('/login?') || value === '/register') {
    return DEFAULT_SIGNED_IN_PATH;
  }
  return value;
}

export function loginPathFor(returnTo: string): string {
  return `/login?returnTo=${encodeURIComponent(returnTo)}`;
}
