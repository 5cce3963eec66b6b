import type { RouteHandlers } from '../../http/routing.js';
import type { SessionsService } from './sessions.service.js';

export function sessionsRoutes(
  sessions: SessionsService,
): Pick<RouteHandlers, 'listMySessions' | 'revokeMySession' | 'revokeMyOtherSessions'> {
  return {
    listMySessions: async ({ auth }) => ({
      data: await sessions.listForUser(auth.userId, auth.sessionId),
    }),
    revokeMySession: async ({ auth, params }) => {
      await sessions.revokeOwn(auth.userId, params.id, auth.sessionId);
    },
    revokeMyOtherSessions: async ({ auth }) => {
      await sessions.revokeOwnOthers(auth.userId, auth.sessionId);
    },
  };
}
