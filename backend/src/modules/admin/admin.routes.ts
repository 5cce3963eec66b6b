import type { RouteHandlers } from '../../http/routing.js';
import type { StatsService } from './stats.service.js';

export function adminRoutes(stats: StatsService): Pick<RouteHandlers, 'adminStats'> {
  return { adminStats: ({ query }) => stats.stats({ history: query.include === 'history' }) };
}
