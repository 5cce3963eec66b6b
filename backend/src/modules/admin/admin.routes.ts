import type { AlertStatus } from '@gv/contract';
import type { RouteHandlers } from '../../http/routing.js';
import type { Logger } from '../../observability/logger.js';
import type { PrometheusClient } from './prometheus.js';
import type { StatsService } from './stats.service.js';

/** The pending and firing alerts the Playground page shows next to its drills. */
async function alertStatus(
  prometheus: PrometheusClient | undefined,
  logger: Logger,
): Promise<AlertStatus> {
  if (!prometheus) return { available: false, reason: 'not-configured', alerts: [] };
  try {
    const alerts = await prometheus.alerts();
    return {
      available: true,
      alerts: alerts
        .filter((alert) => alert.state === 'pending' || alert.state === 'firing')
        .slice(0, 500)
        .map((alert) => ({
          name: alert.labels.alertname ?? 'unnamed',
          state: alert.state as 'pending' | 'firing',
          activeAt: alert.activeAt ? new Date(alert.activeAt).toISOString() : null,
        })),
    };
  } catch (error) {
    logger.warn('alert status unavailable: prometheus did not answer', { error });
    return { available: false, reason: 'unreachable', alerts: [] };
  }
}

export function adminRoutes(
  stats: StatsService,
  prometheus: PrometheusClient | undefined,
  logger: Logger,
): Pick<RouteHandlers, 'adminStats' | 'adminAlerts'> {
  return {
    adminStats: ({ query }) => stats.stats({ history: query.include === 'history' }),
    adminAlerts: () => alertStatus(prometheus, logger),
  };
}
