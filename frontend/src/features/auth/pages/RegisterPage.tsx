import { PASSWORD_MIN_LENGTH, registerRequestSchema, type RegisterRequest } from '@gv/contract';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toaster';
import { useAuth } from '../../../lib/auth/useAuth';
import { useForm } from '../../../lib/forms/useForm';
import { safeReturnTo } from '../../../lib/returnTo';
import { register } from '../api/authApi';
import { AuthCard } from '../components/AuthCard';
import { AuthForm, EmailField } from '../components/AuthForm';
import { PasswordStrength } from '../components/PasswordStrength';

type Values = { name: string; email: string; password: string; confirmPassword: string };

export function RegisterPage() {
  const auth = useAuth();
  const toast = useToast();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const returnTo = safeReturnTo(searchParams.get('returnTo'));
  const form = useForm<Values, RegisterRequest>({
    initialValues: { name: '', email: '', password: '', confirmPassword: '' },
    schema: registerRequestSchema,
    // The contract's schema is strict: it sees only the fields the server takes.
    prepare: ({ confirmPassword: _confirm, ...account }) => account,
    check: (values) =>
      values.confirmPassword !== values.password
        ? { confirmPassword: 'The two passwords do not match' }
        : undefined,
    onSubmit: async (account) => {
      await register(account);
      toast.success(`Welcome, ${account.name}! Your account is ready.`);
      navigate(returnTo, { replace: true });
    },
  });

  if (auth.status === 'authenticated' && !form.submitting) {
    return <Navigate to={returnTo} replace />;
  }

  return (
    <AuthCard
      title="Create an account"
      intro="One account gives you the dashboard, your sessions and your security activity."
      footer={
        <>
          Already registered?{' '}
          <Link to="/login" className="link">
            Sign in
          </Link>
        </>
      }
    >
      <AuthForm form={form}>
        <TextField label="Name" autoComplete="name" field={form.field('name')} />
        <EmailField field={form.field('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters, hard to guess, without your email or name. A few unrelated words work well.`}
          field={form.field('password')}
        />
        <PasswordStrength
          password={form.values.password}
          email={form.values.email}
          name={form.values.name}
        />
        <TextField
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          field={form.field('confirmPassword')}
        />
        <Button type="submit" className="w-full" busy={form.submitting}>
          Create account
        </Button>
      </AuthForm>
    </AuthCard>
  );
}
