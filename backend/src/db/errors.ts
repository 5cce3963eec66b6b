// What the application reads from database errors: whether the database is unreachable, whether
// the client sent text PostgreSQL cannot store, and the part of an error that is safe to log.
//
// Drizzle wraps every driver error in its own ("Failed query: <sql>\nparams: <values>"), and the
// values are whatever the statement carried: password hashes, refresh-token hashes, emails. So an
// error from the database is never logged as it is; describeDatabaseError keeps the code and the
// SQL text and drops every value.

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  query?: unknown;
  params?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  cause?: unknown;
}

const MAX_CAUSE_DEPTH = 5;

/** The error and its causes, outermost first. */
function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current && typeof current === 'object'; depth++) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error|Query read timeout/i;

/** Errors from the database driver that mean "unreachable", not "bad query". */
export function isDatabaseUnavailable(error: unknown): boolean {
  return causeChain(error).some(
    ({ code, message }) =>
      (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) ||
      (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)),
  );
}

/**
 * Text PostgreSQL cannot store: a NUL character in a text value (22021) or a \u0000 escape in
 * JSON (22P05). Input like that is the client's mistake, not a server fault.
 */
export function isUnstorableText(error: unknown): boolean {
  return causeChain(error).some(({ code }) => code === '22021' || code === '22P05');
}

/** True when the error, or one of its causes, came from running a statement. */
export function isDatabaseError(error: unknown): boolean {
  return causeChain(error).some(
    (link) =>
      typeof link.query === 'string' ||
      'params' in link ||
      (typeof link.message === 'string' && link.message.startsWith('Failed query:')),
  );
}

export interface LoggableDatabaseError {
  name: string;
  /** SQLSTATE (e.g. 23505) or the socket error code (e.g. ECONNREFUSED). */
  code?: string;
  /** The statement as written, with $1 placeholders: never the values. */
  query?: string;
  /** The driver's reason, with quoted values removed. */
  reason?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

const MAX_QUERY_LENGTH = 1_000;

// PostgreSQL quotes values and identifiers alike; a quoted segment stays only where a keyword
// names it as an identifier (constraint "users_email_idx", column "email").
const IDENTIFIER_BEFORE =
  /(?:constraint|relation|column|table|index|schema|database|function|type) $/;

/** Drops "params: ..." from a Drizzle message and quoted values from a driver message. */
export function withoutValues(message: string): string {
  return message
    .replace(/\nparams: [\s\S]*$/, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, (quoted, offset: number, whole: string) =>
      IDENTIFIER_BEFORE.test(whole.slice(Math.max(0, offset - 16), offset)) ? quoted : '"…"',
    );
}

export function describeDatabaseError(error: unknown): LoggableDatabaseError {
  const chain = causeChain(error);
  const outer = chain[0] ?? {};
  const withQuery = chain.find((link) => typeof link.query === 'string');
  const withCode = chain.find((link) => typeof link.code === 'string');
  // The innermost error is the driver's own: its message says why (refused, constraint, syntax).
  const driver = chain.at(-1) ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const description: LoggableDatabaseError = {
    name: text(outer.name) ?? 'Error',
  };
  const code = text(withCode?.code);
  if (code) description.code = code;
  const query = text(withQuery?.query);
  if (query) description.query = query.slice(0, MAX_QUERY_LENGTH);
  // Drizzle's own message is the SQL and the values: the reason comes from the driver beneath it.
  const reason = text(driver.message);
  if (reason && !reason.startsWith('Failed query:')) description.reason = withoutValues(reason);
  for (const key of ['constraint', 'table', 'column'] as const) {
    const value = text(chain.find((link) => typeof link[key] === 'string')?.[key]);
    if (value) description[key] = value;
  }
  return description;
}
