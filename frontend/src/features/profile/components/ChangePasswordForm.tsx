import {
  changePasswordRequestSchema,
  PASSWORD_MIN_LENGTH,
  type ChangePasswordRequest,
} from '@gv/contract';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toaster';
import { useForm } from '../../../lib/forms/useForm';
import { changePassword, PasswordStrength } from '../../auth';

type Values = { currentPassword: string; newPassword: string; confirmPassword: string };

/** `email` fills a hidden username field, so password managers know which account changes. */
export function ChangePasswordForm({ email, name }: { email: string; name?: string }) {
  const toast = useToast();
  const form = useForm<Values, ChangePasswordRequest>({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    schema: changePasswordRequestSchema,
    prepare: ({ confirmPassword: _confirm, ...passwords }) => passwords,
    check: (values) =>
      values.confirmPassword !== values.newPassword
        ? { confirmPassword: 'The two passwords do not match' }
        : undefined,
    onSubmit: async (passwords) => {
      await changePassword(passwords);
      form.reset();
      toast.success('Password changed. Every other session was signed out.');
    },
  });

  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="space-y-4">
      {form.formError && <Alert tone="error">{form.formError}</Alert>}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        field={form.field('currentPassword')}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters, hard to guess, without your email or name.`}
        field={form.field('newPassword')}
      />
      <PasswordStrength password={form.values.newPassword} email={email} name={name} />
      <TextField
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        field={form.field('confirmPassword')}
      />
      <Button type="submit" busy={form.submitting}>
        Change password
      </Button>
    </form>
  );
}
