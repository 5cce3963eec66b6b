// The app's API client, bound to the app's auth store.
import { authStore } from '../auth/store';
import { createApiClient } from './client';

export const apiClient = createApiClient(authStore);
export const { call: api, refreshSession } = apiClient;
export { ApiError, isAbortError, toApiError } from './problem';
export type { RequestOf, ResponseOf } from './endpoints';
