// The public shape of a user: what the API returns, never the password hash or lockout counters.
import type { User } from '@gv/contract';
import type { UserRow } from '../../db/schema.js';

export function toUserView(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  };
}
