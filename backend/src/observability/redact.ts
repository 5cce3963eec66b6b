// Removes secrets from anything about to be logged: passwords, tokens, cookies, authorization,
// and the parameter values a failed database statement carries.
import { describeDatabaseError, isDatabaseError } from '../db/errors.js';

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|api[-_]?key|set-cookie|hash/i;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
// Connection strings may carry a password: postgres://user:secret@host
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi;
// A password hash in PHC form, wherever it turns up.
const ARGON2_HASH = /\$argon2(?:id|i|d)\$[A-Za-z0-9$=,./+]*/g;
// Drizzle appends a failed statement's values to its message: "Failed query: ...\nparams: ...".
const STATEMENT_PARAMS = /(Failed query: [\s\S]*?)\nparams: [\s\S]*$/;

export const REDACTED = '[REDACTED]';

/**
 * Whether the text could hold any of the secrets above. Most logged strings (ids, routes, user
 * agents) hold none, and five substring searches cost far less than five regular expressions.
 */
function mayHoldSecret(text: string): boolean {
  return (
    text.includes('Bearer') ||
    text.includes('eyJ') ||
    text.includes('://') ||
    text.includes('$argon2') ||
    text.includes('\nparams: ')
  );
}

export function redactString(text: string): string {
  if (!mayHoldSecret(text)) return text;
  return text
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT, REDACTED)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
    .replace(ARGON2_HASH, REDACTED)
    .replace(STATEMENT_PARAMS, '$1');
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[Truncated]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) {
    if (isDatabaseError(value)) return describeDatabaseError(value);
    return { name: value.name, message: redactString(value.message) };
  }
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
    }
    return result;
  }
  return value;
}
