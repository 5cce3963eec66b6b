import type { RouteHandlers } from '../../http/routing.js';
import type { AuditLog } from '../logs/audit.js';
import type { SessionsService } from './sessions.service.js';

export function sessionsRoutes(
  sessions: SessionsService,
  audit: AuditLog,
): Pick<RouteHandlers, 'listMySessions' | 'revokeMySession' | 'revokeMyOtherSessions'> {
  return {
    listMySessions: async ({ auth }) => ({
      data: await sessions.listForUser(auth.userId, auth.sessionId),
    }),
    revokeMySession: async ({ auth, params }) => {
      await sessions.revokeOne(auth.userId, params.id, 'user_revoked');
      audit.record({
        event: 'session.revoked',
        message: params.id === auth.sessionId ? 'Current session ended' : 'Session ended',
        metadata: { revokedSessionId: params.id },
      });
    },
    revokeMyOtherSessions: async ({ auth }) => {
      const ended = await sessions.revokeAll(auth.userId, 'user_revoked_others', auth.sessionId);
      audit.record({
        event: 'session.revoked_others',
        message: `Ended ${ended} other session(s)`,
        metadata: { sessionsEnded: ended },
      });
    },
  };
}
