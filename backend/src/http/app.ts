// Assembles the Express application from already-built services. Order matters and is explained.
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { apiDocsRouter } from './api-docs.js';
import { noStoreExceptDocs } from './cache-control.js';
import { authenticate } from './authenticate.js';
import { NotFound } from '../domain/errors.js';
import { createErrorHandler } from './errors.js';
import { frontendRouter } from './frontend.js';
import { createRateLimiters } from './rate-limits.js';
import { trackRequests } from './request-tracking.js';
import { mountRoutes, type AdminCheck, type RouteHandlers } from './routing.js';
import type { AccessTokens } from '../modules/auth/tokens.js';
import { faultsEndpointNotFound, injectFaults } from '../modules/faults/faults.middleware.js';
import type { FaultsService } from '../modules/faults/faults.service.js';
import type { SessionsService } from '../modules/sessions/sessions.service.js';
import type { RedisConnections } from '../redis.js';

export interface AppOptions {
  isProduction: boolean;
  trustProxy: boolean | number | string[];
  corsOrigins: string[];
  bodyLimit: string;
  rateLimitEnabled: boolean;
  redisKeyPrefix: string;
  version: string;
  /** Built frontend to serve, or null to serve the API only. */
  frontendDist: string | null;
}

export interface AppServices {
  logger: Logger;
  metrics: Metrics;
  tokens: AccessTokens;
  sessions: SessionsService;
  redis?: RedisConnections;
  handlers: RouteHandlers;
  isAdmin: AdminCheck;
  /** True once shutdown began: responses then ask clients to close keep-alive connections. */
  isShuttingDown: () => boolean;
  /** Injected faults; undefined where FAULTS_ENABLED is false. */
  faults?: FaultsService;
}

export function createApp(options: AppOptions, services: AppServices): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');

  app.use(trackRequests(services.logger, services.metrics));
  app.use((_req, res, next) => {
    if (services.isShuttingDown()) res.setHeader('Connection', 'close');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          upgradeInsecureRequests: options.isProduction ? [] : null,
        },
      },
      // HSTS only makes sense where TLS terminates in front of a production deployment.
      strictTransportSecurity: options.isProduction
        ? { maxAge: 31_536_000, includeSubDomains: true }
        : false,
      crossOriginEmbedderPolicy: false,
      // The same rule as frame-ancestors 'none', for browsers that only know X-Frame-Options.
      frameguard: { action: 'deny' },
    }),
  );

  const api = express.Router();
  api.use(noStoreExceptDocs());
  if (options.corsOrigins.length > 0) {
    api.use(
      cors({
        origin: options.corsOrigins,
        credentials: true,
        exposedHeaders: ['X-Request-Id', 'Retry-After'],
      }),
    );
  }
  const limits = createRateLimiters({
    enabled: options.rateLimitEnabled,
    keyPrefix: options.redisKeyPrefix,
    ...(services.redis ? { redis: services.redis } : {}),
  });
  api.use(limits.general);
  api.use(express.json({ limit: options.bodyLimit, strict: true }));
  api.use(cookieParser());
  api.use(apiDocsRouter(options.version));
  api.use(authenticate(services.tokens, services.sessions));
  if (!services.faults) api.all('/admin/faults', faultsEndpointNotFound());
  mountRoutes(
    api,
    services.handlers,
    services.isAdmin,
    limits.perRoute,
    services.faults ? injectFaults(services.faults) : undefined,
  );
  api.use((req, _res, next) =>
    next(new NotFound(`No API route ${req.method} ${req.baseUrl}${req.path}.`)),
  );
  app.use('/api', api);

  const frontend = options.frontendDist ? frontendRouter(options.frontendDist) : null;
  if (frontend) app.use(frontend);

  app.use((req, _res, next) => next(new NotFound(`Nothing at ${req.path}.`)));
  app.use(createErrorHandler(services.logger));
  return app;
}
