// Carries fault changes between backend instances through Redis, like session revocations
// (modules/sessions/revocation.ts): a change is published for the instances running now and kept
// under a key, expiring with the fault, for instances that start (or reconnect) later.
import type { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';
import type { FaultSettings } from './faults.service.js';

export class FaultsChannel {
  private listener: ((channel: string, message: string) => void) | undefined;

  constructor(
    private readonly redis: { publisher: Redis; subscriber: Redis },
    private readonly logger: Logger,
    /** The channel name, also the key of the settings in effect. */
    private readonly name: string,
  ) {}

  onChange(apply: (settings: FaultSettings) => void): void {
    this.listener = (channel, message) => {
      if (channel !== this.name) return;
      const settings = this.parse(message);
      if (settings) apply(settings);
    };
    this.redis.subscriber.on('message', this.listener);
    // Not awaited, as for revocations: start-up must not wait for an unreachable Redis. Once
    // subscribed, the settings in effect are read again: a change published while this instance
    // was still connecting would otherwise be missed.
    this.redis.subscriber
      .subscribe(this.name)
      .then(() => this.current())
      .then((settings) => settings && apply(settings))
      .catch((error: unknown) => {
        this.logger.warn('faults channel subscription failed; changes stay on their instance', {
          error,
        });
      });
  }

  /** The settings another instance published and that have not expired, if Redis answers. */
  async current(): Promise<FaultSettings | undefined> {
    try {
      const stored = await this.redis.publisher.get(this.name);
      return stored ? this.parse(stored) : undefined;
    } catch (error) {
      this.logger.warn('could not read the faults in effect from redis', { error });
      return undefined;
    }
  }

  async publish(settings: FaultSettings): Promise<void> {
    const message = JSON.stringify(settings);
    try {
      if (settings.expiresAt === null) {
        await this.redis.publisher.del(this.name);
      } else {
        await this.redis.publisher.set(this.name, message, 'PXAT', Date.parse(settings.expiresAt));
      }
      await this.redis.publisher.publish(this.name, message);
    } catch (error) {
      this.logger.warn('faults publish failed; the change applies to this instance only', {
        error,
      });
    }
  }

  stop(): void {
    if (this.listener) this.redis.subscriber.off('message', this.listener);
  }

  private parse(message: string): FaultSettings | undefined {
    try {
      return JSON.parse(message) as FaultSettings;
    } catch {
      this.logger.warn('ignored a malformed message on the faults channel');
      return undefined;
    }
  }
}
