import { useEffect, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { PageHeader } from '../../../components/PageHeader';
import { useCurrentUser } from '../../../lib/auth/useAuth';
import { TwoFactorSettings } from '../../two-factor';
import { ChangeEmailForm } from '../components/ChangeEmailForm';
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

/** Links such as /profile#two-factor (from the admin pages' notice) open at that section. */
function useScrollToSection() {
  const { hash } = useLocation();
  useEffect(() => {
    const section = hash ? document.getElementById(hash.slice(1)) : null;
    section?.scrollIntoView?.({ block: 'start' });
  }, [hash]);
}

export function ProfilePage() {
  const user = useCurrentUser();
  useScrollToSection();
  return (
    <>
      <PageHeader
        title="Profile"
        description="Your name, your email, your password, two-factor sign-in and your account."
      />
      <div className="space-y-6">
        <Section
          id="profile-heading"
          title="Profile"
          description="How you appear to administrators."
        >
          <ProfileForm user={user} />
        </Section>
        <Section
          id="email-heading"
          title="Email address"
          description="A link goes to the new address; your email changes when you follow it."
        >
          <ChangeEmailForm email={user.email} />
        </Section>
        <Section
          id="password-heading"
          title="Password"
          description="Changing it signs out every other device; this one stays signed in."
        >
          <ChangePasswordForm email={user.email} name={user.name} />
        </Section>
        <Section
          id="two-factor"
          title="Two-factor sign-in"
          description="After your password, sign-in also asks for a code from an authenticator app on your phone."
        >
          <TwoFactorSettings email={user.email} />
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
