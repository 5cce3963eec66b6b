import { useEffect, useState } from 'react';

/** Whole seconds left until `at` (0 once passed), updated every second; undefined without `at`. */
export function useSecondsUntil(at: string | null | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!at) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [at]);
  if (!at) return undefined;
  return Math.max(0, Math.ceil((Date.parse(at) - now) / 1000));
}
