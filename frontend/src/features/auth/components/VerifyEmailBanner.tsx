// Shown above every page while the signed-in user has not confirmed their email address; loaded
// only for them, so it costs confirmed users nothing.
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { toApiError } from '../../../lib/api';
import { resendVerification } from '../api/authApi';

export function VerifyEmailBanner({ email }: { email: string }) {
  const [sending, setSending] = useState(false);
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'error'; text: string }>();

  const resend = async () => {
    setSending(true);
    try {
      setOutcome({ tone: 'success', text: (await resendVerification()).message });
    } catch (caught) {
      setOutcome({ tone: 'error', text: toApiError(caught).userMessage });
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="mb-6 space-y-2">
      <Alert tone="warning">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <span>
            Please confirm your email address: follow the link we mailed to <strong>{email}</strong>
            . Until then, your account cannot become an admin.
          </span>
          <Button variant="secondary" size="sm" busy={sending} onClick={() => void resend()}>
            Resend the link
          </Button>
        </div>
      </Alert>
      {outcome && <Alert tone={outcome.tone}>{outcome.text}</Alert>}
    </div>
  );
}
