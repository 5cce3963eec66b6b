import type { User } from '@gv/contract';
import { Badge } from '../../../components/Badge';

export function RoleBadge({ role }: { role: User['role'] }) {
  return <Badge tone={role === 'admin' ? 'indigo' : 'neutral'}>{role}</Badge>;
}

export function StatusBadge({ status }: { status: User['status'] }) {
  return <Badge tone={status === 'active' ? 'green' : 'red'}>{status}</Badge>;
}
