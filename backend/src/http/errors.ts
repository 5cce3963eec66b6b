// The one place where errors become RFC 9457 problem+json: the services' domain errors, the body
// parser's, the database's, and anything unexpected (a 500 that names only the request id).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  TWO_FACTOR_REQUIRED_PROBLEM_TYPE,
  FIELD_ERROR_MESSAGE_MAX_LENGTH,
  FIELD_ERROR_PATH_MAX_LENGTH,
  FIELD_ERRORS_MAX,
  PROBLEM_DETAIL_MAX_LENGTH,
  type FieldError,
  type Problem,
} from '@gv/contract';
import { isDomainError, type DomainError } from '../domain/errors.js';
import { errorForLog, type Logger } from '../observability/logger.js';
import { describeDatabaseError, isDatabaseUnavailable, isUnstorableText } from '../db/errors.js';
import { currentRequestContext } from '../observability/current-request.js';

interface HttpProblem {
  status: number;
  title: string;
  /** A `type` of its own, for a problem clients act on differently from others of its status. */
  type?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/** The one table from what went wrong (domain/errors.ts) to what the client is answered. */
function problemFor(error: DomainError): HttpProblem {
  switch (error.kind) {
    case 'invalid-input':
      return { status: 400, title: 'Invalid request', errors: error.errors };
    case 'not-authenticated':
      return { status: 401, title: 'Unauthorized', headers: { 'WWW-Authenticate': 'Bearer' } };
    case 'not-allowed':
      return { status: 403, title: 'Forbidden' };
    case 'two-factor-required':
      return {
        status: 403,
        title: 'Two-factor sign-in required',
        type: TWO_FACTOR_REQUIRED_PROBLEM_TYPE,
      };
    case 'not-found':
      return { status: 404, title: 'Not found' };
    case 'conflict':
      return { status: 409, title: 'Conflict' };
    case 'rate-limited':
      return {
        status: 429,
        title: error.summary,
        headers: { 'Retry-After': String(error.retryAfterSeconds) },
      };
  }
}

const PROBLEM_TYPE_BASE = 'https://gv-playground.dev/problems/';

function problemType(status: number): string {
  const slugs: Record<number, string> = {
    400: 'invalid-request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not-found',
    409: 'conflict',
    413: 'payload-too-large',
    415: 'unsupported-media-type',
    429: 'too-many-requests',
    503: 'service-unavailable',
  };
  return slugs[status] ? PROBLEM_TYPE_BASE + slugs[status] : 'about:blank';
}

/** Texts can echo what the client sent (a path, a field name): cut to the documented lengths. */
const shorten = (text: string, maxLength: number) =>
  text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;

function problemBody(
  status: number,
  title: string,
  detail?: string,
  errors?: FieldError[],
  type: string = problemType(status),
): Problem {
  const requestId = currentRequestContext()?.requestId ?? 'unknown';
  return {
    type,
    title,
    status,
    ...(detail ? { detail: shorten(detail, PROBLEM_DETAIL_MAX_LENGTH) } : {}),
    requestId,
    ...(errors
      ? {
          errors: errors.slice(0, FIELD_ERRORS_MAX).map((error) => ({
            path: shorten(error.path, FIELD_ERROR_PATH_MAX_LENGTH),
            message: shorten(error.message, FIELD_ERROR_MESSAGE_MAX_LENGTH),
          })),
        }
      : {}),
  };
}

export function sendProblem(
  res: Parameters<RequestHandler>[1],
  status: number,
  title: string,
  detail?: string,
  errors?: FieldError[],
  type?: string,
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json(problemBody(status, title, detail, errors, type));
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (isDomainError(error)) {
      const problem = problemFor(error);
      for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
      sendProblem(res, problem.status, problem.title, error.detail, problem.errors, problem.type);
      return;
    }
    // Errors raised by Express's body parser carry a status and a type.
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.too.large') {
      sendProblem(
        res,
        413,
        'Payload too large',
        'The request body is larger than the server accepts.',
      );
      return;
    }
    if (bodyError.type === 'entity.parse.failed') {
      sendProblem(res, 400, 'Invalid request', 'The request body is not valid JSON.', [
        { path: 'body', message: 'Malformed JSON' },
      ]);
      return;
    }
    if (bodyError.type === 'charset.unsupported' || bodyError.type === 'encoding.unsupported') {
      sendProblem(res, 415, 'Unsupported media type', 'Send JSON encoded as UTF-8.');
      return;
    }
    if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
      sendProblem(res, bodyError.status, 'Invalid request');
      return;
    }
    if (isUnstorableText(error)) {
      sendProblem(res, 400, 'Invalid request', 'The request contains a NUL character.', [
        { path: 'request', message: 'Text may not contain NUL (\\u0000) characters' },
      ]);
      return;
    }
    if (isDatabaseUnavailable(error)) {
      logger.error('database unavailable', {
        error: describeDatabaseError(error),
        route: req.originalUrl,
      });
      res.setHeader('Retry-After', '5');
      sendProblem(
        res,
        503,
        'Service unavailable',
        'The database is unavailable. Try again shortly.',
      );
      return;
    }
    logger.error('unhandled error', { error: errorForLog(error), route: req.originalUrl });
    sendProblem(
      res,
      500,
      'Internal server error',
      'Something went wrong on our side. Quote the requestId if you report it.',
    );
  };
}
