// The frame around every page: header with navigation, the page itself, footer.
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Button } from '../components/Button';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { iconButtonClass, LineIcon } from '../components/Icon';
import { LoadingState } from '../components/Spinner';
import { ThemeToggle } from '../components/ThemeToggle';
import { useSignOut } from '../features/auth';
import { useAuth } from '../lib/auth/useAuth';

// Only unconfirmed users need it: its code stays out of everyone else's first screen.
const VerifyEmailBanner = lazy(async () => ({
  default: (await import('../features/auth/components/VerifyEmailBanner')).VerifyEmailBanner,
}));

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-lg px-3 py-2 text-sm font-medium ${
    isActive
      ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
  }`;

const USER_LINKS = [
  ['/dashboard', 'Dashboard'],
  ['/sessions', 'Sessions'],
  ['/profile', 'Profile'],
] as const;

const ADMIN_LINKS = [
  ['/admin/users', 'Users'],
  ['/admin/logs', 'Logs'],
  ['/admin/system', 'System'],
  ['/admin/playground', 'Playground'],
] as const;

function NavLinks({ links }: { links: ReadonlyArray<readonly [string, string]> }) {
  return links.map(([to, label]) => (
    <li key={to}>
      <NavLink to={to} className={navLinkClass}>
        {label}
      </NavLink>
    </li>
  ));
}

export function AppLayout() {
  const auth = useAuth();
  const signOut = useSignOut();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, start reading and tabbing from the new page, as a full page
  // load would.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  // Escape folds the open phone menu and returns to its button, as it would close a pop-up.
  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButtonRef.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  const user = auth.status === 'authenticated' ? auth.user : null;

  return (
    <div className="flex min-h-screen flex-col">
      {/* In the page's flow when focused, above the header, so it covers nothing. */}
      <a
        href="#main"
        className="sr-only rounded-lg bg-white px-4 py-2 font-medium text-indigo-800 focus:not-sr-only focus:m-2 focus:self-start dark:bg-slate-900 dark:text-indigo-200"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
          <Link to="/" className="flex items-center gap-2 rounded-lg py-1 font-bold">
            <img src="/favicon.svg" alt="" className="h-7 w-7" />
            <span>GV Playground</span>
          </Link>

          <div className="ml-auto flex items-center gap-1 md:order-last">
            <ThemeToggle />
            {user ? (
              <>
                <span
                  className="muted hidden max-w-40 truncate text-sm lg:inline"
                  title={user.email}
                >
                  {user.name}
                </span>
                <div className="hidden md:block">
                  <Button variant="ghost" size="sm" onClick={signOut}>
                    Sign out
                  </Button>
                </div>
              </>
            ) : (
              auth.status === 'anonymous' && (
                <div className="hidden gap-1 md:flex">
                  <Link to="/login" className={navLinkClass({ isActive: false })}>
                    Sign in
                  </Link>
                  <Link to="/register" className={navLinkClass({ isActive: false })}>
                    Create account
                  </Link>
                </div>
              )
            )}
            <button
              ref={menuButtonRef}
              type="button"
              className={`${iconButtonClass} md:hidden`}
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              <span className="sr-only">Menu</span>
              <LineIcon>
                <path d={menuOpen ? 'M6 6l12 12M18 6 6 18' : 'M4 7h16M4 12h16M4 17h16'} />
              </LineIcon>
            </button>
          </div>

          <nav
            id="main-nav"
            aria-label="Main"
            className={`${menuOpen ? 'block' : 'hidden'} w-full md:block md:w-auto`}
          >
            <ul className="flex flex-col gap-1 pb-2 md:flex-row md:items-center md:pb-0">
              {user ? (
                <>
                  <NavLinks links={USER_LINKS} />
                  {user.role === 'admin' && (
                    <>
                      <li
                        aria-hidden="true"
                        className="mx-1 hidden h-5 w-px bg-slate-300 md:block dark:bg-slate-700"
                      />
                      <NavLinks links={ADMIN_LINKS} />
                    </>
                  )}
                  <li className="md:hidden">
                    <button
                      type="button"
                      className={`${navLinkClass({ isActive: false })} w-full text-left`}
                      onClick={signOut}
                    >
                      Sign out
                    </button>
                  </li>
                </>
              ) : (
                <>
                  <li className="md:hidden">
                    <NavLink to="/login" className={navLinkClass}>
                      Sign in
                    </NavLink>
                  </li>
                  <li className="md:hidden">
                    <NavLink to="/register" className={navLinkClass}>
                      Create account
                    </NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </div>
      </header>
      <ConnectionStatus />

      <main
        id="main"
        ref={mainRef}
        tabIndex={-1}
        className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:py-8"
      >
        {user && !user.emailVerified && (
          <Suspense fallback={null}>
            <VerifyEmailBanner email={user.email} />
          </Suspense>
        )}
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<LoadingState label="Loading page…" />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </main>

      <footer className="border-t border-slate-200 py-6 text-sm dark:border-slate-800">
        <div className="muted mx-auto flex max-w-6xl flex-wrap gap-x-6 gap-y-2 px-4">
          <span>GV Playground — a full-stack system for learning DevOps</span>
          <a href="/api/docs" className="link">
            API docs
          </a>
          <a href="/api/health" className="link">
            Health
          </a>
        </div>
      </footer>
    </div>
  );
}
