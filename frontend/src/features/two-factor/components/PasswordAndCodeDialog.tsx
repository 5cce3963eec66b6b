// The confirmation that turning two-factor sign-in off, or replacing the recovery codes, asks
// for: the password and a current code (or a recovery code), so a stolen session cannot do it.
import { passwordAndCodeRequestSchema, type PasswordAndCodeRequest } from '@gv/contract';
import { Alert } from '../../../components/Alert';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { TextField } from '../../../components/TextField';
import { useForm } from '../../../lib/forms/useForm';

export function PasswordAndCodeDialog({
  open,
  title,
  description,
  confirmLabel,
  tone,
  email,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  tone: 'danger' | 'primary';
  email: string;
  /** Runs the action; a refusal (wrong password or code) stays in the dialog. */
  onSubmit: (request: PasswordAndCodeRequest) => Promise<void>;
  onClose: () => void;
}) {
  const form = useForm({
    initialValues: { password: '', code: '' },
    schema: passwordAndCodeRequestSchema,
    // Apps show "123 456": the space is for reading, not part of the code.
    prepare: (values) => ({ ...values, code: values.code.replace(/\s/g, '') }),
    onSubmit: async (request) => {
      await onSubmit(request);
      form.reset();
    },
  });

  const close = () => {
    form.reset();
    onClose();
  };

  return (
    <ConfirmDialog
      open={open}
      title={title}
      description={description}
      confirmLabel={confirmLabel}
      tone={tone}
      busy={form.submitting}
      onConfirm={() => void form.handleSubmit()}
      onCancel={close}
      formRef={form.formRef}
    >
      {form.formError && <Alert tone="error">{form.formError}</Alert>}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        field={form.field('password')}
      />
      <TextField
        label="Code from your app or a recovery code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        field={form.field('code')}
      />
    </ConfirmDialog>
  );
}
