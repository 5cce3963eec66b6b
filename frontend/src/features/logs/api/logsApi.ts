import type { LogsQuery, MyLogsQuery } from '@gv/contract';
import { api } from '../../../lib/api';

export const listLogs = (query: Partial<LogsQuery>, signal?: AbortSignal) =>
  api('listLogs', { query, signal });

export const listMyLogs = (query: Partial<MyLogsQuery>, signal?: AbortSignal) =>
  api('listMyLogs', { query, signal });
