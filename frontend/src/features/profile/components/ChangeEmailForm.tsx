// Changing the account's email address: nothing changes until the link mailed to the new address
// is followed, which proves the person can read mail there (and keeps it confirmed).
import { changeEmailRequestSchema, type ChangeEmailRequest } from '@gv/contract';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/forms/useForm';
import { requestEmailChange } from '../api/profileApi';

export function ChangeEmailForm({ email }: { email: string }) {
  const [sent, setSent] = useState<{ to: string; message: string }>();
  const form = useForm<{ newEmail: string; password: string }, ChangeEmailRequest>({
    initialValues: { newEmail: '', password: '' },
    schema: changeEmailRequestSchema,
    onSubmit: async (request) => {
      const { message } = await requestEmailChange(request);
      setSent({ to: request.newEmail, message });
      form.reset();
    },
  });

  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="space-y-4">
      {form.formError && <Alert tone="error">{form.formError}</Alert>}
      {sent && (
        <Alert tone="success" title={`Check the mail at ${sent.to}`}>
          {sent.message}
        </Alert>
      )}
      <p className="muted text-sm">
        Your email address is <strong>{email}</strong>.
      </p>
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label="New email address"
        type="email"
        autoComplete="off"
        inputMode="email"
        field={form.field('newEmail')}
      />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        field={form.field('password')}
      />
      <Button type="submit" busy={form.submitting}>
        Change email
      </Button>
    </form>
  );
}
