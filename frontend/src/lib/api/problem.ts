// Turns whatever a failed request produced into one error type the UI can show.
import type { FieldError, Problem } from '@gv/contract';
import { isAxiosError, isCancel } from 'axios';

/**
 * The contract's TWO_FACTOR_REQUIRED_PROBLEM_TYPE, written out so the first-load code does not
 * import the contract's values (and zod with them); problem.test.ts checks the two agree.
 */
export const TWO_FACTOR_REQUIRED_PROBLEM_TYPE =
  'https://gv-playground.dev/problems/two-factor-required';

export class ApiError extends Error {
  readonly status: number;
  /** The problem's type URI, for answers the console treats specially (e.g. two-factor-required). */
  readonly type: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly fieldErrors: FieldError[];
  /** True when the session is over and the app is already on its way to the login page. */
  readonly sessionEnded: boolean;
  /** From a 429's Retry-After header: how many seconds to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * No answer from the server itself: the network failed, or the proxy in front of it (nginx,
   * a load balancer) answered 502/504 because the backend is down. Worth retrying by itself.
   */
  readonly unreachable: boolean;

  constructor(init: {
    status: number;
    type?: string | undefined;
    title: string;
    detail?: string | undefined;
    requestId?: string | undefined;
    fieldErrors?: FieldError[];
    sessionEnded?: boolean;
    retryAfterSeconds?: number | undefined;
    unreachable?: boolean;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.fieldErrors = init.fieldErrors ?? [];
    this.sessionEnded = init.sessionEnded ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.unreachable = init.unreachable ?? false;
  }

  /** The sentence to show a person. */
  get userMessage(): string {
    return this.detail ?? this.title;
  }
}

export function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Problem).title === 'string' &&
    typeof (body as Problem).status === 'number'
  );
}

export function sessionEndedError(): ApiError {
  return new ApiError({
    status: 401,
    title: 'Session ended',
    detail: 'Your session has ended. Please sign in again.',
    sessionEnded: true,
  });
}

export function isAbortError(error: unknown): boolean {
  return isCancel(error) || (error instanceof DOMException && error.name === 'AbortError');
}

/** Answers a proxy gives for a backend that is down; the backend's own errors are problem+json. */
const GATEWAY_STATUSES = [502, 503, 504];

/** True when a failed request got no answer from the backend itself (see ApiError.unreachable). */
export function isUnreachable(error: unknown): boolean {
  if (!isAxiosError(error) || isCancel(error)) return false;
  if (!error.response) return error.code !== 'ECONNABORTED';
  return GATEWAY_STATUSES.includes(error.response.status) && !isProblem(error.response.data);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isAxiosError(error)) {
    const response = error.response;
    if (isUnreachable(error)) {
      return new ApiError({
        status: response?.status ?? 0,
        title: 'Cannot reach the server',
        detail: 'Cannot reach the server. Check your connection and try again.',
        unreachable: true,
      });
    }
    if (!response) {
      return new ApiError({
        status: 0,
        title: 'Network error',
        detail: 'The server took too long to answer. Try again in a moment.',
      });
    }
    if (isProblem(response.data)) {
      const problem = response.data;
      const retryAfter = Number(response.headers?.['retry-after']);
      return new ApiError({
        status: response.status,
        type: problem.type,
        title: problem.title,
        detail: problem.detail,
        requestId: problem.requestId,
        fieldErrors: problem.errors,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      });
    }
    return new ApiError({
      status: response.status,
      title: response.statusText || `HTTP ${response.status}`,
      detail: `The server answered with status ${response.status}.`,
    });
  }
  return new ApiError({
    status: 0,
    title: 'Unexpected error',
    detail: error instanceof Error ? error.message : String(error),
  });
}
