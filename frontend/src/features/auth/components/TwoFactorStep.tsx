// The second step of signing in to an account with two-factor sign-in on: the password was right,
// and the server waits (a few minutes, a few tries) for a code from the authenticator app or one
// of the recovery codes, sent with the challenge it answered.
import type { TwoFactorChallenge, TwoFactorSignInRequest } from '@gv/contract';
import { useState } from 'react';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { toApiError } from '../../../lib/api';
import { useForm } from '../../../lib/forms/useForm';
import { signInWithCode } from '../api/authApi';
import { twoFactorFormSchema, type CodeSource } from '../utils/twoFactorForm';
import { AuthForm } from './AuthForm';

export function TwoFactorStep({
  challenge,
  onRestart,
}: {
  challenge: TwoFactorChallenge;
  /** Back to the password: asked for, or the challenge is over (expired, used, too many tries). */
  onRestart: (reason?: string) => void;
}) {
  const [source, setSource] = useState<CodeSource>('app');
  const form = useForm<{ code: string }, TwoFactorSignInRequest>({
    initialValues: { code: '' },
    schema: twoFactorFormSchema(challenge.challenge, source),
    onSubmit: async (request) => {
      try {
        await signInWithCode(request);
      } catch (caught) {
        const error = toApiError(caught);
        // A wrong code is a 400 and the challenge still works; a 401 means it does not.
        if (error.status === 401) onRestart(error.userMessage);
        else throw error;
      }
    },
  });

  const switchSource = () => {
    setSource((current) => (current === 'app' ? 'recovery' : 'app'));
    form.reset();
  };

  return (
    <AuthForm form={form}>
      {source === 'app' ? (
        <TextField
          key="app"
          label="Authentication code"
          hint="The 6-digit code your authenticator app shows for GV Playground."
          autoComplete="one-time-code"
          inputMode="numeric"
          autoFocus
          field={form.field('code')}
        />
      ) : (
        <TextField
          key="recovery"
          label="Recovery code"
          hint="One of the codes you saved when you turned on two-factor sign-in. Each works once."
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          field={form.field('code')}
        />
      )}
      <Button type="submit" className="w-full" busy={form.submitting}>
        Verify
      </Button>
      <div className="flex flex-wrap justify-between gap-2 text-sm">
        <button type="button" className="link" onClick={switchSource}>
          {source === 'app' ? 'Use a recovery code' : 'Use the code from your app'}
        </button>
        <button type="button" className="link" onClick={() => onRestart()}>
          Start over
        </button>
      </div>
    </AuthForm>
  );
}
