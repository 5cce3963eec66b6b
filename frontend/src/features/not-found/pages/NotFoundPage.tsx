import { Link, useLocation } from 'react-router';
import { usePageTitle } from '../../../lib/usePageTitle';

export function NotFoundPage() {
  usePageTitle('Page not found');
  const location = useLocation();
  return (
    <div className="card mx-auto max-w-lg text-center">
      <p className="text-sm font-semibold text-indigo-700 dark:text-indigo-300">404</p>
      <h1 className="mt-1 text-2xl font-bold">Page not found</h1>
      <p className="muted mt-2 break-words">
        There is no page at <code className="font-mono">{location.pathname}</code>.
      </p>
      <Link to="/" className="link mt-4 inline-block">
        Go to the home page
      </Link>
    </div>
  );
}
