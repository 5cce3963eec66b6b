// Audit log entries for unit tests: entry n is n seconds after a fixed instant, so ids and times
// sort the same way, as they do in the real log.
import type { LogEntry } from '@gv/contract';

export function makeLogEntry(id: number, overrides: Partial<LogEntry> = {}): LogEntry {
  return {
    id: String(id),
    ts: new Date(1_700_000_000_000 + id * 1000).toISOString(),
    level: 'info',
    event: 'auth.login.succeeded',
    message: 'Signed in',
    userId: null,
    actor: null,
    actorDeleted: false,
    sessionId: null,
    requestId: null,
    ip: null,
    userAgent: null,
    metadata: {},
    ...overrides,
  };
}
