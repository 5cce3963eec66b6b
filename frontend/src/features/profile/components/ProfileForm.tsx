import { updateMeRequestSchema, type UpdateMeRequest, type User } from '@gv/contract';
import { Alert } from '../../../components/Alert';
import { Button } from '../../../components/Button';
import { TextField } from '../../../components/TextField';
import { useToast } from '../../../components/Toaster';
import { useForm } from '../../../lib/forms/useForm';
import { updateMe } from '../api/profileApi';

export function ProfileForm({ user }: { user: User }) {
  const toast = useToast();
  const form = useForm<{ name: string }, UpdateMeRequest>({
    initialValues: { name: user.name },
    schema: updateMeRequestSchema,
    onSubmit: async (changes) => {
      await updateMe(changes);
      toast.success('Profile saved.');
    },
  });

  return (
    <form ref={form.formRef} onSubmit={form.handleSubmit} noValidate className="space-y-4">
      {form.formError && <Alert tone="error">{form.formError}</Alert>}
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
