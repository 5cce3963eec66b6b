// Profiles and user administration. Guards the rule that the last active admin stays: every
// change that can remove an admin locks the active admin rows first, in its own transaction
// (docs/decisions/100), and writes its audit row in that same transaction (docs/decisions/101).
import {
  CSV_EXPORT_MAX_ROWS,
  type AdminUpdateUserRequest,
  type CreatedUser,
  type CreateUserRequest,
  type ExportUsersQuery,
  type ListUsersQuery,
  type User,
  type UserList,
} from '@gv/contract';
import type { UserRow } from '../../db/schema.js';
import type { Transaction, Transactions } from '../../db/transactions.js';
import { Conflict, InvalidInput, NotFound, TwoFactorRequired } from '../../domain/errors.js';
import { toCsv } from '../../http/csv.js';
import type { VerificationMails } from '../account/email-verification.service.js';
import type { AuditLog } from '../logs/audit.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { randomBytes } from 'node:crypto';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { toUserView } from './user-view.js';
import { EmailTaken, type UsersRepository } from './users.repository.js';

/** Admin rights need an address known to be the owner's (docs/decisions/203). */
const UNVERIFIED_ADMIN =
  'This account has not confirmed its email address yet: it can become an admin once it has. Create it as a user; it gets a confirmation mail.';

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
    private readonly signInThrottle: SignInThrottle,
    private readonly transactions: Transactions,
    private readonly verification: VerificationMails,
    /** REQUIRE_ADMIN_2FA: admins without two-factor sign-in get no admin route. */
    private readonly requireAdminTwoFactor: boolean = false,
  ) {}

  /**
   * Admin rights are read from the database on each admin request, so a demotion or a disabled
   * account takes effect at once rather than when the access token expires. While
   * REQUIRE_ADMIN_2FA is on, an admin without two-factor sign-in is told to turn it on.
   */
  async hasAdminRights(id: string): Promise<boolean> {
    const user = await this.users.findById(id);
    if (user === undefined || !isActiveAdmin(user)) return false;
    if (this.requireAdminTwoFactor && !user.twoFactorEnabledAt) throw new TwoFactorRequired();
    return true;
  }

  /** My own profile: it also says whether I must turn on two-factor sign-in. */
  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    return {
      ...toUserView(user),
      twoFactorRequired: this.requireAdminTwoFactor && user.role === 'admin',
    };
  }

  /** One user as admins see them: with the end of any pause on their sign-in. */
  async adminGet(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    const waits = await this.signInThrottle.activeWaits([user.email]);
    return toUserView(user, waits.get(user.email) ?? null);
  }

  /** Ends the pause on a user's sign-in at once; audited when there was one to end. */
  async unlock(actorId: string, id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    const waits = await this.signInThrottle.activeWaits([user.email]);
    const hadFailures = await this.signInThrottle.clear(user.email);
    if (hadFailures) {
      const lockedUntil = waits.get(user.email);
      await this.audit.recordNow({
        event: 'auth.account.unlocked',
        message: lockedUntil
          ? `Sign-in pause ended by an admin (it would have lasted until ${lockedUntil.toISOString()})`
          : 'Failed sign-in count cleared by an admin',
        userId: user.id,
        metadata: { actorUserId: actorId, lockedUntil: lockedUntil?.toISOString() ?? null },
      });
    }
    return toUserView(user, null);
  }

  async updateProfile(id: string, changes: { name: string }): Promise<User> {
    return this.transactions.run(async (tx) => {
      const user = await this.users.update(id, { name: changes.name }, tx.db);
      if (!user) throw new NotFound('No user with this id.');
      await this.audit.recordIn(tx, {
        event: 'user.profile.updated',
        message: 'Profile updated',
        userId: id,
      });
      return toUserView(user);
    });
  }

  async deleteOwnAccount(id: string, password: string): Promise<void> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new InvalidInput([{ path: 'password', message: 'Password is wrong' }]);
    }
    await this.transactions.run(async (tx) => {
      await this.lockForAdminChange(tx, id, isActiveAdmin, 'delete your account');
      await this.deleteWithSessions(tx, id);
      await this.audit.recordIn(tx, {
        event: 'user.deleted',
        message: 'Account deleted by its owner',
        userId: null,
        metadata: { deletedUserId: id },
      });
    });
  }

  async list(query: ListUsersQuery): Promise<UserList> {
    const { rows, total } = await this.users.list(query);
    const pages = Math.max(1, Math.ceil(total / query.limit));
    const waits = await this.signInThrottle.activeWaits(rows.map((row) => row.email));
    return {
      data: rows.map((row) => toUserView(row, waits.get(row.email) ?? null)),
      pagination: {
        page: query.page,
        limit: query.limit,
        total,
        pages,
        hasNext: query.page < pages,
        hasPrev: query.page > 1,
      },
    };
  }

  /**
   * Adds an account for someone else. Its first password comes from the server (144 random bits,
   * beyond any guessing or common-password list) and is returned to the admin once: it is not
   * stored in the clear, written to the audit row, or logged.
   */
  async adminCreate(actorId: string, input: CreateUserRequest): Promise<CreatedUser> {
    if (input.role === 'admin') throw new Conflict(UNVERIFIED_ADMIN);
    const password = randomBytes(18).toString('base64url');
    const passwordHash = await hashPassword(password);
    try {
      return await this.transactions.run(async (tx) => {
        const user = await this.users.create(
          { email: input.email, name: input.name, role: input.role, passwordHash },
          tx.db,
        );
        await this.audit.recordIn(tx, {
          event: 'admin.user.created',
          message: `User ${user.email} created`,
          userId: actorId,
          metadata: { targetUserId: user.id, role: user.role },
        });
        // Unverified like a self-registered account until its owner follows the mailed link.
        tx.afterCommit(() => this.verification.mailLinkTo(user));
        return { user: toUserView(user), password };
      });
    } catch (error) {
      if (error instanceof EmailTaken) {
        throw new Conflict('An account with this email already exists.');
      }
      throw error;
    }
  }

  /** The users the filter matches as CSV, at most CSV_EXPORT_MAX_ROWS of them. */
  async exportCsv(query: ExportUsersQuery): Promise<{ csv: string; truncated: boolean }> {
    const { rows, more } = await this.users.exportRows(query, CSV_EXPORT_MAX_ROWS);
    const csv = toCsv(
      [
        'id',
        'email',
        'name',
        'role',
        'status',
        'createdAt',
        'lastLoginAt',
        'emailVerified',
        'twoFactorEnabled',
      ],
      rows.map((row) => [
        row.id,
        row.email,
        row.name,
        row.role,
        row.status,
        row.createdAt,
        row.lastLoginAt,
        row.emailVerifiedAt !== null,
        row.twoFactorEnabledAt !== null,
      ]),
    );
    return { csv, truncated: more };
  }

  async adminUpdate(actorId: string, id: string, changes: AdminUpdateUserRequest): Promise<User> {
    const removesAdmin = changes.role === 'user' || changes.status === 'disabled';
    return this.transactions.run(async (tx) => {
      const user = await this.lockForAdminChange(
        tx,
        id,
        (target) => removesAdmin && isActiveAdmin(target),
        'demote or disable the last active admin',
      );
      if (changes.role === 'admin' && user.role !== 'admin' && !user.emailVerifiedAt) {
        throw new Conflict(UNVERIFIED_ADMIN);
      }
      const updated = await this.users.update(id, changes, tx.db);
      if (!updated) throw new NotFound('No user with this id.');
      if (changes.status === 'disabled' && user.status !== 'disabled') {
        await this.sessions.revokeAll(id, 'user_disabled', { tx });
      }
      await this.audit.recordIn(tx, {
        event: 'admin.user.updated',
        message: `User ${user.email} updated`,
        userId: actorId,
        metadata: {
          targetUserId: id,
          changes: Object.fromEntries(
            Object.entries(changes).map(([key, value]) => [
              key,
              { from: user[key as keyof typeof changes], to: value },
            ]),
          ),
        },
      });
      return toUserView(updated);
    });
  }

  async adminDelete(actorId: string, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const user = await this.lockForAdminChange(
        tx,
        id,
        isActiveAdmin,
        'delete the last active admin',
      );
      await this.deleteWithSessions(tx, id);
      await this.audit.recordIn(tx, {
        event: 'admin.user.deleted',
        message: `User ${user.email} deleted`,
        userId: actorId,
        metadata: { targetUserId: id },
      });
    });
  }

  async listSessionsOf(id: string) {
    await this.get(id);
    return this.sessions.listForUser(id);
  }

  async revokeSessionsOf(actorId: string, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      // Locked so the user cannot be deleted between this check and the revocation.
      if (!(await this.users.findByIdForUpdate(id, tx.db))) {
        throw new NotFound('No user with this id.');
      }
      await this.sessions.revokeAllByAdmin(actorId, id, tx);
    });
  }

  /**
   * Locks the active admins, then the target, and reads the target as it is now. When the change
   * would take an active admin away (`removesAdmin`) and no other active admin remains, refuses
   * it. A concurrent change of the same kind waits for these locks and then sees this outcome.
   */
  private async lockForAdminChange(
    tx: Transaction,
    id: string,
    removesAdmin: (target: UserRow) => boolean,
    action: string,
  ): Promise<UserRow> {
    const activeAdmins = await this.users.lockActiveAdmins(tx.db);
    const user = await this.users.findByIdForUpdate(id, tx.db);
    if (!user) throw new NotFound('No user with this id.');
    if (removesAdmin(user) && !activeAdmins.some((adminId) => adminId !== id)) {
      throw new Conflict(`You cannot ${action}: at least one active admin must remain.`);
    }
    return user;
  }

  /**
   * Deleting the user deletes their sessions too (the foreign key cascades); revoking them first
   * keeps the revocations for every instance, including ones that start later.
   */
  private async deleteWithSessions(tx: Transaction, id: string): Promise<void> {
    await this.sessions.revokeAllBeforeUserDeletion(id, tx);
    await this.users.delete(id, tx.db);
  }
}

function isActiveAdmin(user: UserRow): boolean {
  return user.role === 'admin' && user.status === 'active';
}
