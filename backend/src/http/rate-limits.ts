// Rate limits: a general per-IP limit on the API, and the tighter ones routes declare in the
// contract (RouteSpec.rateLimits), which routing.ts puts in front of exactly those routes.
// Failed sign-ins per email are throttled by modules/auth/sign-in-throttle.ts instead.
// With Redis they are shared by every instance; without it (or while Redis is unreachable) each
// instance counts on its own.
import type { Request, RequestHandler, Response } from 'express';
import { routes, type RateLimitName, type RouteSpec } from '@gv/contract';
import { MemoryStore, rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisConnections } from '../redis.js';
import { sendProblem } from './errors.js';

export interface RateLimitOptions {
  enabled: boolean;
  redis?: RedisConnections;
  keyPrefix: string;
}

/**
 * Uses the Redis store while Redis is reachable and a local memory store otherwise, so an outage
 * degrades to per-instance limits instead of failing requests or dropping limits altogether.
 */
class FallbackStore implements Store {
  readonly localKeys = false;
  private readonly memory = new MemoryStore();

  constructor(
    private readonly redisStore: RedisStore,
    private readonly redis: RedisConnections,
  ) {}

  /** Distinguishes the limiters' keys (express-rate-limit checks each is counted once a request). */
  get prefix(): string {
    return this.redisStore.prefix;
  }

  init(options: Parameters<NonNullable<Store['init']>>[0]): void {
    this.memory.init(options);
    this.redisStore.init(options);
  }

  private async pick<T>(useRedis: () => Promise<T>, useMemory: () => Promise<T>): Promise<T> {
    if (!this.redis.isReady()) return useMemory();
    try {
      return await useRedis();
    } catch {
      return useMemory();
    }
  }

  increment(key: string) {
    return this.pick(
      () => this.redisStore.increment(key),
      () => this.memory.increment(key),
    );
  }

  decrement(key: string) {
    return this.pick(
      () => this.redisStore.decrement(key),
      () => this.memory.decrement(key),
    );
  }

  resetKey(key: string) {
    return this.pick(
      () => this.redisStore.resetKey(key),
      () => this.memory.resetKey(key),
    );
  }

  get(key: string) {
    return this.pick(
      () => this.redisStore.get(key),
      () => this.memory.get(key),
    );
  }

  shutdown() {
    return this.memory.shutdown();
  }
}

interface LimitSpec {
  name: string;
  windowMs: number;
  limit: number;
  skipSuccessfulRequests?: boolean;
  /** With skipSuccessfulRequests, which answers do not count (default: status below 400). */
  requestWasSuccessful?: (req: Request, res: Response) => boolean;
  skip?: (req: Request) => boolean;
  /** What is counted; the client address unless given. */
  keyGenerator?: (req: Request) => string;
  detail: string;
}

/** The body's email as the contract normalises it, or undefined when there is none. */
function bodyEmail(req: Request): string | undefined {
  const email: unknown = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.trim() !== '' ? email.trim().toLowerCase() : undefined;
}

/** The limits routes name in the contract, each defined once. */
export const ROUTE_RATE_LIMITS: Record<RateLimitName, LimitSpec> = {
  loginPerIp: {
    name: 'login-ip',
    windowMs: 15 * 60_000,
    limit: 50,
    skipSuccessfulRequests: true,
    detail: 'Too many failed sign-ins from this address; try again later.',
  },
  registerPerIp: {
    name: 'register-ip',
    windowMs: 60 * 60_000,
    limit: 20,
    detail: 'Too many accounts created from this address; try again later.',
  },
  /**
   * Registration says plainly when an email is taken (docs/decisions/122); counting only those
   * answers keeps a person who mistypes free to go on while making the answer useless for
   * checking lists of emails.
   */
  registerEmailTakenPerIp: {
    name: 'register-taken-ip',
    windowMs: 60 * 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 409,
    detail:
      'Too many attempts to register emails that already have accounts, from this address; try again later.',
  },
  /** Each reset request may mail someone (docs/decisions/201). */
  passwordResetPerIp: {
    name: 'password-reset-ip',
    windowMs: 60 * 60_000,
    limit: 20,
    detail: 'Too many password-reset requests from this address; try again later.',
  },
  /** Tokens are 256 random bits, so this only keeps a broken client from hashing all day. */
  passwordResetConfirmPerIp: {
    name: 'password-reset-confirm-ip',
    windowMs: 15 * 60_000,
    limit: 30,
    detail:
      'Too many attempts to set a password with a reset link from this address; try again later.',
  },
  verifyEmailPerIp: {
    name: 'verify-email-ip',
    windowMs: 15 * 60_000,
    limit: 30,
    detail: 'Too many attempts to confirm an email address from this address; try again later.',
  },
  /** Each resend mails the account's owner; a few are plenty for a lost or late mail. */
  verificationResendPerIp: {
    name: 'verification-resend-ip',
    windowMs: 60 * 60_000,
    limit: 5,
    detail: 'Too many confirmation mails asked for from this address; try again later.',
  },
  /**
   * Wrong codes also end a challenge after 5 (TWO_FACTOR_CHALLENGE_MAX_ATTEMPTS); this keeps one
   * address from starting challenge after challenge to go on guessing. Only refused codes count.
   */
  twoFactorSignInPerIp: {
    name: 'two-factor-sign-in-ip',
    windowMs: 15 * 60_000,
    limit: 30,
    skipSuccessfulRequests: true,
    detail: 'Too many wrong two-factor codes from this address; try again later.',
  },
  // Turning two-factor on or off and making new recovery codes check a password or a code each
  // time: only refused attempts count.
  twoFactorEnrolmentPerIp: {
    name: 'two-factor-enrolment-ip',
    windowMs: 15 * 60_000,
    limit: 20,
    skipSuccessfulRequests: true,
    detail: 'Too many wrong passwords from this address; try again later.',
  },
  twoFactorConfirmPerIp: {
    name: 'two-factor-confirm-ip',
    windowMs: 15 * 60_000,
    limit: 20,
    skipSuccessfulRequests: true,
    detail: 'Too many wrong codes from this address; try again later.',
  },
  twoFactorDisablePerIp: {
    name: 'two-factor-disable-ip',
    windowMs: 15 * 60_000,
    limit: 20,
    skipSuccessfulRequests: true,
    detail: 'Too many wrong passwords or codes from this address; try again later.',
  },
  recoveryCodesPerIp: {
    name: 'recovery-codes-ip',
    windowMs: 15 * 60_000,
    limit: 20,
    skipSuccessfulRequests: true,
    detail:
      'Too many wrong passwords or codes for new recovery codes from this address; try again later.',
  },
  /** Each request mails two addresses, one of them anyone's. */
  emailChangePerIp: {
    name: 'email-change-ip',
    windowMs: 60 * 60_000,
    limit: 10,
    detail: 'Too many email changes asked for from this address; try again later.',
  },
  emailChangeConfirmPerIp: {
    name: 'email-change-confirm-ip',
    windowMs: 15 * 60_000,
    limit: 30,
    detail: 'Too many attempts to confirm a new email address from this address; try again later.',
  },
  /**
   * Counted per email whether or not an account uses it, so the answer stays the same for both;
   * keeps anyone from filling an inbox with reset mails.
   */
  passwordResetPerEmail: {
    name: 'password-reset-email',
    windowMs: 60 * 60_000,
    limit: 5,
    // A body without an email fails validation; the per-address limit still counts it.
    skip: (req) => bodyEmail(req) === undefined,
    keyGenerator: (req) => bodyEmail(req)!,
    detail: 'Too many password-reset requests for this email; try again later.',
  },
};

/** The health probes (`throttled: false` in the contract): the platform polls them constantly. */
const UNTHROTTLED_PATHS = new Set(
  Object.values<RouteSpec>(routes)
    .filter((spec) => spec.throttled === false)
    .map((spec) => spec.path),
);

export interface RateLimiters {
  /** Every API request but the probes, per address. */
  general: RequestHandler;
  /** What the router puts in front of each route that names the limit. */
  perRoute: Record<RateLimitName, RequestHandler>;
}

export function createRateLimiters(options: RateLimitOptions): RateLimiters {
  const build = (spec: LimitSpec): RequestHandler => {
    if (!options.enabled) return (_req, _res, next) => next();
    const store = options.redis
      ? new FallbackStore(
          new RedisStore({
            prefix: `${options.keyPrefix}rl:${spec.name}:`,
            sendCommand: async (command: string, ...args: string[]) => {
              const { client } = options.redis!;
              // Only the store's start-up script load gets here while Redis is down (requests use
              // the memory store then); rate-limit-redis does not handle its failure, so wait.
              if (client.status !== 'ready') {
                await new Promise((resolve) => client.once('ready', resolve));
              }
              return (await client.call(command, ...args)) as RedisReply;
            },
          }),
          options.redis,
        )
      : undefined;
    return rateLimit({
      windowMs: spec.windowMs,
      limit: spec.limit,
      standardHeaders: 'draft-6',
      legacyHeaders: false,
      skipSuccessfulRequests: spec.skipSuccessfulRequests ?? false,
      ...(spec.requestWasSuccessful ? { requestWasSuccessful: spec.requestWasSuccessful } : {}),
      ...(spec.skip ? { skip: spec.skip } : {}),
      ...(spec.keyGenerator ? { keyGenerator: spec.keyGenerator } : {}),
      ...(store ? { store } : {}),
      handler: (_req, res) => sendProblem(res, 429, 'Too many requests', spec.detail),
    });
  };

  return {
    general: build({
      name: 'api',
      windowMs: 60_000,
      limit: 600,
      // Matched without a trailing slash, which Express's routes ignore as well.
      skip: (req) => UNTHROTTLED_PATHS.has(req.path.replace(/(.)\/$/, '$1')),
      detail:
        'Too many requests from this address; slow down and retry after the time in Retry-After.',
    }),
    perRoute: {
      loginPerIp: build(ROUTE_RATE_LIMITS.loginPerIp),
      registerPerIp: build(ROUTE_RATE_LIMITS.registerPerIp),
      registerEmailTakenPerIp: build(ROUTE_RATE_LIMITS.registerEmailTakenPerIp),
      passwordResetPerIp: build(ROUTE_RATE_LIMITS.passwordResetPerIp),
      passwordResetPerEmail: build(ROUTE_RATE_LIMITS.passwordResetPerEmail),
      passwordResetConfirmPerIp: build(ROUTE_RATE_LIMITS.passwordResetConfirmPerIp),
      verifyEmailPerIp: build(ROUTE_RATE_LIMITS.verifyEmailPerIp),
      verificationResendPerIp: build(ROUTE_RATE_LIMITS.verificationResendPerIp),
      twoFactorSignInPerIp: build(ROUTE_RATE_LIMITS.twoFactorSignInPerIp),
      twoFactorEnrolmentPerIp: build(ROUTE_RATE_LIMITS.twoFactorEnrolmentPerIp),
      twoFactorConfirmPerIp: build(ROUTE_RATE_LIMITS.twoFactorConfirmPerIp),
      twoFactorDisablePerIp: build(ROUTE_RATE_LIMITS.twoFactorDisablePerIp),
      recoveryCodesPerIp: build(ROUTE_RATE_LIMITS.recoveryCodesPerIp),
      emailChangePerIp: build(ROUTE_RATE_LIMITS.emailChangePerIp),
      emailChangeConfirmPerIp: build(ROUTE_RATE_LIMITS.emailChangeConfirmPerIp),
    },
  };
}
