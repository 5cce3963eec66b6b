// Two-factor sign-in with an authenticator app (TOTP, RFC 6238), its recovery codes, and changing
// the account's email address. The parameters are explained in docs/decisions/220 to 223.
import { z } from 'zod';
import { mailedTokenSchema } from './account-security.js';
import { emailSchema, isoDateTime } from './common.js';

/** Codes are 6 digits for a 30-second step (SHA-1), what every authenticator app shows. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;

/** How many recovery codes a set holds; each works once. */
export const RECOVERY_CODE_COUNT = 10;

/** How long a secret shown for enrolment waits for its first code. */
export const TWO_FACTOR_ENROLMENT_VALID_MINUTES = 10;

/** How long the challenge a password sign-in answers with waits for the code. */
export const TWO_FACTOR_CHALLENGE_VALID_MINUTES = 5;

/** Wrong codes a challenge takes before it stops working and sign-in starts again. */
export const TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS = 5;

/** How long the link mailed to a new address for an email change works. */
export const EMAIL_CHANGE_VALID_HOURS = 24;

/**
 * The console page the email-change link opens: `<PUBLIC_URL>/confirm-email-change?token=...`.
 * The page sends the token to POST /api/account/email/confirm.
 */
export const EMAIL_CHANGE_CONFIRM_PAGE = '/confirm-email-change';

/**
 * The problem `type` of the 403 an admin route answers an admin without two-factor sign-in while
 * REQUIRE_ADMIN_2FA is on: the console sends them to turn it on.
 */
export const TWO_FACTOR_REQUIRED_PROBLEM_TYPE =
  'https://gv-playground.dev/problems/two-factor-required';

/** Only presence is checked: the password is compared with the account's. */
const currentPasswordSchema = z
  .string({ message: 'Password is required' })
  .min(1, 'Password is required')
  .max(1024)
  .meta({ format: 'password' });

/** A code from the authenticator app. */
export const totpCodeSchema = z
  .string({ message: 'Enter the 6-digit code from your authenticator app' })
  .trim()
  .max(TOTP_DIGITS, 'Enter the 6-digit code from your authenticator app')
  .regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app')
  .meta({ description: 'The 6-digit code the authenticator app shows now' });

/** Letters and digits nobody mixes up: no 0/o, 1/i/l (docs/decisions/222). */
export const RECOVERY_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';

/** A recovery code as shown: two groups of five, e.g. `7kq2m-xh4pz`. */
export const recoveryCodeSchema = z
  .string()
  .length(11)
  .regex(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/)
  .meta({ description: 'A single-use recovery code: two groups of five letters and digits' });

/**
 * A code from the app or one of the recovery codes. Recovery codes are accepted in any case and
 * with or without the dash.
 */
export const twoFactorCodeSchema = z
  .string({ message: 'Enter the code from your authenticator app or a recovery code' })
  .trim()
  .max(11, 'Enter the code from your authenticator app or a recovery code')
  .regex(
    /^(\d{6}|[A-Za-z0-9]{5}-?[A-Za-z0-9]{5})$/,
    'Enter the 6-digit code from your authenticator app or a recovery code (xxxxx-xxxxx)',
  )
  .meta({
    description:
      'The 6-digit code the authenticator app shows now, or an unused recovery code (xxxxx-xxxxx)',
  });

/** The challenge a password sign-in answered with: 256 random bits, base64url. */
const challengeTokenSchema = z
  .string({ message: 'The sign-in has no challenge; sign in with your password again' })
  .min(1, 'The sign-in has no challenge; sign in with your password again')
  .max(200, 'This sign-in has expired; sign in with your password again')
  .regex(/^[\w-]+$/, 'This sign-in has expired; sign in with your password again');

export const twoFactorStatusSchema = z
  .object({
    enabled: z.boolean(),
    enabledAt: isoDateTime.nullable(),
    recoveryCodesLeft: z.number().int().min(0).max(RECOVERY_CODE_COUNT),
    requiredForMe: z.boolean().meta({
      description:
        'True for an admin while REQUIRE_ADMIN_2FA is on: admin routes answer 403 (two-factor-required) until two-factor sign-in is on',
    }),
  })
  .meta({ id: 'TwoFactorStatus' });
export type TwoFactorStatus = z.infer<typeof twoFactorStatusSchema>;

export const startTwoFactorEnrolmentRequestSchema = z
  .object({ password: currentPasswordSchema })
  .strict();
export type StartTwoFactorEnrolmentRequest = z.infer<typeof startTwoFactorEnrolmentRequestSchema>;

export const twoFactorEnrolmentSchema = z
  .object({
    secret: z
      .string()
      .max(64)
      .regex(/^[A-Z2-7]+$/)
      .meta({ description: 'The secret in base32, for typing into an app that cannot scan' }),
    otpauthUri: z
      .string()
      .max(1024)
      .regex(/^otpauth:\/\/totp\/[^\s]+$/)
      .meta({ description: 'The otpauth:// URI the QR code holds' }),
    qrCodeSvg: z
      .string()
      .max(200_000)
      .regex(/^<svg[\s>]/)
      .meta({
        description: 'The QR code of otpauthUri as an SVG document, rendered by the server',
      }),
    expiresAt: isoDateTime.meta({
      description: 'Confirm with a code before then, or start again',
    }),
  })
  .meta({ id: 'TwoFactorEnrolment' });
export type TwoFactorEnrolment = z.infer<typeof twoFactorEnrolmentSchema>;

export const confirmTwoFactorEnrolmentRequestSchema = z.object({ code: totpCodeSchema }).strict();
export type ConfirmTwoFactorEnrolmentRequest = z.infer<
  typeof confirmTwoFactorEnrolmentRequestSchema
>;

export const recoveryCodesSchema = z
  .object({
    recoveryCodes: z.array(recoveryCodeSchema).length(RECOVERY_CODE_COUNT).meta({
      description:
        'Shown only in this answer: each signs in once in place of a code; any earlier set no longer works',
    }),
  })
  .meta({ id: 'RecoveryCodes' });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** Turning two-factor off or making new recovery codes: the password and a code. */
export const passwordAndCodeRequestSchema = z
  .object({ password: currentPasswordSchema, code: twoFactorCodeSchema })
  .strict();
export type PasswordAndCodeRequest = z.infer<typeof passwordAndCodeRequestSchema>;

/** What a correct password answers when the account has two-factor sign-in on. */
export const twoFactorChallengeSchema = z
  .object({
    twoFactorRequired: z.literal(true),
    challenge: challengeTokenSchema.meta({
      description: 'Send it back with the code to POST /api/auth/login/two-factor; single use',
    }),
    expiresAt: isoDateTime,
  })
  .meta({ id: 'TwoFactorChallenge' });
export type TwoFactorChallenge = z.infer<typeof twoFactorChallengeSchema>;

export const twoFactorSignInRequestSchema = z
  .object({ challenge: challengeTokenSchema, code: twoFactorCodeSchema })
  .strict();
export type TwoFactorSignInRequest = z.infer<typeof twoFactorSignInRequestSchema>;

export const changeEmailRequestSchema = z
  .object({ password: currentPasswordSchema, newEmail: emailSchema })
  .strict();
export type ChangeEmailRequest = z.infer<typeof changeEmailRequestSchema>;

export const confirmEmailChangeRequestSchema = z.object({ token: mailedTokenSchema }).strict();
export type ConfirmEmailChangeRequest = z.infer<typeof confirmEmailChangeRequestSchema>;
