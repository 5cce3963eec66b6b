import { api } from '../../../lib/api';

export const listMySessions = (signal?: AbortSignal) => api('listMySessions', { signal });

export const revokeMySession = (id: string) => api('revokeMySession', { params: { id } });

export const revokeMyOtherSessions = () =>
  api('revokeMyOtherSessions', { query: { scope: 'others' } });
