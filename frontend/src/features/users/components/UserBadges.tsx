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
