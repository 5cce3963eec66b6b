// What a page opened from a mailed link does: send the link's token once, and say how it went.
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { toApiError } from '../../../lib/api';

export type LinkOutcome =
  { status: 'checking' } | { status: 'done' } | { status: 'failed'; message: string };

/** `send` gets the `token` of the page's address; without one, the outcome is `missingToken`. */
export function useMailedLink(
  send: (token: string) => Promise<void>,
  missingToken: string,
): LinkOutcome {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const [outcome, setOutcome] = useState<LinkOutcome>(
    token ? { status: 'checking' } : { status: 'failed', message: missingToken },
  );
  // A token works once: a second effect run (React's development double call) must not spend it.
  const sent = useRef(false);
  const sendRef = useRef(send);
  sendRef.current = send;

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    sendRef.current(token).then(
      () => setOutcome({ status: 'done' }),
      (caught: unknown) => {
        const error = toApiError(caught);
        setOutcome({
          status: 'failed',
          message: error.fieldErrors[0]?.message ?? error.userMessage,
        });
      },
    );
  }, [token]);

  return outcome;
}
