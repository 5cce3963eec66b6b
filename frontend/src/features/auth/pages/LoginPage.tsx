import type { LoginRequest, TwoFactorChallenge } from '@gv/contract';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import type { AnonymousReason } from '../../../lib/auth/machine';
import { useAuth } from '../../../lib/auth/useAuth';
import { useForm } from '../../../lib/forms/useForm';
import { safeReturnTo } from '../../../lib/returnTo';
import { signIn } from '../api/authApi';
import { AuthCard } from '../components/AuthCard';
import { AuthForm, EmailField } from '../components/AuthForm';
import { TwoFactorStep } from '../components/TwoFactorStep';
import { loginFormSchema } from '../utils/loginForm';

const REASONS: Partial<Record<AnonymousReason, { tone: 'info' | 'warning'; text: string }>> = {
  'session-ended': { tone: 'warning', text: 'Your session has ended. Sign in again to continue.' },
  'signed-out': { tone: 'info', text: 'You are signed out.' },
};

export function LoginPage() {
  const auth = useAuth();
  const [searchParams] = useSearchParams();
  const returnTo = safeReturnTo(searchParams.get('returnTo'));
  const [challenge, setChallenge] = useState<TwoFactorChallenge | null>(null);
  /** Why the code step sent the person back to the password, e.g. the challenge expired. */
  const [restartReason, setRestartReason] = useState<string>();
  const form = useForm<{ email: string; password: string }, LoginRequest>({
    initialValues: { email: '', password: '' },
    schema: loginFormSchema,
    onSubmit: async (credentials) => {
      setRestartReason(undefined);
      setChallenge(await signIn(credentials));
    },
  });

  if (auth.status === 'authenticated') return <Navigate to={returnTo} replace />;
  const reason = auth.status === 'anonymous' ? REASONS[auth.reason] : undefined;
  const notice = restartReason ? { tone: 'warning' as const, text: restartReason } : reason;
  const registerLink = searchParams.has('returnTo')
    ? `/register?returnTo=${encodeURIComponent(returnTo)}`
    : '/register';

  if (challenge) {
    return (
      <AuthCard
        title="Two-factor sign-in"
        intro="Your password was right. Now confirm it is you with your authenticator app."
      >
        <TwoFactorStep
          challenge={challenge}
          onRestart={(why) => {
            setChallenge(null);
            setRestartReason(why);
            form.setValue('password', '');
          }}
        />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Sign in"
      intro="Welcome back to GV Playground."
      footer={
        <>
          New here?{' '}
          <Link to={registerLink} className="link">
            Create an account
          </Link>
        </>
      }
    >
      <AuthForm form={form} notice={notice && <Alert tone={notice.tone}>{notice.text}</Alert>}>
        <EmailField field={form.field('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          // Back from the code step, the password is the one thing left to enter.
          autoFocus={restartReason !== undefined}
          field={form.field('password')}
        />
        <p className="-mt-2 text-right text-sm">
          <Link to="/forgot-password" className="link">
            Forgot password?
          </Link>
        </p>
        <Button type="submit" className="w-full" busy={form.submitting}>
          Sign in
        </Button>
      </AuthForm>
    </AuthCard>
  );
}
