import { useEffect, useReducer } from 'react';
import { formatExact, formatRelative } from '../lib/dates';

/** "3 minutes ago", with the exact time on hover and in the machine-readable datetime. */
export function RelativeTime({ value }: { value: string }) {
  // Re-render now and then so "just now" turns into "1 minute ago" while the page stays open.
  const [, tick] = useReducer((count: number) => count + 1, 0);
  useEffect(() => {
    const timer = setInterval(tick, 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={value} title={formatExact(value)}>
      {formatRelative(value)}
    </time>
  );
}
