// The frame around every page: header with navigation, the page itself, footer.
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Button } from '../components/Button';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { LoadingState } from '../components/Spinner';
import { ThemeToggle } from '../components/ThemeToggle';
import { useSignOut } from '../features/auth';
import { useAuth } from '../lib/auth/useAuth';

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  `block rounded-lg px-3 py-2 text-sm font-medium ${
    isActive
      ? 'bg-indigo-50 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200'
      : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
  }`;

export function AppLayout() {
  const auth = useAuth();
  const signOut = useSignOut();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
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

  const user = auth.status === 'authenticated' ? auth.user : null;

  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-4 py-2 text-indigo-800 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-slate-900 dark:text-indigo-200"
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
              type="button"
              className="rounded-lg p-2 text-slate-700 hover:bg-slate-100 md:hidden dark:text-slate-200 dark:hover:bg-slate-800"
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              <span className="sr-only">Menu</span>
              <svg
                viewBox="0 0 24 24"
                className="h-5 w-5"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
                aria-hidden="true"
              >
                {menuOpen ? (
                  <path d="M6 6l12 12M18 6 6 18" />
                ) : (
                  <path d="M4 7h16M4 12h16M4 17h16" />
                )}
              </svg>
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
                  <li>
                    <NavLink to="/dashboard" className={navLinkClass}>
                      Dashboard
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/sessions" className={navLinkClass}>
                      Sessions
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/profile" className={navLinkClass}>
                      Profile
                    </NavLink>
                  </li>
                  {user.role === 'admin' && (
                    <>
                      <li
                        aria-hidden="true"
                        className="mx-1 hidden h-5 w-px bg-slate-300 md:block dark:bg-slate-700"
                      />
                      <li>
                        <NavLink to="/admin/users" className={navLinkClass}>
                          Users
                        </NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/logs" className={navLinkClass}>
                          Logs
                        </NavLink>
                      </li>
                      <li>
                        <NavLink to="/admin/system" className={navLinkClass}>
                          System
                        </NavLink>
                      </li>
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
