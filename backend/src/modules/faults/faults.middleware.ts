// Applies injected faults to the API requests they name (docs/decisions/190). It runs once the
// route is known (http/routing.ts), so it matches route templates, never raw paths.
import type { RequestHandler } from 'express';
import { NotFound } from '../../domain/errors.js';
import { sendProblem } from '../../http/errors.js';
import { currentRequestContext } from '../../observability/current-request.js';
import type { FaultsService } from './faults.service.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function injectFaults(faults: FaultsService): RequestHandler {
  return (_req, res, next) => {
    const fault = faults.faultFor(res.locals.routeTemplate as string);
    if (!fault) {
      next();
      return;
    }
    const context = currentRequestContext();
    if (context && fault.databaseDelayMs > 0) context.databaseDelayMs = fault.databaseDelayMs;
    const apply = () => {
      if (fault.errorRate > 0 && Math.random() < fault.errorRate) {
        res.setHeader('Retry-After', '5');
        sendProblem(
          res,
          503,
          'Injected fault',
          'An administrator injected this error on purpose to practise a drill ' +
            '(Playground, /api/admin/faults). It ends at the fault’s expiry.',
        );
        return;
      }
      next();
    };
    if (fault.latencyMs > 0) void pause(fault.latencyMs).then(apply);
    else apply();
  };
}

/** Where FAULTS_ENABLED is false the faults endpoint answers as a route that does not exist. */
export function faultsEndpointNotFound(): RequestHandler {
  return (req, _res, next) => {
    next(new NotFound(`No API route ${req.method} ${req.baseUrl}${req.path}.`));
  };
}
