// The app's API client, bound to the app's auth store and to the connection state it reports.
import { authStore } from '../auth/store';
import { createConnectionStore } from '../connection';
import { createApiClient } from './client';

/** Whether the server answers; probes /api/health/live while it does not. */
export const connection = createConnectionStore(() => apiClient.call('liveness'));
export const apiClient = createApiClient(authStore, {}, connection);
export const { call: api, refreshSession } = apiClient;
export { ApiError, isAbortError, isUnreachable, toApiError } from './problem';
export type { RequestOf, ResponseOf } from './endpoints';
