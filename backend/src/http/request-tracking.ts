// Tracks each request from the first middleware to the last byte: gives it an id (the caller's
// X-Request-Id when it is sane), echoes it, opens the request's context (observability/
// current-request.ts), and writes one access-log line and the HTTP metrics when it finishes.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { runWithRequestContext, type RequestContext } from '../observability/current-request.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Route label for metrics and logs: the route template, never the raw path. */
export function setRouteLabel(res: Response, template: string): void {
  res.locals.routeTemplate = template;
}

export function trackRequests(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const incoming = req.get('x-request-id');
    const requestId = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);

    const context: RequestContext = {
      requestId,
      method: req.method,
      path: req.path,
      ip: req.ip ?? null,
      userAgent: req.get('user-agent') ?? null,
    };

    res.on('finish', () => {
      const durationSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (res.locals.routeTemplate as string | undefined) ?? 'unmatched';
      const labels = { method: req.method, route, status_code: String(res.statusCode) };
      metrics.httpRequestsTotal.inc(labels);
      metrics.httpRequestDuration.observe(labels, durationSeconds);
      // With LOG_LEVEL=warn the line is not even built: it is a large share of a small request's
      // cost (docs/performance.md).
      if (!logger.isLevelEnabled('info')) return;
      logger.info('request completed', {
        requestId,
        userId: context.userId,
        method: req.method,
        route,
        path: req.originalUrl.split('?')[0],
        status: res.statusCode,
        durationMs: Math.round(durationSeconds * 1e6) / 1e3,
        ip: context.ip,
        userAgent: context.userAgent,
        responseBytes: Number(res.getHeader('content-length') ?? 0),
      });
    });

    runWithRequestContext(context, () => next());
  };
}
