// Changing the account's email address (docs/decisions/203): the password is required, a link goes
// to the new address and a notice to the current one; following the link changes the address,
// which then counts as confirmed, and tells the old address.
import {
  EMAIL_CHANGE_ACCEPTED,
  EMAIL_CHANGE_CONFIRM_PAGE,
  EMAIL_CHANGE_VALID_HOURS,
  type Accepted,
  type ChangeEmailRequest,
} from '@gv/contract';
import type { Transactions } from '../../db/transactions.js';
import { Conflict, InvalidInput, NotAuthenticated } from '../../domain/errors.js';
import { verifyPassword } from '../auth/passwords.js';
import type { AuditLog } from '../logs/audit.js';
import type { Mailer } from '../mail/mailer.js';
import {
  emailChangeConfirmMail,
  emailChangedNotice,
  emailChangeRequestedNotice,
} from '../mail/templates.js';
import { EmailTaken, type UsersRepository } from '../users/users.repository.js';
import type { AccountTokensRepository } from './account-tokens.repository.js';
import type { BackgroundWork } from './background-work.js';

const INVALID_LINK =
  'This link is invalid, expired or already used; sign in and ask for the change again.';

const EMAIL_TAKEN = 'Another account uses this email address.';

export class EmailChangeService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly audit: AuditLog,
    private readonly transactions: Transactions,
    private readonly mailer: Mailer,
    private readonly background: BackgroundWork,
    private readonly publicUrl: string,
  ) {}

  async request(userId: string, input: ChangeEmailRequest): Promise<Accepted> {
    const user = await this.users.findById(userId);
    if (!user) throw new NotAuthenticated();
    if (!(await verifyPassword(user.passwordHash, input.password))) {
      await this.audit.recordNow({
        event: 'auth.email_change.refused',
        level: 'warn',
        message: 'Email change refused: wrong password',
        userId,
      });
      throw new InvalidInput([{ path: 'password', message: 'Password is wrong' }]);
    }
    if (input.newEmail === user.email) {
      throw new InvalidInput([{ path: 'newEmail', message: 'This is already your email address' }]);
    }
    // Registration tells as much (docs/decisions/122); the confirmation checks again.
    if (await this.users.findByEmail(input.newEmail)) throw new Conflict(EMAIL_TAKEN);

    const token = await this.transactions.run(async (tx) => {
      const issued = await this.tokens.issue(
        {
          userId,
          purpose: 'email_change',
          email: input.newEmail,
          validMs: EMAIL_CHANGE_VALID_HOURS * 3_600_000,
        },
        tx.db,
      );
      await this.audit.recordIn(tx, {
        event: 'auth.email_change.requested',
        message: `Email change to ${input.newEmail} asked; confirmation link mailed there`,
        userId,
        metadata: { newEmail: input.newEmail },
      });
      return issued;
    });
    const url = `${this.publicUrl}${EMAIL_CHANGE_CONFIRM_PAGE}?token=${encodeURIComponent(token)}`;
    this.background.run('email change mails', async () => {
      await this.mailer.send({
        to: input.newEmail,
        ...emailChangeConfirmMail({
          url,
          validHours: EMAIL_CHANGE_VALID_HOURS,
          currentEmail: user.email,
        }),
      });
      await this.mailer.send({
        to: user.email,
        ...emailChangeRequestedNotice({ newEmail: input.newEmail }),
      });
    });
    return EMAIL_CHANGE_ACCEPTED;
  }

  async confirm(token: string): Promise<void> {
    let change: { from: string; to: string };
    try {
      change = await this.transactions.run(async (tx) => {
        const used = await this.tokens.consume('email_change', token, tx.db);
        const user = used && (await this.users.findByIdForUpdate(used.userId, tx.db));
        if (!used || !user) throw new InvalidInput([{ path: 'token', message: INVALID_LINK }]);
        await this.users.update(user.id, { email: used.email, emailVerifiedAt: new Date() }, tx.db);
        // Links mailed to the old address must not act on the account any more.
        await this.tokens.retireAll(user.id, 'password_reset', tx.db);
        await this.tokens.retireAll(user.id, 'email_verification', tx.db);
        await this.audit.recordIn(tx, {
          event: 'auth.email_changed',
          message: `Email address changed from ${user.email} to ${used.email}`,
          userId: user.id,
          metadata: { from: user.email, to: used.email },
        });
        return { from: user.email, to: used.email };
      });
    } catch (error) {
      if (error instanceof EmailTaken) throw new Conflict(EMAIL_TAKEN);
      throw error;
    }
    this.background.run('email changed notice', async () => {
      await this.mailer.send({ to: change.from, ...emailChangedNotice({ newEmail: change.to }) });
    });
  }
}
