import { sendAsDownload } from '../../http/csv.js';
import type { RouteHandlers } from '../../http/routing.js';
import type { LogsService } from './logs.service.js';

export function logsRoutes(
  logs: LogsService,
): Pick<RouteHandlers, 'listLogs' | 'exportLogs' | 'listMyLogs'> {
  return {
    listLogs: ({ query }) => logs.page(query),
    exportLogs: async ({ query, res }) => {
      const { csv, truncated } = await logs.exportCsv(query);
      sendAsDownload(res, 'audit-log.csv', truncated);
      return csv;
    },
    listMyLogs: ({ query, auth }) => logs.pageOwn(auth.userId, query),
  };
}
