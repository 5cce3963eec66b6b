import type { ReactNode } from 'react';
import { PageHeader } from '../../../components/PageHeader';
import { useCurrentUser } from '../../../lib/auth/useAuth';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { DeleteAccount } from '../components/DeleteAccount';
import { ProfileForm } from '../components/ProfileForm';

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="card grid gap-4 md:grid-cols-3">
      <div>
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="muted mt-1 text-sm">{description}</p>
      </div>
      <div className="md:col-span-2 md:max-w-md">{children}</div>
    </section>
  );
}

export function ProfilePage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Profile" description="Your name, your password and your account." />
      <div className="space-y-6">
        <Section
          id="profile-heading"
          title="Profile"
          description="How you appear to administrators."
        >
          <ProfileForm user={user} />
        </Section>
        <Section
          id="password-heading"
          title="Password"
          description="Changing it signs out every other device; this one stays signed in."
        >
          <ChangePasswordForm email={user.email} name={user.name} />
        </Section>
        <Section
          id="delete-heading"
          title="Delete account"
          description="Permanently remove your account."
        >
          <DeleteAccount />
        </Section>
      </div>
    </>
  );
}
