// Reads the bearer access token. A valid, unrevoked token puts `res.locals.auth` in place;
// routes then decide whether they need it.
import type { RequestHandler, Response } from 'express';
import type { Role } from '@gv/contract';
import type { AccessTokens } from '../modules/auth/tokens.js';
import type { SessionsService } from '../modules/sessions/sessions.service.js';
import { currentRequestContext } from '../observability/current-request.js';

export interface AuthContext {
  userId: string;
  sessionId: string;
  role: Role;
}

export type AuthProblem = 'missing' | 'invalid' | 'revoked';

export function authOf(res: Response): AuthContext | undefined {
  return res.locals.auth as AuthContext | undefined;
}

export function authProblemOf(res: Response): AuthProblem {
  return (res.locals.authProblem as AuthProblem | undefined) ?? 'missing';
}

export function authenticate(tokens: AccessTokens, sessions: SessionsService): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (!header) return next();
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match) {
      res.locals.authProblem = 'invalid';
      return next();
    }
    try {
      const claims = await tokens.verify(match[1]!);
      if (sessions.isRevoked(claims.sessionId)) {
        res.locals.authProblem = 'revoked';
        return next();
      }
      const auth: AuthContext = {
        userId: claims.userId,
        sessionId: claims.sessionId,
        role: claims.role,
      };
      res.locals.auth = auth;
      const context = currentRequestContext();
      if (context) {
        context.userId = auth.userId;
        context.sessionId = auth.sessionId;
      }
    } catch {
      res.locals.authProblem = 'invalid';
    }
    next();
  };
}
