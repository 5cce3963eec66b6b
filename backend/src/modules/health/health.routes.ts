import type { RouteHandlers } from '../../http/routing.js';
import type { HealthService } from './health.service.js';

export function healthRoutes(
  health: HealthService,
): Pick<RouteHandlers, 'health' | 'liveness' | 'readiness'> {
  return {
    // Liveness never touches a dependency: a database outage must not get healthy pods killed.
    liveness: async () => ({ status: 'ok' as const }),
    readiness: async ({ res }) => {
      const { ready, body } = await health.readiness();
      res.setHeader('Cache-Control', 'no-store');
      if (!ready) res.status(503).json(body);
      return body;
    },
    health: async ({ res }) => {
      const { healthy, body } = await health.summary();
      res.setHeader('Cache-Control', 'no-store');
      if (!healthy) res.status(503).json(body);
      return body;
    },
  };
}
