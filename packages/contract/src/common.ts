// Building blocks shared by every part of the contract.
import { z } from 'zod';

export const uuidSchema = z.uuid({ message: 'Must be a valid id' });

/** Emails are compared case-insensitively, so they are trimmed and lower-cased on the way in. */
export const emailSchema = z
  .string({ message: 'Email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  .email('Enter a valid email address');

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Length rules only: the common-password check needs the server's list. */
export const passwordSchema = z
  .string({ message: 'Password is required' })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`);

export const nameSchema = z
  .string({ message: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters')
  .regex(/^[^\p{Cc}]*$/u, 'Name cannot contain control characters');

export const isoDateTime = z.iso.datetime({ offset: true });

/** RFC 9457 problem details, as every error response carries them. */
export const fieldErrorSchema = z.object({
  path: z.string().meta({ description: 'Dotted path of the offending field, e.g. "email"' }),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const paginationSchema = z.object({
  page: z.number().int(),
  limit: z.number().int(),
  total: z.number().int(),
  pages: z.number().int(),
  hasNext: z.boolean(),
  hasPrev: z.boolean(),
});
export type Pagination = z.infer<typeof paginationSchema>;

export const idParamsSchema = z.object({ id: uuidSchema });
