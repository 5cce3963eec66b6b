// Profiles and user administration. Guards the rule that the last active admin stays.
import type { AdminUpdateUserRequest, ListUsersQuery, User, UserList } from '@gv/contract';
import { Conflict, NotFound, ValidationFailed } from '../../http/errors.js';
import type { AuditLog } from '../logs/audit.js';
import { verifyPassword } from '../auth/passwords.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import { toUserView } from './user-view.js';
import type { UsersRepository } from './users.repository.js';

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
    private readonly signInThrottle: SignInThrottle,
  ) {}

  async get(id: string): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    return toUserView(user);
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
      this.audit.record({
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
    const user = await this.users.update(id, { name: changes.name });
    if (!user) throw new NotFound('No user with this id.');
    this.audit.record({ event: 'user.profile.updated', message: 'Profile updated', userId: id });
    return toUserView(user);
  }

  async deleteOwnAccount(id: string, password: string): Promise<void> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new ValidationFailed([{ path: 'password', message: 'Password is wrong' }]);
    }
    await this.assertNotLastAdmin(
      user.id,
      user.role === 'admin' && user.status === 'active',
      'delete your account',
    );
    await this.deleteWithSessions(id);
    this.audit.record({
      event: 'user.deleted',
      message: 'Account deleted by its owner',
      userId: null,
      metadata: { deletedUserId: id },
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

  async adminUpdate(actorId: string, id: string, changes: AdminUpdateUserRequest): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    const losesAdmin =
      user.role === 'admin' &&
      user.status === 'active' &&
      (changes.role === 'user' || changes.status === 'disabled');
    await this.assertNotLastAdmin(id, losesAdmin, 'demote or disable the last active admin');

    const updated = await this.users.update(id, changes);
    if (!updated) throw new NotFound('No user with this id.');
    if (changes.status === 'disabled' && user.status !== 'disabled') {
      await this.sessions.revokeAll(id, 'user_disabled');
    }
    this.audit.record({
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
  }

  async adminDelete(actorId: string, id: string): Promise<void> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFound('No user with this id.');
    await this.assertNotLastAdmin(
      id,
      user.role === 'admin' && user.status === 'active',
      'delete the last active admin',
    );
    await this.deleteWithSessions(id);
    this.audit.record({
      event: 'admin.user.deleted',
      message: `User ${user.email} deleted`,
      userId: actorId,
      metadata: { targetUserId: id },
    });
  }

  async listSessionsOf(id: string) {
    await this.get(id);
    return this.sessions.listForUser(id);
  }

  async revokeSessionsOf(actorId: string, id: string): Promise<void> {
    await this.get(id);
    const ended = await this.sessions.revokeAll(id, 'admin_revoked');
    this.audit.record({
      event: 'admin.sessions.revoked',
      message: `Ended ${ended} session(s) of a user`,
      userId: actorId,
      metadata: { targetUserId: id, sessionsEnded: ended },
    });
  }

  private async assertNotLastAdmin(
    id: string,
    wouldRemoveAdmin: boolean,
    action: string,
  ): Promise<void> {
    if (!wouldRemoveAdmin) return;
    if ((await this.users.countOtherActiveAdmins(id)) === 0) {
      throw new Conflict(`You cannot ${action}: at least one active admin must remain.`);
    }
  }

  /** Sessions cascade in the database; revoking first also tells every instance at once. */
  private async deleteWithSessions(id: string): Promise<void> {
    await this.sessions.revokeAll(id, 'user_deleted');
    await this.users.delete(id);
  }
}
