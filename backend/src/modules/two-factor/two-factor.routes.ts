// HTTP side of two-factor sign-in and email changes. The routes answer 404 until their services
// are in place.
import { NotFound } from '../../domain/errors.js';
import type { RouteHandlers } from '../../http/routing.js';

type TwoFactorRouteName =
  | 'loginTwoFactor'
  | 'getTwoFactor'
  | 'startTwoFactorEnrolment'
  | 'confirmTwoFactorEnrolment'
  | 'disableTwoFactor'
  | 'regenerateRecoveryCodes'
  | 'requestEmailChange'
  | 'confirmEmailChange'
  | 'resetUserTwoFactor';

const notYet = () => Promise.reject(new NotFound('This is not available yet.'));

export function twoFactorRoutes(): Pick<RouteHandlers, TwoFactorRouteName> {
  return {
    loginTwoFactor: notYet,
    getTwoFactor: notYet,
    startTwoFactorEnrolment: notYet,
    confirmTwoFactorEnrolment: notYet,
    disableTwoFactor: notYet,
    regenerateRecoveryCodes: notYet,
    requestEmailChange: notYet,
    confirmEmailChange: notYet,
    resetUserTwoFactor: notYet,
  };
}
