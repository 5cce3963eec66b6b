// Building blocks shared by every part of the contract.
import { z } from 'zod';

export const uuidSchema = z.uuid({ message: 'Must be a valid id' });

/** Emails are compared case-insensitively, so they are trimmed and lower-cased on the way in. */
export const emailSchema = z
  .string({ message: 'Email is required' })
  .trim()
  .toLowerCase()
  .max(254, 'Email must be at most 254 characters')
  // An empty field is missing, not malformed: say so, and skip the format check.
  .min(1, { message: 'Email is required', abort: true })
  .email('Enter a valid email address');

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Length rules only: the common-password check needs the server's list. */
export const passwordSchema = z
  .string({ message: 'Password is required' })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`)
  .meta({ format: 'password' });

export const nameSchema = z
  .string({ message: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters')
  .regex(/^[^\p{Cc}]*$/u, 'Name cannot contain control characters');

/** The longest ISO 8601 date-time accepted: nanosecond fractions and an offset. */
export const ISO_DATE_TIME_MAX_LENGTH = 35;

export const isoDateTime = z.iso.datetime({ offset: true }).max(ISO_DATE_TIME_MAX_LENGTH);

/**
 * Years PostgreSQL's timestamptz and a plain (not extended) ISO 8601 year share. JavaScript also
 * parses year 0 and "+010000", which PostgreSQL refuses to cast: those must be a 400, not a 500.
 */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

/** True when `value` is an instant whose UTC year is 0001–9999 (an offset can move the year). */
export function isStorableInstant(value: string): boolean {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** A date-time the client sends: a real calendar date whose instant PostgreSQL can store. */
export const instantSchema = isoDateTime
  .refine(isStorableInstant, 'Must be a date and time between years 0001 and 9999 (in UTC)')
  .meta({
    description:
      'ISO 8601 date and time with Z or an offset, e.g. 2026-01-31T09:30:00Z; ' +
      'years 0001 to 9999 in UTC',
  });

/** The largest value of a PostgreSQL bigint. */
export const BIGINT_MAX = 9_223_372_036_854_775_807n;

/** A positive PostgreSQL bigint written as decimal digits (no sign, no leading zero). */
export const bigintIdSchema = z
  .string()
  .max(19)
  .regex(/^[1-9]\d{0,18}$/, 'Must be a positive whole number')
  .refine((id) => /^\d+$/.test(id) && BigInt(id) <= BIGINT_MAX, 'Must be at most 2^63 - 1');

/** Free text the server writes (titles, details, messages); .spectral.yaml explains the lack of a pattern. */
const serverText = (maxLength: number) => z.string().max(maxLength);

/** The server shortens problem texts to these lengths, so the documented limits always hold. */
export const PROBLEM_DETAIL_MAX_LENGTH = 500;
export const FIELD_ERROR_MESSAGE_MAX_LENGTH = 300;
export const FIELD_ERROR_PATH_MAX_LENGTH = 200;
export const FIELD_ERRORS_MAX = 50;

/** RFC 9457 problem details, as every error response carries them. */
export const fieldErrorSchema = z.object({
  path: serverText(FIELD_ERROR_PATH_MAX_LENGTH).meta({
    description: 'Dotted path of the offending field, e.g. "email"',
  }),
  message: serverText(FIELD_ERROR_MESSAGE_MAX_LENGTH),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const problemSchema = z
  .object({
    type: z.string().max(200).meta({ format: 'uri' }),
    title: serverText(100),
    status: z.number().int().min(400).max(599),
    detail: serverText(PROBLEM_DETAIL_MAX_LENGTH).optional(),
    instance: z.string().max(2048).meta({ format: 'uri-reference' }).optional(),
    requestId: z
      .string()
      .max(128)
      .regex(/^[A-Za-z0-9._:-]+$/),
    errors: z.array(fieldErrorSchema).max(FIELD_ERRORS_MAX).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;

export const paginationSchema = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1),
  total: z.number().int().min(0),
  pages: z.number().int().min(0),
  hasNext: z.boolean(),
  hasPrev: z.boolean(),
});
export type Pagination = z.infer<typeof paginationSchema>;

/** User agents are stored cut to this length. */
export const USER_AGENT_MAX_LENGTH = 512;

/** An IPv4 or IPv6 address as PostgreSQL's inet type writes it. */
export const ipAddressSchema = z
  .string()
  .max(45)
  .regex(/^[0-9A-Fa-f:.]+$/);

export const idParamsSchema = z.object({ id: uuidSchema });
