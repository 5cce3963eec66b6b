// The sign-in and registration forms' shared parts: the form with its error (or a notice) on
// top, and the email input.
import type { FormEvent, ReactNode, RefObject } from 'react';
import { Alert } from '../../../components/Alert';
import { TextField } from '../../../components/TextField';
import type { FieldProps } from '../../../lib/forms/useForm';

export function AuthForm({
  form,
  notice,
  children,
}: {
  form: {
    formRef: RefObject<HTMLFormElement>;
    handleSubmit: (event?: FormEvent) => Promise<void>;
    formError: string | undefined;
  };
  /** Shown above the fields until the form has an error of its own to show. */
  notice?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="space-y-4">
      {form.formError ? <Alert tone="error">{form.formError}</Alert> : notice}
      {children}
    </form>
  );
}

export function EmailField({ field }: { field: FieldProps }) {
  return (
    <TextField label="Email" type="email" autoComplete="email" inputMode="email" field={field} />
  );
}
