// HTTP side of account security: password reset (and, later, email verification).
import { PASSWORD_RESET_ACCEPTED } from '@gv/contract';
import type { RouteHandlers } from '../../http/routing.js';
import type { PasswordResetService } from './password-reset.service.js';

export function accountRoutes(
  resets: PasswordResetService,
): Pick<RouteHandlers, 'requestPasswordReset' | 'confirmPasswordReset'> {
  return {
    requestPasswordReset: ({ body }) => {
      resets.request(body.email);
      return Promise.resolve(PASSWORD_RESET_ACCEPTED);
    },
    confirmPasswordReset: async ({ body }) => {
      await resets.confirm(body);
    },
  };
}
