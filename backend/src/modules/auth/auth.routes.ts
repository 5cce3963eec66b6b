// HTTP side of authentication: the refresh-token cookie and the same-origin check live here.
import type { Request, Response } from 'express';
import { DEVICE_COOKIE_NAME, REFRESH_COOKIE_NAME, REFRESH_COOKIE_PATH } from '@gv/contract';
import { NotAllowed } from '../../domain/errors.js';
import type { RouteHandlers } from '../../http/routing.js';
import type { ClientInfo, SessionsService } from '../sessions/sessions.service.js';
import type { AuthService, SignedIn, SignedInOnDevice } from './auth.service.js';
import { DEVICE_COOKIE_MAX_AGE_MS } from './device-cookies.js';

export interface AuthRouteOptions {
  secureCookies: boolean;
  /** Origins besides the server's own that may call /auth/refresh (CORS_ORIGINS). */
  allowedOrigins: string[];
}

export function clientInfo(req: Request): ClientInfo {
  return { userAgent: req.get('user-agent') ?? null, ip: req.ip ?? null };
}

/**
 * The refresh cookie is SameSite=Strict, so browsers never send it cross-site. Requiring a
 * same-origin Origin header as well closes the remaining gaps (old browsers, sibling subdomains).
 */
function assertSameOrigin(req: Request, allowedOrigins: string[]): void {
  const origin = req.get('origin');
  const ownOrigin = `${req.protocol}://${req.get('host')}`;
  // Naming the origin expected saves a guess when PORT or the host name is not the usual one.
  if (!origin) {
    throw new NotAllowed(`Refresh needs an Origin header naming this site: ${ownOrigin}.`);
  }
  if (origin !== ownOrigin && !allowedOrigins.includes(origin)) {
    throw new NotAllowed(`Refresh is only allowed from this site: send Origin: ${ownOrigin}.`);
  }
}

export function authRoutes(
  auth: AuthService,
  sessions: SessionsService,
  options: AuthRouteOptions,
): Pick<
  RouteHandlers,
  'register' | 'login' | 'loginTwoFactor' | 'refresh' | 'logout' | 'changePassword'
> {
  const setRefreshCookie = (res: Response, signedIn: SignedIn) => {
    res.cookie(REFRESH_COOKIE_NAME, signedIn.refreshToken, {
      httpOnly: true,
      secure: options.secureCookies,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      maxAge: signedIn.refreshCookieMaxAgeMs,
    });
    // Token responses must never be stored by a cache.
    res.setHeader('Cache-Control', 'no-store');
  };
  // Outlives sessions and sign-outs on purpose: it says only that this browser signed in to the
  // email before, which is what exempts it from strangers' failures (docs/decisions/120).
  const setDeviceCookie = (res: Response, signedIn: SignedInOnDevice) => {
    res.cookie(DEVICE_COOKIE_NAME, signedIn.deviceToken, {
      httpOnly: true,
      secure: options.secureCookies,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      maxAge: DEVICE_COOKIE_MAX_AGE_MS,
    });
  };
  const clearRefreshCookie = (res: Response) => {
    res.clearCookie(REFRESH_COOKIE_NAME, {
      httpOnly: true,
      secure: options.secureCookies,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
    });
  };
  const refreshCookie = (req: Request): string | undefined => {
    const value: unknown = req.cookies?.[REFRESH_COOKIE_NAME];
    return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
  };

  /** What every completed sign-in answers: the cookies and the tokens. */
  const completeSignIn = (res: Response, signedIn: SignedInOnDevice) => {
    setRefreshCookie(res, signedIn);
    setDeviceCookie(res, signedIn);
    return { ...signedIn.response, twoFactorRequired: false as const };
  };

  return {
    register: async ({ body, req, res }) => {
      const signedIn = await auth.register(body, clientInfo(req));
      setRefreshCookie(res, signedIn);
      setDeviceCookie(res, signedIn);
      return signedIn.response;
    },
    login: async ({ body, req, res }) => {
      const deviceToken: unknown = req.cookies?.[DEVICE_COOKIE_NAME];
      const outcome = await auth.login(body, clientInfo(req), deviceToken);
      // A challenge is no credential yet: no cookie until the code step succeeds.
      if ('twoFactorRequired' in outcome) return outcome;
      return completeSignIn(res, outcome);
    },
    loginTwoFactor: async ({ body, req, res }) =>
      completeSignIn(res, await auth.completeTwoFactorSignIn(body, clientInfo(req))),
    refresh: async ({ req, res }) => {
      assertSameOrigin(req, options.allowedOrigins);
      try {
        const signedIn = await auth.refresh(refreshCookie(req));
        setRefreshCookie(res, signedIn);
        return signedIn.response;
      } catch (error) {
        clearRefreshCookie(res);
        throw error;
      }
    },
    logout: async ({ req, res, auth: accessAuth }) => {
      await sessions.signOut(refreshCookie(req), accessAuth);
      clearRefreshCookie(res);
    },
    changePassword: async ({ body, auth: accessAuth }) => {
      await auth.changePassword(accessAuth.userId, accessAuth.sessionId, body);
    },
  };
}
