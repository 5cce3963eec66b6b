import { z } from 'zod';
import { emailSchema, isoDateTime, nameSchema, passwordSchema } from './common.js';
import { twoFactorChallengeSchema } from './two-factor.js';
import { userSchema } from './users.js';

export const registerRequestSchema = z
  .object({
    email: emailSchema,
    password: passwordSchema,
    name: nameSchema,
  })
  .strict();
export type RegisterRequest = z.infer<typeof registerRequestSchema>;

export const loginRequestSchema = z
  .object({
    email: emailSchema,
    // Only presence is checked at login: length rules may have changed since the password was set.
    password: z
      .string({ message: 'Password is required' })
      .min(1, 'Password is required')
      .max(1024)
      .meta({ format: 'password' }),
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const changePasswordRequestSchema = z
  .object({
    currentPassword: z
      .string({ message: 'Current password is required' })
      .min(1)
      .max(1024)
      .meta({ format: 'password' }),
    newPassword: passwordSchema,
  })
  .strict();
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;

/** Returned by register, login and refresh. The refresh token travels only in an HttpOnly cookie. */
export const authResponseSchema = z
  .object({
    accessToken: z
      .string()
      .max(2048)
      .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/)
      .meta({ description: 'A JWS in compact form (header.payload.signature)' }),
    tokenType: z.literal('Bearer'),
    expiresAt: isoDateTime,
    sessionId: z.uuid(),
    user: userSchema,
  })
  .meta({ id: 'AuthResponse' });
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** A completed sign-in: what login answers without two-factor, and the two-factor step answers. */
export const signedInResponseSchema = authResponseSchema
  .extend({ twoFactorRequired: z.literal(false) })
  .meta({ id: 'SignedIn' });
export type SignedInResponse = z.infer<typeof signedInResponseSchema>;

/**
 * Login answers either a completed sign-in or, for an account with two-factor sign-in on, a
 * challenge to answer with a code (no session, no cookie yet): `twoFactorRequired` tells which.
 */
export const loginResponseSchema = z
  .discriminatedUnion('twoFactorRequired', [signedInResponseSchema, twoFactorChallengeSchema])
  .meta({ id: 'LoginResponse' });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** The cookie that carries the refresh token; scoped to the auth routes only. */
export const REFRESH_COOKIE_NAME = 'gv_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/**
 * The cookie that marks a browser as one that signed in to an email before, so someone else's
 * failures for that email do not hold it back (docs/decisions/120). Scoped like the refresh cookie.
 */
export const DEVICE_COOKIE_NAME = 'gv_device';
