// Liveness, readiness and the health summary. Readiness checks each dependency with its own
// timeout and caches the answer briefly, so frequent probes cannot load the database. Anyone may
// call these, so they answer with status words; why a dependency is down goes to the log.
import type { DependencyCheck, HealthSummary, Readiness } from '@gv/contract';
import type { Database } from '../../db/database.js';
import { errorForLog, type Logger } from '../../observability/logger.js';
import type { RedisConnections } from '../../redis.js';

export interface HealthOptions {
  version: string;
  commit: string;
  environment: string;
  checkTimeoutMs?: number;
  cacheMs?: number;
}

type Check = () => Promise<void>;

export class HealthService {
  private shuttingDown = false;
  private cached: { at: number; checks: Record<string, DependencyCheck> } | undefined;
  private inFlight: Promise<Record<string, DependencyCheck>> | undefined;
  private readonly checks: Record<string, Check | null>;
  private readonly startedAt = Date.now();

  constructor(
    private readonly database: Database,
    redis: RedisConnections | undefined,
    private readonly logger: Logger,
    private readonly options: HealthOptions,
  ) {
    const timeout = options.checkTimeoutMs ?? 1_000;
    this.checks = {
      database: () => database.ping(timeout),
      redis: redis ? () => redis.ping(timeout) : null,
    };
  }

  /** From now on readiness answers 503, so load balancers stop sending new requests. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async readiness(): Promise<{ ready: boolean; body: Readiness }> {
    const checks = await this.runChecks();
    const allUp = Object.values(checks).every((check) => check.status !== 'down');
    const status = this.shuttingDown ? 'shutting_down' : allUp ? 'ready' : 'not_ready';
    return { ready: status === 'ready', body: { status, checks } };
  }

  async summary(): Promise<{ healthy: boolean; body: HealthSummary }> {
    const checks = await this.runChecks();
    const databaseUp = checks.database?.status === 'up';
    const everythingUp = Object.values(checks).every((check) => check.status !== 'down');
    const status = !databaseUp || this.shuttingDown ? 'down' : everythingUp ? 'ok' : 'degraded';
    return {
      healthy: status !== 'down',
      body: {
        status,
        version: this.options.version,
        commit: this.options.commit,
        environment: this.options.environment,
        uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
        database: this.database.kind,
        checks,
      },
    };
  }

  private runChecks(): Promise<Record<string, DependencyCheck>> {
    const cacheMs = this.options.cacheMs ?? 1_000;
    if (this.cached && Date.now() - this.cached.at < cacheMs)
      return Promise.resolve(this.cached.checks);
    // Concurrent probes share one round of checks.
    this.inFlight ??= this.checkAll()
      .then((checks) => {
        this.cached = { at: Date.now(), checks };
        return checks;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async checkAll(): Promise<Record<string, DependencyCheck>> {
    const entries = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]): Promise<[string, DependencyCheck]> => {
        if (!check) return [name, { status: 'disabled', latencyMs: null }];
        const started = performance.now();
        try {
          await check();
          return [
            name,
            { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 },
          ];
        } catch (error) {
          // Logged when a dependency goes down, not on every probe while it stays down.
          if (this.cached?.checks[name]?.status !== 'down') {
            this.logger.warn('dependency check failed', {
              dependency: name,
              error: errorForLog(error),
            });
          }
          return [
            name,
            { status: 'down', latencyMs: Math.round((performance.now() - started) * 10) / 10 },
          ];
        }
      }),
    );
    return Object.fromEntries(entries);
  }
}
