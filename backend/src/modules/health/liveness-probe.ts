// GET /api/health/live answered before the rest of the middleware: Kubernetes asks it every few
// seconds on every pod, and it only says that the process runs, so it needs no security checks,
// body parsing or routing. It is still tracked (request id, access log, metrics) like any request,
// carries the same security headers, and answers exactly what the contract's `liveness` route
// declares. Fault injection never reaches it (docs/performance.md, docs/playground.md).
import type { RequestHandler } from 'express';
import { livenessSchema } from '@gv/contract';
import type { HeaderList } from '../../http/security-headers.js';
import { setRouteLabel } from '../../http/request-tracking.js';

export const LIVENESS_PATH = '/api/health/live';

export function answerLivenessProbe(securityHeaders: HeaderList): RequestHandler {
  const body = JSON.stringify(livenessSchema.parse({ status: 'ok' }));
  const headers: HeaderList = [
    ...securityHeaders,
    ['Cache-Control', 'no-store'],
    ['Content-Type', 'application/json; charset=utf-8'],
    ['Content-Length', String(Buffer.byteLength(body))],
  ];
  return (req, res, next) => {
    if (req.url !== LIVENESS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return next();
    }
    setRouteLabel(res, LIVENESS_PATH);
    for (const [name, value] of headers) res.setHeader(name, value);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
