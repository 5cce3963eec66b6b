import type { SetFaultsRequest } from '@gv/contract';
import { api } from '../../../lib/api';

export const getFaults = (signal?: AbortSignal) => api('getFaults', { signal });

export const setFaults = (body: SetFaultsRequest) => api('setFaults', { body });

export const getAlerts = (signal?: AbortSignal) => api('adminAlerts', { signal });
