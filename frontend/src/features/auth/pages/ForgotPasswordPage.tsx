import { passwordResetRequestSchema, type PasswordResetRequest } from '@gv/contract';
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { useForm } from '../../../lib/forms/useForm';
import { requestPasswordReset } from '../api/authApi';
import { AuthCard } from '../components/AuthCard';
import { AuthForm, EmailField } from '../components/AuthForm';

/** Asks for a reset link; the answer never says whether the email has an account. */
export function ForgotPasswordPage() {
  const [sent, setSent] = useState<string>();
  const form = useForm<{ email: string }, PasswordResetRequest>({
    initialValues: { email: '' },
    schema: passwordResetRequestSchema,
    onSubmit: async (request) => {
      setSent((await requestPasswordReset(request)).message);
    },
  });

  return (
    <AuthCard
      title="Forgot your password?"
      intro="Give the email you sign in with and we will mail you a link to choose a new password."
      footer={
        <>
          Remembered it?{' '}
          <Link to="/login" className="link">
            Sign in
          </Link>
        </>
      }
    >
      {sent ? (
        <div className="space-y-4">
          <Alert tone="success">{sent}</Alert>
          <p className="muted text-sm">
            No mail after a few minutes? Check the spam folder and the address, then ask again.
          </p>
          <Button variant="secondary" className="w-full" onClick={() => setSent(undefined)}>
            Use another email
          </Button>
        </div>
      ) : (
        <AuthForm form={form}>
          <EmailField field={form.field('email')} />
          <Button type="submit" className="w-full" busy={form.submitting}>
            Mail me a link
          </Button>
        </AuthForm>
      )}
    </AuthCard>
  );
}
