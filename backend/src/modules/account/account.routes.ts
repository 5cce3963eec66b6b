// HTTP side of account security: password reset and email verification.
import { PASSWORD_RESET_ACCEPTED, VERIFICATION_MAIL_ACCEPTED } from '@gv/contract';
import type { RouteHandlers } from '../../http/routing.js';
import type { EmailVerificationService } from './email-verification.service.js';
import type { PasswordResetService } from './password-reset.service.js';

export function accountRoutes(
  resets: PasswordResetService,
  verification: EmailVerificationService,
): Pick<
  RouteHandlers,
  'requestPasswordReset' | 'confirmPasswordReset' | 'verifyEmail' | 'resendVerification'
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
  };
}
