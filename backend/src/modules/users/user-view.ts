// The public shape of a user: what the API returns, never the password hash.
import type { User } from '@gv/contract';
import type { UserRow } from '../../db/schema.js';

/** `lockedUntil` is given by admin views only: undefined leaves it out, null says "not paused". */
export function toUserView(row: UserRow, lockedUntil?: Date | null): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    emailVerified: row.emailVerifiedAt !== null,
    twoFactorEnabled: row.twoFactorEnabledAt !== null,
    ...(lockedUntil === undefined ? {} : { lockedUntil: lockedUntil?.toISOString() ?? null }),
  };
}
