// What a route of the API declares: method, path, access, schemas, statuses, cookies and rate
// limits. routes.ts and account-routes.ts list the routes; the backend mounts them, the OpenAPI
// document describes them.
import type { z } from 'zod';

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
  | 'verificationResendPerIp'
  | 'twoFactorSignInPerIp'
  | 'twoFactorEnrolmentPerIp'
  | 'twoFactorConfirmPerIp'
  | 'twoFactorDisablePerIp'
  | 'recoveryCodesPerIp'
  | 'emailChangePerIp'
  | 'emailChangeConfirmPerIp';

export interface RouteSpec {
  method: HttpMethod;
  /** Express-style path below /api, e.g. `/users/:id`. */
  path: string;
  summary: string;
  tag: 'auth' | 'account' | 'users' | 'sessions' | 'logs' | 'admin' | 'health';
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
   * The device cookie: register and the two-factor step of sign-in set it, login also reads it.
   * A valid one for the email being tried exempts the attempt from that email's sign-in throttle
   * (docs/decisions/120).
   */
  deviceCookie?: 'sets' | 'reads and sets';
  /** The route's own rate limits, applied before its handler runs (after the API-wide one). */
  rateLimits?: readonly RateLimitName[];
  /** False for the health probes, which the API-wide rate limit skips. */
  throttled?: false;
  /** False for a route that never touches the database or Redis, so never answers 503. */
  usesDependencies?: false;
}

export const route = <const T extends RouteSpec>(spec: T): T => spec;
