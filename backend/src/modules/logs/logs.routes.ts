import type { RouteHandlers } from '../../http/routing.js';
import { toLogEntry, type LogsRepository } from './logs.repository.js';

export function logsRoutes(
  repository: LogsRepository,
): Pick<RouteHandlers, 'listLogs' | 'listMyLogs'> {
  return {
    listLogs: async ({ query }) => {
      const { rows, nextCursor } = await repository.page(query);
      return { data: rows.map(toLogEntry), nextCursor };
    },
    listMyLogs: async ({ query, auth }) => {
      const { rows, nextCursor } = await repository.page({ ...query, userId: auth.userId });
      return { data: rows.map(toLogEntry), nextCursor };
    },
  };
}
