// The database schema. drizzle-kit generates the SQL migrations in backend/drizzle from this file.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Stored trimmed and lower-cased by the application; the unique index on lower(email) makes
    // the uniqueness case-insensitive even for rows written by hand.
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['user', 'admin'] })
      .notNull()
      .default('user'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    // Superseded by sign_in_throttles (docs/decisions/120) and no longer read or written. Kept
    // for one release so instances of the previous one keep working during a rolling deploy;
    // the next release drops them.
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamptz('locked_until'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
    lastLoginAt: timestamptz('last_login_at'),
    // When the owner followed the verification link sent to `email`; null until then, and again
    // after the email changes (docs/decisions/203).
    emailVerifiedAt: timestamptz('email_verified_at'),
    // When two-factor sign-in was turned on; null while it is off. The secret itself lives in
    // totp_credentials, so user rows read everywhere never carry it.
    twoFactorEnabledAt: timestamptz('two_factor_enabled_at'),
  },
  (table) => [
    uniqueIndex('users_email_lower_key').on(sql`lower(${table.email})`),
    index('users_created_at_idx').on(table.createdAt),
    check('users_role_check', sql`${table.role} in ('user', 'admin')`),
    check('users_status_check', sql`${table.status} in ('active', 'disabled')`),
  ],
);

/**
 * Failed sign-ins per email string, whether or not an account has that email, so throttling
 * behaves the same for unknown emails and reveals nothing (docs/decisions/120). One row per email
 * that failed recently; a successful sign-in or an admin's Unlock deletes it.
 */
export const signInThrottles = pgTable(
  'sign_in_throttles',
  {
    // Trimmed and lower-cased, as the contract normalises emails; or `device:<id>` for a browser
    // that signed in to an email before and is throttled on its own, or `two-factor:<user id>`
    // for an account's wrong two-factor codes (no email has either form).
    email: text('email').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailedAt: timestamptz('last_failed_at').notNull(),
    // No sign-in is checked for this email before this time.
    lockedUntil: timestamptz('locked_until'),
  },
  (table) => [index('sign_in_throttles_last_failed_at_idx').on(table.lastFailedAt)],
);

const TOKEN_PURPOSES = [
  'password_reset',
  'email_verification',
  'email_change',
  'two_factor_challenge',
] as const;

/**
 * Single-use tokens mailed to a user: password resets and email verifications. Only the SHA-256
 * of a token is stored, so a copy of the table opens nothing (docs/decisions/200).
 */
export const accountTokens = pgTable(
  'account_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: TOKEN_PURPOSES }).notNull(),
    // SHA-256 (hex) of the token in the mailed link (or of the two-factor sign-in challenge).
    tokenHash: text('token_hash').notNull(),
    // The address the link was sent to: a verification only counts for the email it was sent to,
    // and an email change sets this address. For a challenge, the email signed in with.
    email: text('email').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    usedAt: timestamptz('used_at'),
    // Wrong codes sent with a two-factor challenge; it stops working after a few
    // (docs/decisions/223).
    failedAttempts: integer('failed_attempts').notNull().default(0),
  },
  (table) => [
    uniqueIndex('account_tokens_token_hash_key').on(table.tokenHash),
    index('account_tokens_user_purpose_idx').on(table.userId, table.purpose),
    index('account_tokens_expires_at_idx').on(table.expiresAt),
    check(
      'account_tokens_purpose_check',
      sql`${table.purpose} in ('password_reset', 'email_verification', 'email_change', 'two_factor_challenge')`,
    ),
  ],
);

/**
 * The TOTP secret of a user's authenticator app, encrypted with AES-256-GCM (docs/decisions/221).
 * A row with `pendingUntil` set is an enrolment waiting for its first code; confirming it clears
 * `pendingUntil` and sets users.two_factor_enabled_at in the same transaction.
 */
export const totpCredentials = pgTable('totp_credentials', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  // version:iv:ciphertext:tag, base64url parts.
  secretCiphertext: text('secret_ciphertext').notNull(),
  createdAt: timestamptz('created_at').notNull().defaultNow(),
  pendingUntil: timestamptz('pending_until'),
  // The 30-second step of the last code accepted: no code of that step or before works again.
  lastUsedStep: bigint('last_used_step', { mode: 'number' }),
});

/** Single-use recovery codes, stored as HMAC-SHA-256 of the code (docs/decisions/222). */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    usedAt: timestamptz('used_at'),
  },
  (table) => [uniqueIndex('recovery_codes_user_code_key').on(table.userId, table.codeHash)],
);

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // SHA-256 (hex) of the current refresh token: the token itself is never stored.
    refreshTokenHash: text('refresh_token_hash').notNull(),
    // The hash the last rotation replaced; seeing it again means a stolen token was replayed.
    previousTokenHash: text('previous_token_hash'),
    userAgent: text('user_agent'),
    ip: inet('ip'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastUsedAt: timestamptz('last_used_at').notNull().defaultNow(),
    expiresAt: timestamptz('expires_at').notNull(),
    revokedAt: timestamptz('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (table) => [
    uniqueIndex('sessions_refresh_token_hash_key').on(table.refreshTokenHash),
    index('sessions_previous_token_hash_idx')
      .on(table.previousTokenHash)
      .where(sql`${table.previousTokenHash} is not null`),
    // A user's active sessions, newest activity first.
    index('sessions_user_active_idx')
      .on(table.userId, table.lastUsedAt)
      .where(sql`${table.revokedAt} is null`),
    // Recently revoked sessions, read by every instance to keep its revocation set complete.
    index('sessions_revoked_at_idx')
      .on(table.revokedAt)
      .where(sql`${table.revokedAt} is not null`),
  ],
);

/**
 * Revocations that must outlive their session rows. Deleting a user deletes their sessions (the
 * foreign key cascades), but an access token of one of those sessions stays valid until it
 * expires; every instance rebuilds its revocation set from `sessions` and this table, so a restart
 * keeps refusing such a token. Rows are purged once the access-token lifetime has passed.
 */
export const revokedSessions = pgTable(
  'revoked_sessions',
  {
    sessionId: uuid('session_id').primaryKey(),
    revokedAt: timestamptz('revoked_at').notNull(),
  },
  (table) => [index('revoked_sessions_revoked_at_idx').on(table.revokedAt)],
);

export const logs = pgTable(
  'logs',
  {
    id: bigint('id', { mode: 'bigint' }).primaryKey().generatedAlwaysAsIdentity(),
    ts: timestamptz('ts').notNull().defaultNow(),
    level: text('level').notNull(),
    event: text('event').notNull(),
    message: text('message').notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    sessionId: uuid('session_id'),
    requestId: text('request_id'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    // Keyset pagination reads (ts, id) newest first, optionally narrowed by user or event;
    // PostgreSQL scans these ascending indexes backwards for ORDER BY ts DESC, id DESC.
    index('logs_ts_id_idx').on(table.ts, table.id),
    index('logs_user_ts_id_idx').on(table.userId, table.ts, table.id),
    index('logs_event_ts_id_idx').on(table.event, table.ts, table.id),
  ],
);

export const schema = {
  users,
  signInThrottles,
  accountTokens,
  totpCredentials,
  recoveryCodes,
  sessions,
  revokedSessions,
  logs,
};

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type SessionRow = typeof sessions.$inferSelect;
export type AccountTokenRow = typeof accountTokens.$inferSelect;
export type TotpCredentialRow = typeof totpCredentials.$inferSelect;
export type LogRow = typeof logs.$inferSelect;
export type NewLogRow = typeof logs.$inferInsert;
