// What can go wrong in a request, as the services see it. These errors know nothing of HTTP:
// http/errors.ts is the one place that turns them into statuses, titles and headers
// (docs/decisions/160). Each carries a detail the client may read, so it must never hold SQL,
// stack traces or another user's data.
import type { FieldError } from '@gv/contract';

abstract class DomainErrorBase extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = new.target.name;
  }

  /** What the client is told: the message, written for the person who sent the request. */
  get detail(): string {
    return this.message;
  }
}

/** The request names fields whose values are wrong; `errors` says which and why. */
export class InvalidInput extends DomainErrorBase {
  readonly kind = 'invalid-input';

  constructor(
    readonly errors: FieldError[],
    detail = 'The request has invalid fields; see errors.',
  ) {
    super(detail);
  }
}

/** No signed-in user, or the credentials or session presented are not (or no longer) valid. */
export class NotAuthenticated extends DomainErrorBase {
  readonly kind = 'not-authenticated';

  constructor(reason = 'Sign in to continue.') {
    super(reason);
  }
}

/** The caller is known but may not do this. */
export class NotAllowed extends DomainErrorBase {
  readonly kind = 'not-allowed';

  constructor(detail = 'You are not allowed to do this.') {
    super(detail);
  }
}

/**
 * An admin route, for an admin without two-factor sign-in while REQUIRE_ADMIN_2FA is on: they
 * may sign in, but must turn it on before admin routes answer them.
 */
export class TwoFactorRequired extends DomainErrorBase {
  readonly kind = 'two-factor-required';

  constructor(
    detail = 'Administrators must turn on two-factor sign-in first: open your profile to set it up.',
  ) {
    super(detail);
  }
}

export class NotFound extends DomainErrorBase {
  readonly kind = 'not-found';

  constructor(detail = 'Nothing was found here.') {
    super(detail);
  }
}

/** The request is valid but clashes with the current state (an email taken, the last admin). */
export class Conflict extends DomainErrorBase {
  readonly kind = 'conflict';
}

/** The caller must wait before trying again; `summary` names what was limited. */
export class RateLimited extends DomainErrorBase {
  readonly kind = 'rate-limited';

  constructor(
    readonly summary: string,
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
}

export type DomainError =
  | InvalidInput
  | NotAuthenticated
  | NotAllowed
  | TwoFactorRequired
  | NotFound
  | Conflict
  | RateLimited;

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainErrorBase;
}
