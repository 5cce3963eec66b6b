// Mounts handlers against the contract's route table: each request passes the rate limits its
// route declares, is checked for access, has its params, query and body validated by the
// contract's schemas, and gets the handler's result with the route's success status. A route
// without a handler stops the app at start-up, so the OpenAPI document (built from the same
// table) always matches what is served.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { z } from 'zod';
import { routes, type RateLimitName, type RouteName, type RouteSpec } from '@gv/contract';
import { InvalidInput, NotAllowed, NotAuthenticated } from '../domain/errors.js';
import { authOf, authProblemOf, type AuthContext } from './authenticate.js';
import { setRouteLabel } from './request-tracking.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type SuccessBody<R extends RouteSpec> = R['success']['schema'] extends z.ZodType
  ? z.input<R['success']['schema']>
  : void;

export interface HandlerInput<R extends RouteSpec> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
  auth: R['access'] extends 'public' ? AuthContext | undefined : AuthContext;
  req: Request;
  res: Response;
}

export type Handler<R extends RouteSpec> = (input: HandlerInput<R>) => Promise<SuccessBody<R>>;

export type RouteHandlers = { [N in RouteName]: Handler<(typeof routes)[N]> };

/**
 * Checks that the signed-in user may use admin routes, with their current role and status. It
 * throws TwoFactorRequired for an admin who must turn on two-factor sign-in first.
 */
export type AdminCheck = (auth: AuthContext) => Promise<boolean>;

function notAuthenticatedFor(res: Response): NotAuthenticated {
  const problem = authProblemOf(res);
  if (problem === 'revoked') {
    return new NotAuthenticated('This session has been ended; sign in again.');
  }
  if (problem === 'invalid') return new NotAuthenticated('The access token is invalid or expired.');
  return new NotAuthenticated(
    'Sign in to continue: send an access token as "Authorization: Bearer <token>".',
  );
}

function parse<S extends z.ZodType | undefined>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): Parsed<S> {
  if (!schema) return undefined as Parsed<S>;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!result.success) {
    throw new InvalidInput(
      result.error.issues.map((issue) => ({
        path: issue.path.length > 0 ? issue.path.map(String).join('.') : where,
        message: issue.message,
      })),
    );
  }
  return result.data as Parsed<S>;
}

export interface RouteMiddleware {
  /** Absent while rate limiting is off: a layer that only passes requests on still costs each. */
  rateLimiters?: Record<RateLimitName, RequestHandler> | undefined;
  /** Only routes that take a body parse one. */
  parseJsonBody: RequestHandler;
  /** Runs once the route is known, before its handler: the injected faults (modules/faults). */
  beforeHandler?: RequestHandler | undefined;
}

/**
 * The router of a route's section (`/users`, `/auth`, ...): a request is matched only against the
 * routes of its own section, not against every route of the API in turn.
 */
function sectionRouter(api: Router, sections: Map<string, Router>, section: string): Router {
  let router = sections.get(section);
  if (!router) {
    router = express.Router();
    sections.set(section, router);
    api.use(`/${section}`, router);
  }
  return router;
}

export function mountRoutes(
  api: Router,
  handlers: RouteHandlers,
  isAdmin: AdminCheck,
  { rateLimiters, parseJsonBody, beforeHandler }: RouteMiddleware,
): void {
  const sections = new Map<string, Router>();
  for (const name of Object.keys(routes) as RouteName[]) {
    const spec: RouteSpec = routes[name];
    const handler = handlers[name] as Handler<RouteSpec> | undefined;
    if (!handler)
      throw new Error(`No handler for route "${name}" (${spec.method.toUpperCase()} ${spec.path})`);
    const template = `/api${spec.path}`;
    const labelRoute: RequestHandler = (_req, res, next) => {
      setRouteLabel(res, template);
      next();
    };
    const limits = rateLimiters ? (spec.rateLimits ?? []).map((limit) => rateLimiters[limit]) : [];
    // Each Express layer costs every request that passes it; a route without rate limits, a body
    // or injected faults is one layer, which labels the request itself.
    const before = [
      ...(spec.body ? [parseJsonBody] : []),
      ...limits,
      ...(beforeHandler ? [beforeHandler] : []),
    ];
    if (before.length > 0) before.unshift(labelRoute);
    const [, section = '', ...rest] = spec.path.split('/');
    const router = sectionRouter(api, sections, section);

    router[spec.method](`/${rest.join('/')}`, ...before, async (req: Request, res: Response) => {
      setRouteLabel(res, template);
      const auth = authOf(res);
      if (spec.access !== 'public' && !auth) throw notAuthenticatedFor(res);
      if (spec.access === 'admin' && !(await isAdmin(auth!))) {
        throw new NotAllowed('This needs an administrator account.');
      }
      if (
        spec.body &&
        !req.is('application/json') &&
        req.body === undefined &&
        req.method !== 'DELETE'
      ) {
        throw new InvalidInput([
          { path: 'body', message: 'Send a JSON body with Content-Type: application/json' },
        ]);
      }
      const input = {
        params: parse(spec.params, req.params, 'params'),
        query: parse(spec.query, req.query, 'query'),
        body: parse(spec.body, req.body, 'body'),
        auth,
        req,
        res,
      } as HandlerInput<RouteSpec>;
      const result = await handler(input);
      // A handler may answer with another status itself (readiness answers 503 with its body).
      if (res.headersSent) return;
      if (spec.success.schema === null) {
        res.status(spec.success.status).end();
      } else if (spec.success.contentType) {
        res.status(spec.success.status).type(spec.success.contentType).send(result);
      } else {
        res.status(spec.success.status).json(result);
      }
    });
  }
}
