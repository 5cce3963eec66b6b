// Two-factor sign-in and email changes: the signed-in user's own settings, the code step of
// sign-in and the admin's reset. routes.ts takes these into the API's route table.
import { acceptedSchema } from './account-security.js';
import { signedInResponseSchema } from './auth.js';
import { idParamsSchema } from './common.js';
import { route } from './route-spec.js';
import {
  changeEmailRequestSchema,
  confirmEmailChangeRequestSchema,
  confirmTwoFactorEnrolmentRequestSchema,
  passwordAndCodeRequestSchema,
  recoveryCodesSchema,
  startTwoFactorEnrolmentRequestSchema,
  twoFactorEnrolmentSchema,
  twoFactorSignInRequestSchema,
  twoFactorStatusSchema,
} from './two-factor.js';

export const accountSecurityRoutes = {
  loginTwoFactor: route({
    method: 'post',
    path: '/auth/login/two-factor',
    summary:
      "Finish a sign-in with the login's challenge and a code from the app or a recovery code",
    tag: 'auth',
    access: 'public',
    body: twoFactorSignInRequestSchema,
    success: { status: 200, schema: signedInResponseSchema },
    // 400: wrong code, the challenge still works; 401: the challenge expired, was used or took
    // too many wrong codes, so sign in with the password again.
    errors: [401],
    usesRefreshCookie: true,
    deviceCookie: 'sets',
    rateLimits: ['twoFactorSignInPerIp'],
  }),
  getTwoFactor: route({
    method: 'get',
    path: '/account/two-factor',
    summary: 'Whether my sign-in asks for a code, and how many recovery codes I have left',
    tag: 'account',
    access: 'user',
    success: { status: 200, schema: twoFactorStatusSchema },
  }),
  startTwoFactorEnrolment: route({
    method: 'post',
    path: '/account/two-factor/enrolment',
    summary:
      'Start turning on two-factor sign-in (password required): a new secret and its QR code, waiting 10 minutes for a code',
    tag: 'account',
    access: 'user',
    body: startTwoFactorEnrolmentRequestSchema,
    success: { status: 200, schema: twoFactorEnrolmentSchema },
    // 409: two-factor sign-in is already on.
    errors: [409],
    rateLimits: ['twoFactorEnrolmentPerIp'],
  }),
  confirmTwoFactorEnrolment: route({
    method: 'post',
    path: '/account/two-factor/enrolment/confirm',
    summary:
      'Turn two-factor sign-in on with a code from the app; answers the recovery codes, shown only once',
    tag: 'account',
    access: 'user',
    body: confirmTwoFactorEnrolmentRequestSchema,
    success: { status: 200, schema: recoveryCodesSchema },
    // 409: no enrolment waiting (never started, or more than 10 minutes ago), or already on.
    errors: [409],
    rateLimits: ['twoFactorConfirmPerIp'],
  }),
  disableTwoFactor: route({
    method: 'post',
    path: '/account/two-factor/disable',
    summary: 'Turn two-factor sign-in off (password and a code or recovery code required)',
    tag: 'account',
    access: 'user',
    body: passwordAndCodeRequestSchema,
    success: { status: 204, schema: null },
    // 409: two-factor sign-in is not on.
    errors: [409],
    rateLimits: ['twoFactorDisablePerIp'],
  }),
  regenerateRecoveryCodes: route({
    method: 'post',
    path: '/account/two-factor/recovery-codes',
    summary:
      'A new set of recovery codes, shown only once; the old ones stop working (password and a code required)',
    tag: 'account',
    access: 'user',
    body: passwordAndCodeRequestSchema,
    success: { status: 200, schema: recoveryCodesSchema },
    // 409: two-factor sign-in is not on.
    errors: [409],
    rateLimits: ['recoveryCodesPerIp'],
  }),
  requestEmailChange: route({
    method: 'post',
    path: '/account/email',
    summary:
      'Change my email (password required): a link goes to the new address, a notice to the current one',
    tag: 'account',
    access: 'user',
    body: changeEmailRequestSchema,
    success: { status: 202, schema: acceptedSchema },
    // 409: another account has the new address.
    errors: [409],
    rateLimits: ['emailChangePerIp'],
  }),
  confirmEmailChange: route({
    method: 'post',
    path: '/account/email/confirm',
    summary:
      'Complete an email change with the token of the link mailed to the new address; it counts as confirmed',
    tag: 'account',
    access: 'public',
    body: confirmEmailChangeRequestSchema,
    success: { status: 204, schema: null },
    // 409: another account took the address since the link was mailed.
    errors: [409],
    rateLimits: ['emailChangeConfirmPerIp'],
  }),
  resetUserTwoFactor: route({
    method: 'delete',
    path: '/users/:id/two-factor',
    summary: "Turn off a user's two-factor sign-in (they lost their device); their sessions end",
    tag: 'users',
    access: 'admin',
    params: idParamsSchema,
    success: { status: 204, schema: null },
    // 409: the user has no two-factor sign-in.
    errors: [404, 409],
  }),
} as const;
