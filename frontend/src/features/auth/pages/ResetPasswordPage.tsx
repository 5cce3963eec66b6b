import {
  PASSWORD_MIN_LENGTH,
  passwordResetConfirmSchema,
  type PasswordResetConfirm,
} from '@gv/contract';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Button, buttonClass } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/forms/useForm';
import { confirmPasswordReset } from '../api/authApi';
import { AuthCard } from '../components/AuthCard';
import { AuthForm } from '../components/AuthForm';
import { PasswordStrength } from '../components/PasswordStrength';

type Values = { password: string; confirmPassword: string };

/** Where the mailed link leads: /reset-password?token=… */
export function ResetPasswordPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const [done, setDone] = useState(false);
  const form = useForm<Values, PasswordResetConfirm>({
    initialValues: { password: '', confirmPassword: '' },
    schema: passwordResetConfirmSchema,
    prepare: ({ password }) => ({ token, password }),
    check: (values) =>
      values.confirmPassword !== values.password
        ? { confirmPassword: 'The two passwords do not match' }
        : undefined,
    onSubmit: async (reset) => {
      await confirmPasswordReset(reset);
      setDone(true);
    },
  });

  const askAgain = (
    <Link to="/forgot-password" className="link">
      Ask for a new link
    </Link>
  );

  return (
    <AuthCard title="Choose a new password" footer={askAgain}>
      {done ? (
        <div className="space-y-4">
          <Alert tone="success">
            Your password is set. Every session of your account has ended, here and on other
            devices.
          </Alert>
          <Link to="/login" className={`${buttonClass()} w-full`}>
            Sign in with the new password
          </Link>
        </div>
      ) : !token ? (
        <Alert tone="error">
          This page needs the link from the password-reset mail. Open the link from the mail again,
          or ask for a new one.
        </Alert>
      ) : (
        <AuthForm form={form}>
          <TextField
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters, hard to guess, without your email or name.`}
            field={form.field('password')}
          />
          <PasswordStrength password={form.values.password} />
          <TextField
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            field={form.field('confirmPassword')}
          />
          <Button type="submit" className="w-full" busy={form.submitting}>
            Set password
          </Button>
        </AuthForm>
      )}
    </AuthCard>
  );
}
