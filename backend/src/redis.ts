// Optional Redis connections (REDIS_URL). Redis shares rate limits and session revocations
// between instances; every feature that uses it keeps working in-process when it is unreachable.
// ioredis is loaded only when REDIS_URL is set: imported, it holds about 10 MiB that the
// all-in-one start and a single instance never use (docs/decisions/226).
import type { Redis } from 'ioredis';
import type { Logger } from './observability/logger.js';

export interface RedisConnections {
  /** Commands (rate limits, publish). */
  client: Redis;
  /** A connection in subscriber mode can run nothing else, so pub/sub gets its own. */
  subscriber: Redis;
  isReady(): boolean;
  ping(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export async function connectRedis(url: string, logger: Logger): Promise<RedisConnections> {
  const { Redis } = await import('ioredis');
  const options = {
    // Fail commands quickly while disconnected instead of queueing them behind a dead link.
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  };
  const client = new Redis(url, options);
  const subscriber = new Redis(url, {
    ...options,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
  });

  // Say once that Redis went away and once that it came back, not on every reconnect attempt.
  let down = false;
  const onError = (error: Error) => {
    if (!down) {
      down = true;
      logger.warn('redis unavailable; using in-process fallbacks until it returns', {
        error: error.message,
      });
    }
  };
  client.on('error', onError);
  subscriber.on('error', () => {});
  client.on('ready', () => {
    if (down) logger.info('redis reachable again; shared rate limits and revocations resumed');
    down = false;
  });

  return {
    client,
    subscriber,
    isReady: () => client.status === 'ready',
    ping: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          client.ping(),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`redis ping timed out after ${timeoutMs} ms`)),
              timeoutMs,
            );
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      // quit() waits for Redis to answer; against an unreachable Redis that would hold shutdown
      // forever, so connections that are not up are simply dropped.
      await Promise.allSettled(
        [client, subscriber].map((connection) =>
          connection.status === 'ready' ? connection.quit() : undefined,
        ),
      );
      client.disconnect();
      subscriber.disconnect();
    },
  };
}
