// A clock for "how old is this": re-renders every second while `since` is set.
import { useEffect, useState } from 'react';

export function useSecondsSince(since: number | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? undefined : Math.max(0, Math.round((now - since) / 1000));
}
