import type { RouteHandlers } from '../../http/routing.js';
import type { LogsService } from './logs.service.js';

export function logsRoutes(logs: LogsService): Pick<RouteHandlers, 'listLogs' | 'listMyLogs'> {
  return {
    listLogs: ({ query }) => logs.page(query),
    listMyLogs: ({ query, auth }) => logs.pageOwn(auth.userId, query),
  };
}
