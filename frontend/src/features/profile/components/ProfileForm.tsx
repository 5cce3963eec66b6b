import { updateMeRequestSchema, type UpdateMeRequest, type User } from '@gv/contract';
import { useMemo, useState } from 'react';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toaster';
import { useForm } from '../../../lib/forms/useForm';
import { updateMe } from '../api/profileApi';
import { useFormDraft, useSaveDraft } from '../hooks/useFormDraft';

export function ProfileForm({ user }: { user: User }) {
  const toast = useToast();
  const saved = useMemo(() => ({ name: user.name }), [user.name]);
  const draft = useFormDraft(`profile.${user.id}`, saved);
  const [restoredNote, setRestoredNote] = useState(draft.restored !== null);
  const form = useForm<{ name: string }, UpdateMeRequest>({
    initialValues: draft.restored ?? saved,
    schema: updateMeRequestSchema,
    onSubmit: async (changes) => {
      await updateMe(changes);
      draft.clear();
      setRestoredNote(false);
      toast.success('Profile saved.');
    },
  });
  useSaveDraft(form.values, draft.save);

  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="space-y-4">
      {form.formError && <Alert tone="error">{form.formError}</Alert>}
      {restoredNote && (
        <Alert tone="info">Your unsaved changes were restored. Save them or edit them away.</Alert>
      )}
      <TextField label="Name" autoComplete="name" field={form.field('name')} />
      <div>
        <p className="block text-sm font-medium">Email</p>
        <p className="muted mt-1">{user.email}</p>
      </div>
      <Button type="submit" busy={form.submitting}>
        Save profile
      </Button>
    </form>
  );
}
