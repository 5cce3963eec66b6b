import { z } from 'zod';
import { emailSchema, isoDateTime, nameSchema, paginationSchema } from './common.js';

export const ROLES = ['user', 'admin'] as const;
export const USER_STATUSES = ['active', 'disabled'] as const;
export const roleSchema = z.enum(ROLES);
export const userStatusSchema = z.enum(USER_STATUSES);
export type Role = z.infer<typeof roleSchema>;
export type UserStatus = z.infer<typeof userStatusSchema>;

export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.email().max(254),
    name: z
      .string()
      .max(100)
      .regex(/^[^\p{Cc}]*$/u),
    role: roleSchema,
    status: userStatusSchema,
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    lastLoginAt: isoDateTime.nullable(),
    emailVerified: z.boolean().meta({
      description:
        'Whether the owner followed the verification link mailed to this address; only verified accounts can become admins',
    }),
    twoFactorEnabled: z.boolean().meta({
      description: 'Whether sign-in asks for a code from an authenticator app after the password',
    }),
    twoFactorRequired: z.boolean().optional().meta({
      description:
        'Own profile only (GET /api/users/me): true for an admin while REQUIRE_ADMIN_2FA is on, who must turn two-factor sign-in on before admin routes answer',
    }),
    lockedUntil: isoDateTime.nullable().optional().meta({
      description:
        'Admin views only: while sign-in for this email is paused after repeated failures, when the pause ends; null when it is not paused',
    }),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const updateMeRequestSchema = z.object({ name: nameSchema }).strict();
export type UpdateMeRequest = z.infer<typeof updateMeRequestSchema>;

export const deleteMeRequestSchema = z
  .object({
    password: z
      .string({ message: 'Password is required' })
      .min(1)
      .max(1024)
      .meta({ format: 'password' }),
  })
  .strict();
export type DeleteMeRequest = z.infer<typeof deleteMeRequestSchema>;

export const USERS_MAX_PAGE_SIZE = 100;

/** How the users list can be ordered: a column, with a leading `-` for descending. */
export const USER_SORTS = [
  'name',
  '-name',
  'email',
  '-email',
  'createdAt',
  '-createdAt',
  'lastLoginAt',
  '-lastLoginAt',
] as const;
export const userSortSchema = z.enum(USER_SORTS, {
  message: `Sort by one of ${USER_SORTS.join(', ')}`,
});
export type UserSort = z.infer<typeof userSortSchema>;

/** What both the list and the CSV export filter and order by. */
const userFilterShape = {
  q: z
    .string()
    .trim()
    .max(254)
    .regex(/^[^\p{Cc}]*$/u, 'Search text cannot contain control characters')
    .optional(),
  role: roleSchema.optional(),
  status: userStatusSchema.optional(),
  sort: userSortSchema.default('-createdAt').meta({
    description:
      'Column to sort by, - for descending; ties go by id, and users who never signed in come last',
  }),
};

export const listUsersQuerySchema = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    limit: z.coerce.number().int().min(1).max(USERS_MAX_PAGE_SIZE).default(20),
    ...userFilterShape,
  })
  .strict();
export type ListUsersQuery = z.infer<typeof listUsersQuerySchema>;

/**
 * An export holds at most this many rows; a longer result is cut, and the response says so in
 * its CSV_TRUNCATED_HEADER.
 */
export const CSV_EXPORT_MAX_ROWS = 10_000;
export const CSV_TRUNCATED_HEADER = 'X-Export-Truncated';

/** The body of a CSV export: a header row, then one row per record, every cell quoted. */
export const csvSchema = z.string().meta({
  description: `RFC 4180 CSV with a header row; cells starting with = + - @, tab or CR get a leading ' so spreadsheets read them as text. At most ${CSV_EXPORT_MAX_ROWS} rows; ${CSV_TRUNCATED_HEADER}: true when more matched.`,
});

export const exportUsersQuerySchema = z.object(userFilterShape).strict();
export type ExportUsersQuery = z.infer<typeof exportUsersQuerySchema>;

export const userListSchema = z
  .object({ data: z.array(userSchema).max(USERS_MAX_PAGE_SIZE), pagination: paginationSchema })
  .meta({ id: 'UserList' });
export type UserList = z.infer<typeof userListSchema>;

export const adminUpdateUserRequestSchema = z
  .object({
    name: nameSchema.optional(),
    role: roleSchema.optional(),
    status: userStatusSchema.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'Change at least one of name, role or status',
  });
export type AdminUpdateUserRequest = z.infer<typeof adminUpdateUserRequestSchema>;

/** An admin adds an account; the server chooses its first password. */
export const createUserRequestSchema = z
  .object({
    email: emailSchema,
    name: nameSchema,
    role: roleSchema.default('user'),
  })
  .strict();
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const createdUserSchema = z
  .object({
    user: userSchema,
    password: z
      .string()
      .min(20)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/)
      .meta({
        format: 'password',
        description:
          'The first password, generated by the server and shown only in this response; pass it on to the user, who should change it when they first sign in',
      }),
  })
  .meta({ id: 'CreatedUser' });
export type CreatedUser = z.infer<typeof createdUserSchema>;
