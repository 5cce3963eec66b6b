import { api } from '../../../lib/api';

/** 503 carries the same summary (a dependency is down): an answer to show, not a failure. */
export const getHealth = (signal?: AbortSignal) => api('health', { signal, acceptStatuses: [503] });

/** `withHistory`: also the last few minutes, which the backend reads from Prometheus if it can. */
export const getAdminStats = (signal?: AbortSignal, withHistory = false) =>
  api('adminStats', { signal, query: withHistory ? { include: 'history' } : {} });
