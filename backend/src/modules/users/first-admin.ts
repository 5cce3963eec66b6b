// Makes sure someone can administer a fresh installation: the account from ADMIN_EMAIL /
// ADMIN_PASSWORD, or, with neither set, admin@gv.local with a random password printed once on a
// database that has no users at all, embedded or PostgreSQL alike.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../observability/logger.js';
import { hashPassword } from '../auth/passwords.js';
import type { AuditLog } from '../logs/audit.js';
import { EmailTaken, type UsersRepository } from './users.repository.js';

export const DEFAULT_ADMIN_EMAIL = 'admin@gv.local';

export interface FirstAdminOptions {
  email?: string | undefined;
  password?: string | undefined;
  /** Create admin@gv.local when the database has no users (tests that make their own say no). */
  createDefault: boolean;
  /** Where the one-time password is shown; the console by default. */
  print?: (text: string) => void;
}

export async function ensureFirstAdmin(
  users: UsersRepository,
  audit: AuditLog,
  logger: Logger,
  options: FirstAdminOptions,
): Promise<void> {
  if (options.email && options.password) {
    const email = options.email.trim().toLowerCase();
    if (await users.findByEmail(email)) return;
    const admin = await users.create({
      email,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(options.password),
      // The operator chose this address: there is nobody to send a link to yet.
      emailVerifiedAt: new Date(),
    });
    await audit.recordNow({
      event: 'admin.bootstrap',
      message: 'First admin created from ADMIN_EMAIL',
      userId: admin.id,
    });
    logger.info('admin account created from ADMIN_EMAIL', { email });
    return;
  }

  if (!options.createDefault || (await users.hasAny())) return;
  const password = randomBytes(12).toString('base64url');
  let admin;
  try {
    admin = await users.create({
      email: DEFAULT_ADMIN_EMAIL,
      name: 'Administrator',
      role: 'admin',
      passwordHash: await hashPassword(password),
      emailVerifiedAt: new Date(),
    });
  } catch (error) {
    // Instances starting together on one empty PostgreSQL database: the first one made it.
    if (error instanceof EmailTaken) return;
    throw error;
  }
  await audit.recordNow({
    event: 'admin.bootstrap',
    message: 'Default admin created',
    userId: admin.id,
  });
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  print(
    [
      '',
      '  ┌──────────────────────────────────────────────────────────┐',
      '  │  An admin account was created for this new database:     │',
      `  │    email:    ${DEFAULT_ADMIN_EMAIL.padEnd(44)}│`,
      `  │    password: ${password.padEnd(44)}│`,
      '  │  It is shown only this once: sign in and change it.      │',
      '  └──────────────────────────────────────────────────────────┘',
      '',
    ].join('\n') + '\n',
  );
}
