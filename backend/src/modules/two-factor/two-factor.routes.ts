// HTTP side of two-factor settings: the signed-in user's own, and an admin's reset of a user's.
// The code step of sign-in is in modules/auth/auth.routes.ts, with the other sign-in answers.
import type { RouteHandlers } from '../../http/routing.js';
import type { TwoFactorService } from './two-factor.service.js';

export function twoFactorRoutes(
  twoFactor: TwoFactorService,
): Pick<
  RouteHandlers,
  | 'getTwoFactor'
  | 'startTwoFactorEnrolment'
  | 'confirmTwoFactorEnrolment'
  | 'disableTwoFactor'
  | 'regenerateRecoveryCodes'
  | 'resetUserTwoFactor'
> {
  return {
    getTwoFactor: ({ auth }) => twoFactor.status(auth.userId),
    startTwoFactorEnrolment: ({ auth, body }) =>
      twoFactor.startEnrolment(auth.userId, body.password),
    confirmTwoFactorEnrolment: ({ auth, body }) =>
      twoFactor.confirmEnrolment(auth.userId, body.code),
    disableTwoFactor: async ({ auth, body }) => {
      await twoFactor.disable(auth.userId, body);
    },
    regenerateRecoveryCodes: ({ auth, body }) =>
      twoFactor.regenerateRecoveryCodes(auth.userId, body),
    resetUserTwoFactor: async ({ auth, params }) => {
      await twoFactor.adminReset(auth.userId, params.id);
    },
  };
}
