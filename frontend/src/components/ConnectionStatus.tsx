// A bar under the header while the server cannot be reached, and a short note when it is back.
// The live region is always in the page, so screen readers announce both changes.
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { connection } from '../lib/api';
import { Button } from './Button';
import { Spinner } from './Spinner';

const BACK_NOTE_MS = 4000;

export function ConnectionStatus() {
  const state = useSyncExternalStore(connection.subscribe, connection.getState);
  const down = state.status === 'unreachable';
  const [back, setBack] = useState(false);
  const wasDown = useRef(false);

  useEffect(() => {
    if (down) {
      wasDown.current = true;
      setBack(false);
      return;
    }
    if (!wasDown.current) return;
    wasDown.current = false;
    setBack(true);
    const timer = setTimeout(() => setBack(false), BACK_NOTE_MS);
    return () => clearTimeout(timer);
  }, [down]);

  const tone = down
    ? 'border-b border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
    : back
      ? 'border-b border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'
      : '';
  return (
    <div className={tone}>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-1 px-4 text-sm">
        {down && <Spinner size="sm" />}
        <p role="status" className={down || back ? 'py-2 font-medium' : ''}>
          {down
            ? 'Cannot reach the server — retrying. Pages load again by themselves when it answers.'
            : back
              ? 'Connected to the server again.'
              : ''}
        </p>
        {down && (
          <Button variant="secondary" size="sm" className="my-1" onClick={connection.retryNow}>
            Retry now
          </Button>
        )}
      </div>
    </div>
  );
}
