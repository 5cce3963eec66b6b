import { deleteMeRequestSchema, type DeleteMeRequest } from '@gv/contract';
import { useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toaster';
import { useForm } from '../../../lib/forms/useForm';
import { deleteMe } from '../api/profileApi';

export function DeleteAccount() {
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const form = useForm<{ password: string }, DeleteMeRequest>({
    initialValues: { password: '' },
    schema: deleteMeRequestSchema,
    onSubmit: async (confirmation) => {
      await deleteMe(confirmation);
      toast.success('Your account was deleted. Goodbye!');
    },
  });

  const close = () => {
    setOpen(false);
    form.reset();
  };

  return (
    <>
      <p className="muted">
        Deleting your account removes your profile and ends every session. Your past security events
        stay in the audit log without your name. This cannot be undone.
      </p>
      <Button variant="danger" className="mt-4" onClick={() => setOpen(true)}>
        Delete account…
      </Button>
      <ConfirmDialog
        open={open}
        title="Delete your account?"
        confirmLabel="Delete my account"
        busy={form.submitting}
        onConfirm={() => void form.handleSubmit()}
        onCancel={close}
        formRef={form.formRef}
      >
        <p className="muted">Enter your password to confirm.</p>
        {form.formError && <Alert tone="error">{form.formError}</Alert>}
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          field={form.field('password')}
        />
      </ConfirmDialog>
    </>
  );
}
