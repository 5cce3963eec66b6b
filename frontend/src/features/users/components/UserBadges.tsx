import type { User } from '@gv/contract';
import { Badge } from '../../../components/Badge';

export function RoleBadge({ role }: { role: User['role'] }) {
  return <Badge tone={role === 'admin' ? 'indigo' : 'neutral'}>{role}</Badge>;
}

export function StatusBadge({ status }: { status: User['status'] }) {
  return <Badge tone={status === 'active' ? 'green' : 'red'}>{status}</Badge>;
}

/** Shown while sign-in for the user's email is paused after repeated wrong passwords. */
export function SignInPausedBadge({ lockedUntil }: { lockedUntil: User['lockedUntil'] }) {
  if (!lockedUntil || Date.parse(lockedUntil) <= Date.now()) return null;
  const until = new Date(lockedUntil).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <span title={`Too many wrong passwords: sign-in paused until ${until}`}>
      <Badge tone="amber">sign-in paused</Badge>
    </span>
  );
}

/** Whether the owner followed the link mailed to the address. */
export function EmailBadge({ verified }: { verified: boolean }) {
  return verified ? (
    <Badge tone="green">email confirmed</Badge>
  ) : (
    <Badge tone="amber">email not confirmed</Badge>
  );
}

/** Whether sign-in asks for a code from an authenticator app after the password. */
export function TwoFactorBadge({ enabled }: { enabled: boolean }) {
  return enabled ? (
    <Badge tone="green">two-factor on</Badge>
  ) : (
    <Badge tone="neutral">two-factor off</Badge>
  );
}
