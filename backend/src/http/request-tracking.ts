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

export interface TrackingOptions {
  /** Once true, responses ask clients to close keep-alive connections. */
  isShuttingDown: () => boolean;
  /** Route templates whose 2xx answers get no access-log line (they are still counted). */
  quietWhenOk?: string[];
}

/** The two HTTP series' children for one label set: prom-client hashes the labels otherwise. */
function seriesFor(metrics: Metrics) {
  const children = new Map<
    string,
    {
      requests: ReturnType<Metrics['httpRequestsTotal']['labels']>;
      duration: ReturnType<Metrics['httpRequestDuration']['labels']>;
    }
  >();
  // Bounded: methods are the few Node.js parses, routes are templates, statuses are codes.
  return (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let series = children.get(key);
    if (!series) {
      const labels = { method, route, status_code: status };
      series = {
        requests: metrics.httpRequestsTotal.labels(labels),
        duration: metrics.httpRequestDuration.labels(labels),
      };
      children.set(key, series);
    }
    return series;
  };
}

export function trackRequests(
  logger: Logger,
  metrics: Metrics,
  { isShuttingDown, quietWhenOk = [] }: TrackingOptions,
): RequestHandler {
  const quiet = new Set(quietWhenOk);
  const series = seriesFor(metrics);
  return (req, res, next) => {
    if (isShuttingDown()) res.setHeader('Connection', 'close');
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
      const { requests, duration } = series(req.method, route, String(res.statusCode));
      requests.inc();
      duration.observe(durationSeconds);
      // With LOG_LEVEL=warn the line is not even built: it is a large share of a small request's
      // cost (docs/performance.md).
      if (!logger.isLevelEnabled('info')) return;
      if (quiet.has(route) && res.statusCode < 300) return;
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
