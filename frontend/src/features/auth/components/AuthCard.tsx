import type { ReactNode } from 'react';
import { usePageTitle } from '../../../lib/usePageTitle';

/** The narrow centred card the sign-in and registration forms sit in. */
export function AuthCard({
  title,
  intro,
  children,
  footer,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  usePageTitle(title);
  return (
    <div className="mx-auto w-full max-w-md py-4 sm:py-10">
      <div className="card">
        <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
        {intro && <div className="muted mt-1">{intro}</div>}
        <div className="mt-6">{children}</div>
      </div>
      {footer && <div className="muted mt-4 text-center text-sm">{footer}</div>}
    </div>
  );
}
