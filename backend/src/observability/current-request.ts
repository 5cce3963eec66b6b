// Carries per-request facts (request id, user, route) through async calls, so every log line and
// audit event written while serving a request can name it without passing it around.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId: string;
  method: string;
  path: string;
  ip: string | null;
  userAgent: string | null;
  userId?: string;
  sessionId?: string;
  route?: string;
  /** An injected database delay for this request's queries (modules/faults), when one applies. */
  databaseDelayMs?: number;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
