import { api } from '../../../lib/api';

/** 503 carries the same summary (a dependency is down): an answer to show, not a failure. */
export const getHealth = (signal?: AbortSignal) => api('health', { signal, acceptStatuses: [503] });

export const getAdminStats = (signal?: AbortSignal) => api('adminStats', { signal });
