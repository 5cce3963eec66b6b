// The faults an admin injected for a drill (docs/decisions/190): what is in effect on this
// instance, who set it, when it ends. A change is checked, audited, applied here and announced
// on the faults channel so the other instances apply it too; each instance ends a fault itself at
// its expiry, so a lost message or a crashed admin session cannot leave one behind.
import {
  FAULT_MAX_DURATION_MS,
  routes,
  type FaultScope,
  type Faults,
  type FieldError,
  type SetFaultsRequest,
} from '@gv/contract';
import { InvalidInput } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { AuditLog } from '../logs/audit.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { FaultsChannel } from './faults.channel.js';

/** The settings every instance holds; what the channel carries. */
export interface FaultSettings {
  errorRate: number;
  latencyMs: number;
  databaseDelayMs: number;
  routes: string[];
  expiresAt: string | null;
  changedBy: Faults['changedBy'];
  changedAt: string | null;
}

/** What the middleware does to a request a fault applies to. */
export interface ActiveFault {
  errorRate: number;
  latencyMs: number;
  databaseDelayMs: number;
}

const NO_FAULT = { errorRate: 0, latencyMs: 0, databaseDelayMs: 0, routes: [], expiresAt: null };

/**
 * Routes a fault never touches: sign-in (so an admin can always get back in), the health probes
 * (so Kubernetes does not restart pods because of a drill) and the playground's own endpoints
 * (so a drill can always be watched and cleared).
 */
export function isExempt(template: string): boolean {
  return (
    template.startsWith('/api/auth/') ||
    template === '/api/health' ||
    template.startsWith('/api/health/') ||
    template === '/api/admin/faults' ||
    template === '/api/admin/alerts'
  );
}

/** Every route template a fault may name. */
export const FAULTABLE_ROUTES = new Set(
  Object.values(routes)
    .map((spec) => `/api${spec.path}`)
    .filter((template) => !isExempt(template)),
);

/** A browser's clock may run a little ahead of the server's; an hour from it is still accepted. */
const CLOCK_SKEW_MS = 60_000;

export interface FaultsServiceOptions {
  users: UsersRepository;
  audit: AuditLog;
  metrics: Metrics;
  logger: Logger;
  channel?: FaultsChannel | undefined;
  now?: () => number;
}

export class FaultsService {
  private settings: FaultSettings = { ...NO_FAULT, changedBy: null, changedAt: null };
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: FaultsServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  get scope(): FaultScope {
    return this.options.channel ? 'cluster' : 'process';
  }

  /** Listens for other instances' changes and takes over a fault set before this one started. */
  async start(): Promise<void> {
    const channel = this.options.channel;
    if (!channel) return;
    channel.onChange((settings) => this.apply(settings));
    const current = await channel.current();
    if (current) this.apply(current);
  }

  stop(): void {
    clearTimeout(this.expiryTimer);
    this.options.channel?.stop();
  }

  view(): Faults {
    this.expireIfDue();
    return { ...this.settings, routes: [...this.settings.routes], scope: this.scope };
  }

  /** The fault a request to `template` gets, or undefined; called for every API request. */
  faultFor(template: string): ActiveFault | undefined {
    const settings = this.settings;
    if (settings.expiresAt === null) return undefined;
    if (this.expireIfDue()) return undefined;
    const applies =
      settings.routes.length === 0 ? !isExempt(template) : settings.routes.includes(template);
    return applies ? settings : undefined;
  }

  async set(actorId: string, input: SetFaultsRequest): Promise<Faults> {
    this.check(input);
    const actor = await this.options.users.findById(actorId);
    const active = input.errorRate > 0 || input.latencyMs > 0 || input.databaseDelayMs > 0;
    const settings: FaultSettings = {
      ...(active
        ? {
            errorRate: input.errorRate,
            latencyMs: input.latencyMs,
            databaseDelayMs: input.databaseDelayMs,
            routes: [...new Set(input.routes)],
            expiresAt: new Date(input.expiresAt).toISOString(),
          }
        : NO_FAULT),
      changedBy: actor ? { id: actor.id, name: actor.name, email: actor.email } : null,
      changedAt: new Date(this.now()).toISOString(),
    };
    await this.options.audit.recordNow({
      event: 'admin.faults.changed',
      message: active
        ? `Faults injected until ${settings.expiresAt} by ${actor?.email ?? actorId}`
        : `Faults cleared by ${actor?.email ?? actorId}`,
      level: 'warn',
      userId: actorId,
      metadata: {
        errorRate: settings.errorRate,
        latencyMs: settings.latencyMs,
        databaseDelayMs: settings.databaseDelayMs,
        routes: settings.routes,
        expiresAt: settings.expiresAt,
        scope: this.scope,
      },
    });
    this.apply(settings);
    await this.options.channel?.publish(settings);
    return this.view();
  }

  /** The rules the contract cannot check: routes that exist, an expiry within the hour. */
  private check(input: SetFaultsRequest): void {
    const errors: FieldError[] = [];
    input.routes.forEach((template, index) => {
      if (FAULTABLE_ROUTES.has(template)) return;
      errors.push({
        path: `routes.${index}`,
        message: isExempt(template)
          ? `${template} is never faulted (sign-in, health and the playground stay reachable)`
          : `${template} is not an API route template; use one such as /api/users/me`,
      });
    });
    const expiresAt = Date.parse(input.expiresAt);
    const now = this.now();
    if (expiresAt <= now) {
      errors.push({ path: 'expiresAt', message: 'expiresAt must be in the future' });
    } else if (expiresAt > now + FAULT_MAX_DURATION_MS + CLOCK_SKEW_MS) {
      errors.push({ path: 'expiresAt', message: 'expiresAt must be at most one hour ahead' });
    }
    if (errors.length > 0) throw new InvalidInput(errors);
  }

  private apply(settings: FaultSettings): void {
    clearTimeout(this.expiryTimer);
    this.settings = settings;
    if (settings.expiresAt !== null) {
      const remainingMs = Date.parse(settings.expiresAt) - this.now();
      if (remainingMs <= 0) {
        this.expire();
        return;
      }
      this.expiryTimer = setTimeout(() => this.expire(), remainingMs);
      this.expiryTimer.unref();
      this.options.logger.warn('fault injection active', { ...settings });
    }
    this.report();
  }

  private expireIfDue(): boolean {
    const expiresAt = this.settings.expiresAt;
    if (expiresAt === null || Date.parse(expiresAt) > this.now()) return false;
    this.expire();
    return true;
  }

  private expire(): void {
    clearTimeout(this.expiryTimer);
    if (this.settings.expiresAt !== null) {
      this.options.logger.info('fault injection ended at its expiry', {
        expiresAt: this.settings.expiresAt,
      });
    }
    this.settings = { ...this.settings, ...NO_FAULT };
    this.report();
  }

  private report(): void {
    const { errorRate, latencyMs, databaseDelayMs } = this.settings;
    const gauge = this.options.metrics.faultInjectionActive;
    gauge.set({ kind: 'error_rate' }, errorRate > 0 ? 1 : 0);
    gauge.set({ kind: 'latency' }, latencyMs > 0 ? 1 : 0);
    gauge.set({ kind: 'database_delay' }, databaseDelayMs > 0 ? 1 : 0);
  }
}
