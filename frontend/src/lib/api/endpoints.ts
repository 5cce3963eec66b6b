// The API's methods and paths, checked against the contract's route table by the compiler.
//
// Only types come from @gv/contract here: importing its `routes` value would pull every zod
// schema (and zod itself, ~25 KB gzip) into the first-load bundle. The mapped type below makes
// `tsc` fail when a path or method here drifts from the contract, and endpoints.test.ts compares
// the two tables at run time as well. Paths are filled by `fillPath` from `@gv/contract/paths`,
// an entry point that imports nothing, for the same reason.
import type { RouteName, routes } from '@gv/contract';
import type { z } from 'zod';

type Spec<N extends RouteName> = (typeof routes)[N];

export const endpoints: { [N in RouteName]: Pick<Spec<N>, 'method' | 'path'> } = {
  register: { method: 'post', path: '/auth/register' },
  login: { method: 'post', path: '/auth/login' },
  refresh: { method: 'post', path: '/auth/refresh' },
  logout: { method: 'post', path: '/auth/logout' },
  changePassword: { method: 'post', path: '/auth/password' },
  requestPasswordReset: { method: 'post', path: '/auth/password-reset/request' },
  confirmPasswordReset: { method: 'post', path: '/auth/password-reset/confirm' },
  verifyEmail: { method: 'post', path: '/auth/verify-email' },
  resendVerification: { method: 'post', path: '/auth/verify-email/resend' },
  loginTwoFactor: { method: 'post', path: '/auth/login/two-factor' },
  getTwoFactor: { method: 'get', path: '/account/two-factor' },
  startTwoFactorEnrolment: { method: 'post', path: '/account/two-factor/enrolment' },
  confirmTwoFactorEnrolment: { method: 'post', path: '/account/two-factor/enrolment/confirm' },
  disableTwoFactor: { method: 'post', path: '/account/two-factor/disable' },
  regenerateRecoveryCodes: { method: 'post', path: '/account/two-factor/recovery-codes' },
  requestEmailChange: { method: 'post', path: '/account/email' },
  confirmEmailChange: { method: 'post', path: '/account/email/confirm' },
  resetUserTwoFactor: { method: 'delete', path: '/users/:id/two-factor' },
  getMe: { method: 'get', path: '/users/me' },
  updateMe: { method: 'patch', path: '/users/me' },
  deleteMe: { method: 'delete', path: '/users/me' },
  listUsers: { method: 'get', path: '/users' },
  createUser: { method: 'post', path: '/users' },
  exportUsers: { method: 'get', path: '/users/export' },
  getUser: { method: 'get', path: '/users/:id' },
  updateUser: { method: 'patch', path: '/users/:id' },
  deleteUser: { method: 'delete', path: '/users/:id' },
  unlockUser: { method: 'post', path: '/users/:id/unlock' },
  listUserSessions: { method: 'get', path: '/users/:id/sessions' },
  revokeUserSessions: { method: 'delete', path: '/users/:id/sessions' },
  listMySessions: { method: 'get', path: '/sessions' },
  revokeMySession: { method: 'delete', path: '/sessions/:id' },
  revokeMyOtherSessions: { method: 'delete', path: '/sessions' },
  listLogs: { method: 'get', path: '/logs' },
  exportLogs: { method: 'get', path: '/logs/export' },
  listMyLogs: { method: 'get', path: '/logs/mine' },
  adminStats: { method: 'get', path: '/admin/stats' },
  getFaults: { method: 'get', path: '/admin/faults' },
  setFaults: { method: 'put', path: '/admin/faults' },
  adminAlerts: { method: 'get', path: '/admin/alerts' },
  health: { method: 'get', path: '/health' },
  liveness: { method: 'get', path: '/health/live' },
  readiness: { method: 'get', path: '/health/ready' },
};

type SchemaOf<N extends RouteName, K extends string> =
  Spec<N> extends Record<K, infer S extends z.ZodType> ? S : never;

/** What a successful call returns (`void` for 204 routes). */
export type ResponseOf<N extends RouteName> = Spec<N>['success']['schema'] extends infer S extends
  z.ZodType
  ? z.output<S>
  : void;

/** The request pieces a route takes, required exactly when the contract declares them. */
export type RequestOf<N extends RouteName> = {
  signal?: AbortSignal;
  /** Error statuses whose body is still a normal answer (e.g. 503 from the health summary). */
  acceptStatuses?: readonly number[];
} & ([SchemaOf<N, 'params'>] extends [never]
  ? unknown
  : { params: z.input<SchemaOf<N, 'params'>> }) &
  ([SchemaOf<N, 'query'>] extends [never]
    ? unknown
    : { query: Partial<z.input<SchemaOf<N, 'query'>>> }) &
  ([SchemaOf<N, 'body'>] extends [never] ? unknown : { body: z.input<SchemaOf<N, 'body'>> });
