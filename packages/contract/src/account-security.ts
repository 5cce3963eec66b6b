// Account security: password reset by mail, email verification and email changes.
import { z } from 'zod';
import { emailSchema, passwordSchema } from './common.js';

/** A token from a mailed link: 256 random bits, base64url (43 characters). */
/** The token of a link the product mailed (password reset, confirmations). */
export const mailedTokenSchema = z
  .string({ message: 'The link has no token; open the link from the mail again' })
  .min(1, 'The link has no token; open the link from the mail again')
  .max(200, 'This link is not valid')
  .regex(/^[\w-]+$/, 'This link is not valid');

export const passwordResetRequestSchema = z.object({ email: emailSchema }).strict();
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

export const passwordResetConfirmSchema = z
  .object({ token: mailedTokenSchema, password: passwordSchema })
  .strict();
export type PasswordResetConfirm = z.infer<typeof passwordResetConfirmSchema>;

export const verifyEmailRequestSchema = z.object({ token: mailedTokenSchema }).strict();
export type VerifyEmailRequest = z.infer<typeof verifyEmailRequestSchema>;

/**
 * The answer to a request whose outcome must not be told (does an account have this email?):
 * the same for every email (docs/decisions/201).
 */
export const acceptedSchema = z.object({ message: z.string().max(300) }).meta({ id: 'Accepted' });
export type Accepted = z.infer<typeof acceptedSchema>;

export const PASSWORD_RESET_ACCEPTED: Accepted = {
  message:
    'If an account uses this email, a link to choose a new password is on its way. It works for 30 minutes.',
};

/** How long a password-reset link works. */
export const PASSWORD_RESET_VALID_MINUTES = 30;

/** How long an email-verification link works. */
export const EMAIL_VERIFICATION_VALID_HOURS = 24;

export const VERIFICATION_MAIL_ACCEPTED: Accepted = {
  message: 'A new confirmation link is on its way to your email address. It works for 24 hours.',
};

export const EMAIL_CHANGE_ACCEPTED: Accepted = {
  message:
    'A link to confirm the new address is on its way to it. It works for 24 hours; until then your email stays as it is.',
};
