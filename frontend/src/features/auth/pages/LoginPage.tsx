import type { LoginRequest } from '@gv/contract';
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
import { loginFormSchema } from '../utils/loginForm';

const REASONS: Partial<Record<AnonymousReason, { tone: 'info' | 'warning'; text: string }>> = {
  'session-ended': { tone: 'warning', text: 'Your session has ended. Sign in again to continue.' },
  'signed-out': { tone: 'info', text: 'You are signed out.' },
};

export function LoginPage() {
  const auth = useAuth();
  const [searchParams] = useSearchParams();
  const returnTo = safeReturnTo(searchParams.get('returnTo'));
  const form = useForm<{ email: string; password: string }, LoginRequest>({
    initialValues: { email: '', password: '' },
    schema: loginFormSchema,
    onSubmit: signIn,
  });

  if (auth.status === 'authenticated') return <Navigate to={returnTo} replace />;
  const notice = auth.status === 'anonymous' ? REASONS[auth.reason] : undefined;
  const registerLink = searchParams.has('returnTo')
    ? `/register?returnTo=${encodeURIComponent(returnTo)}`
    : '/register';

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
