// HTTP side of account security: password reset, email verification and email changes.
import { PASSWORD_RESET_ACCEPTED, VERIFICATION_MAIL_ACCEPTED } from '@gv/contract';
import type { RouteHandlers } from '../../http/routing.js';
import type { EmailChangeService } from './email-change.service.js';
import type { EmailVerificationService } from './email-verification.service.js';
import type { PasswordResetService } from './password-reset.service.js';

export function accountRoutes(
  resets: PasswordResetService,
  verification: EmailVerificationService,
  emailChanges: EmailChangeService,
): Pick<
  RouteHandlers,
  | 'requestPasswordReset'
  | 'confirmPasswordReset'
  | 'verifyEmail'
  | 'resendVerification'
  | 'requestEmailChange'
  | 'confirmEmailChange'
> {
  return {
    requestPasswordReset: ({ body }) => {
      resets.request(body.email);
      return Promise.resolve(PASSWORD_RESET_ACCEPTED);
    },
    confirmPasswordReset: async ({ body }) => {
      await resets.confirm(body);
    },
    verifyEmail: async ({ body }) => {
      await verification.verify(body.token);
    },
    resendVerification: async ({ auth }) => {
      await verification.resend(auth.userId);
      return VERIFICATION_MAIL_ACCEPTED;
    },
    requestEmailChange: ({ auth, body }) => emailChanges.request(auth.userId, body),
    confirmEmailChange: async ({ body }) => {
      await emailChanges.confirm(body.token);
    },
  };
}
