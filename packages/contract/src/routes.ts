// The API's route table: one entry per endpoint. The backend mounts its handlers against these
// entries (so validation always follows the contract), the OpenAPI document is generated from
// them, and the frontend takes its paths and types from them.
import type { z } from 'zod';
import {
  acceptedSchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  verifyEmailRequestSchema,
} from './account-security.js';
import {
  authResponseSchema,
  changePasswordRequestSchema,
  loginRequestSchema,
  registerRequestSchema,
} from './auth.js';
import { idParamsSchema } from './common.js';
import { alertStatusSchema, faultsSchema, setFaultsRequestSchema } from './faults.js';
import { healthSummarySchema, livenessSchema, readinessSchema } from './health.js';
import {
  exportLogsQuerySchema,
  logPageSchema,
  logsQuerySchema,
  myLogsQuerySchema,
} from './logs.js';
import { revokeSessionsQuerySchema, sessionListSchema } from './sessions.js';
import { adminStatsQuerySchema, adminStatsSchema } from './stats.js';
import {
  adminUpdateUserRequestSchema,
  createdUserSchema,
  createUserRequestSchema,
  csvSchema,
  deleteMeRequestSchema,
  exportUsersQuerySchema,
  listUsersQuerySchema,
  updateMeRequestSchema,
  userListSchema,
  userSchema,
} from './users.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: anyone, any signed-in user, or admins only. */
export type Access = 'public' | 'user' | 'admin';

/**
 * Limits per client address that a route adds to the API-wide one. The backend defines each
 * (window, count, which answers count) and applies them to exactly the routes that name them, so
 * a renamed or moved route keeps its limits.
 */
export type RateLimitName =
  | 'loginPerIp'
  | 'registerPerIp'
  | 'registerEmailTakenPerIp'
  | 'passwordResetPerIp'
  | 'passwordResetPerEmail'
  | 'passwordResetConfirmPerIp'
  | 'verifyEmailPerIp'
  | 'verificationResendPerIp';

export interface RouteSpec {
  method: HttpMethod;
  /** Express-style path below /api, e.g. `/users/:id`. */
  path: string;
  summary: string;
  tag: 'auth' | 'users' | 'sessions' | 'logs' | 'admin' | 'health';
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /**
   * The success status and its body schema (`null` for an empty body). Bodies are JSON unless
   * `contentType` names another type, whose body is then the handler's string as it is.
   */
  success: { status: 200 | 201 | 202 | 204; schema: z.ZodType | null; contentType?: 'text/csv' };
  /**
   * Error statuses this route can answer besides those every route can (400, 413, 415, 500, 503;
   * 429 when throttled) and those its access implies (401 for signed-in routes, 403 for admin).
   */
  errors?: readonly number[];
  /** True when the route reads or sets the refresh-token cookie. */
  usesRefreshCookie?: boolean;
  /** The refresh cookie as this route's credential: refresh needs it, logout takes it if sent. */
  refreshCookie?: 'required' | 'optional';
  /**
   * The device cookie: register sets it, login also reads it. A valid one for the email being
   * tried exempts the attempt from that email's sign-in throttle (docs/decisions/120).
   */
  deviceCookie?: 'sets' | 'reads and sets';
  /** The route's own rate limits, applied before its handler runs (after the API-wide one). */
  rateLimits?: readonly RateLimitName[];
  /** False for the health probes, which the API-wide rate limit skips. */
  throttled?: false;
  /** False for a route that never touches the database or Redis, so never answers 503. */
  usesDependencies?: false;
}

const route = <const T extends RouteSpec>(spec: T): T => spec;

export const routes = {
  register: route({
    method: 'post',
    path: '/auth/register',
    summary: 'Create an account and sign in',
    tag: 'auth',
    access: 'public',
    body: registerRequestSchema,
    success: { status: 201, schema: authResponseSchema },
    errors: [409],
    usesRefreshCookie: true,
    deviceCookie: 'sets',
    rateLimits: ['registerPerIp', 'registerEmailTakenPerIp'],
  }),
  login: route({
    method: 'post',
    path: '/auth/login',
    summary: 'Sign in with email and password',
    tag: 'auth',
    access: 'public',
    body: loginRequestSchema,
    success: { status: 200, schema: authResponseSchema },
    errors: [401],
    usesRefreshCookie: true,
    deviceCookie: 'reads and sets',
    rateLimits: ['loginPerIp'],
  }),
  refresh: route({
    method: 'post',
    path: '/auth/refresh',
    summary: 'Exchange the refresh cookie for a new access token (the cookie is rotated)',
    tag: 'auth',
    access: 'public',
    success: { status: 200, schema: authResponseSchema },
    // 403: the Origin header is missing or names another site.
    errors: [401, 403],
    usesRefreshCookie: true,
    refreshCookie: 'required',
  }),
  logout: route({
    method: 'post',
    path: '/auth/logout',
    summary: 'End the current session',
    tag: 'auth',
    access: 'public',
    success: { status: 204, schema: null },
    usesRefreshCookie: true,
    refreshCookie: 'optional',
  }),
  changePassword: route({
    method: 'post',
    path: '/auth/password',
    summary: 'Change my password; every other session ends',
    tag: 'auth',
    access: 'user',
    body: changePasswordRequestSchema,
    success: { status: 204, schema: null },
  }),
  requestPasswordReset: route({
    method: 'post',
    path: '/auth/password-reset/request',
    summary:
      'Mail a link to choose a new password; the same answer whether or not the email has an account',
    tag: 'auth',
    access: 'public',
    body: passwordResetRequestSchema,
    success: { status: 202, schema: acceptedSchema },
    rateLimits: ['passwordResetPerIp', 'passwordResetPerEmail'],
  }),
  confirmPasswordReset: route({
    method: 'post',
    path: '/auth/password-reset/confirm',
    summary: "Set a new password with a mailed link's token; every session of the account ends",
    tag: 'auth',
    access: 'public',
    body: passwordResetConfirmSchema,
    success: { status: 204, schema: null },
    rateLimits: ['passwordResetConfirmPerIp'],
  }),
  verifyEmail: route({
    method: 'post',
    path: '/auth/verify-email',
    summary: "Confirm an email address with a mailed link's token",
    tag: 'auth',
    access: 'public',
    body: verifyEmailRequestSchema,
    success: { status: 204, schema: null },
    rateLimits: ['verifyEmailPerIp'],
  }),
  resendVerification: route({
    method: 'post',
    path: '/auth/verify-email/resend',
    summary: 'Mail me a new link to confirm my email address',
    tag: 'auth',
    access: 'user',
    success: { status: 202, schema: acceptedSchema },
    // 409: the address is already verified.
    errors: [409],
    rateLimits: ['verificationResendPerIp'],
  }),

  getMe: route({
    method: 'get',
    path: '/users/me',
    summary: 'My profile',
    tag: 'users',
    access: 'user',
    success: { status: 200, schema: userSchema },
  }),
  updateMe: route({
    method: 'patch',
    path: '/users/me',
    summary: 'Update my profile',
    tag: 'users',
    access: 'user',
    body: updateMeRequestSchema,
    success: { status: 200, schema: userSchema },
  }),
  deleteMe: route({
    method: 'delete',
    path: '/users/me',
    summary: 'Delete my account (password required)',
    tag: 'users',
    access: 'user',
    body: deleteMeRequestSchema,
    success: { status: 204, schema: null },
    errors: [409],
  }),
  listUsers: route({
    method: 'get',
    path: '/users',
    summary: 'Search, filter and page through users',
    tag: 'users',
    access: 'admin',
    query: listUsersQuerySchema,
    success: { status: 200, schema: userListSchema },
  }),
  createUser: route({
    method: 'post',
    path: '/users',
    summary: 'Add an account; its first password is generated and returned once',
    tag: 'users',
    access: 'admin',
    body: createUserRequestSchema,
    success: { status: 201, schema: createdUserSchema },
    errors: [409],
  }),
  // Before /users/:id, which would otherwise take "export" for an id.
  exportUsers: route({
    method: 'get',
    path: '/users/export',
    summary: 'The users the filter matches, in the chosen order, as a CSV download',
    tag: 'users',
    access: 'admin',
    query: exportUsersQuerySchema,
    success: { status: 200, schema: csvSchema, contentType: 'text/csv' },
  }),
  getUser: route({
    method: 'get',
    path: '/users/:id',
    summary: 'One user',
    tag: 'users',
    access: 'admin',
    params: idParamsSchema,
    success: { status: 200, schema: userSchema },
    errors: [404],
  }),
  updateUser: route({
    method: 'patch',
    path: '/users/:id',
    summary: "Change a user's name, role or status",
    tag: 'users',
    access: 'admin',
    params: idParamsSchema,
    body: adminUpdateUserRequestSchema,
    success: { status: 200, schema: userSchema },
    errors: [404, 409],
  }),
  deleteUser: route({
    method: 'delete',
    path: '/users/:id',
    summary: 'Delete a user',
    tag: 'users',
    access: 'admin',
    params: idParamsSchema,
    success: { status: 204, schema: null },
    errors: [404, 409],
  }),
  unlockUser: route({
    method: 'post',
    path: '/users/:id/unlock',
    summary: "End the pause on a user's sign-in after repeated failures",
    tag: 'users',
    access: 'admin',
    params: idParamsSchema,
    success: { status: 200, schema: userSchema },
    errors: [404],
  }),
  listUserSessions: route({
    method: 'get',
    path: '/users/:id/sessions',
    summary: "A user's active sessions",
    tag: 'sessions',
    access: 'admin',
    params: idParamsSchema,
    success: { status: 200, schema: sessionListSchema },
    errors: [404],
  }),
  revokeUserSessions: route({
    method: 'delete',
    path: '/users/:id/sessions',
    summary: "End all of a user's sessions",
    tag: 'sessions',
    access: 'admin',
    params: idParamsSchema,
    success: { status: 204, schema: null },
    errors: [404],
  }),

  listMySessions: route({
    method: 'get',
    path: '/sessions',
    summary: 'My active sessions, the current one flagged',
    tag: 'sessions',
    access: 'user',
    success: { status: 200, schema: sessionListSchema },
  }),
  revokeMySession: route({
    method: 'delete',
    path: '/sessions/:id',
    summary: 'End one of my sessions',
    tag: 'sessions',
    access: 'user',
    params: idParamsSchema,
    success: { status: 204, schema: null },
    errors: [404],
  }),
  revokeMyOtherSessions: route({
    method: 'delete',
    path: '/sessions',
    summary: 'End all my sessions except this one (scope=others)',
    tag: 'sessions',
    access: 'user',
    query: revokeSessionsQuerySchema,
    success: { status: 204, schema: null },
  }),

  listLogs: route({
    method: 'get',
    path: '/logs',
    summary: 'Audit and security events, newest first, with keyset paging',
    tag: 'logs',
    access: 'admin',
    query: logsQuerySchema,
    success: { status: 200, schema: logPageSchema },
  }),
  exportLogs: route({
    method: 'get',
    path: '/logs/export',
    summary: 'The events the filter matches, newest first, as a CSV download',
    tag: 'logs',
    access: 'admin',
    query: exportLogsQuerySchema,
    success: { status: 200, schema: csvSchema, contentType: 'text/csv' },
  }),
  listMyLogs: route({
    method: 'get',
    path: '/logs/mine',
    summary: 'My own security activity',
    tag: 'logs',
    access: 'user',
    query: myLogsQuerySchema,
    success: { status: 200, schema: logPageSchema },
  }),

  adminStats: route({
    method: 'get',
    path: '/admin/stats',
    summary: 'Request rate, latency, errors, sessions and users for the System page',
    tag: 'admin',
    access: 'admin',
    query: adminStatsQuerySchema,
    success: { status: 200, schema: adminStatsSchema },
  }),
  // Both answer 404 where FAULTS_ENABLED is false, as if they did not exist.
  getFaults: route({
    method: 'get',
    path: '/admin/faults',
    summary: 'The injected faults in effect (all zero when none)',
    tag: 'admin',
    access: 'admin',
    success: { status: 200, schema: faultsSchema },
    errors: [404],
  }),
  setFaults: route({
    method: 'put',
    path: '/admin/faults',
    summary: 'Inject faults until expiresAt, or clear them by sending zeros',
    tag: 'admin',
    access: 'admin',
    body: setFaultsRequestSchema,
    success: { status: 200, schema: faultsSchema },
    errors: [404],
  }),
  adminAlerts: route({
    method: 'get',
    path: '/admin/alerts',
    summary: 'Pending and firing alerts, as Prometheus sees them',
    tag: 'admin',
    access: 'admin',
    success: { status: 200, schema: alertStatusSchema },
  }),

  health: route({
    method: 'get',
    path: '/health',
    summary: 'Health summary: version, uptime and each dependency',
    tag: 'health',
    access: 'public',
    success: { status: 200, schema: healthSummarySchema },
    errors: [503],
    throttled: false,
  }),
  liveness: route({
    method: 'get',
    path: '/health/live',
    summary: 'Liveness: the process is serving (never touches dependencies)',
    tag: 'health',
    access: 'public',
    success: { status: 200, schema: livenessSchema },
    throttled: false,
    usesDependencies: false,
  }),
  readiness: route({
    method: 'get',
    path: '/health/ready',
    summary: 'Readiness: every dependency answers (503 otherwise)',
    tag: 'health',
    access: 'public',
    success: { status: 200, schema: readinessSchema },
    errors: [503],
    throttled: false,
  }),
} as const;

export type RouteName = keyof typeof routes;
