// One HTTP call with a hard timeout and an error message an operator can act on.

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as JSON when set. */
  json?: unknown;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  durationMs: number;
}

/** The request never got an HTTP answer: nothing listening, DNS, TLS, or the timeout. */
export class NetworkError extends Error {
  override name = 'NetworkError';
}

export async function httpRequest(url: string, request: HttpRequest): Promise<HttpResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: request.method ?? 'GET',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    throw new NetworkError(describeNetworkError(error, url, request.timeoutMs));
  }
}

const CAUSE_HINTS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing is listening there',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'DNS lookup failed (temporary)',
  EHOSTUNREACH: 'the host is unreachable',
  ETIMEDOUT: 'the connection timed out',
  CERT_HAS_EXPIRED: 'the TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the TLS certificate is self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the TLS certificate does not cover this host name',
};

/** Turns fetch's nested errors into one sentence: `GET <url>: connection refused (ECONNREFUSED)`. */
export function describeNetworkError(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return `${url}: no answer within ${timeoutMs} ms`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code;
  if (code) return `${url}: ${CAUSE_HINTS[code] ?? cause?.message ?? 'request failed'} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return `${url}: ${cause?.message ?? message}`;
}

/** Parses a JSON body, or explains what came back instead (e.g. an HTML error page). */
export function parseJson(response: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    const preview = response.body.slice(0, 120).replace(/\s+/g, ' ');
    throw new Error(`${what}: expected JSON, got ${contentType}: "${preview}"`);
  }
}

/** The `detail`/`title` of an RFC 9457 problem body, for failure messages. */
export function problemSummary(response: HttpResponse): string {
  try {
    const problem = JSON.parse(response.body) as {
      title?: string;
      detail?: string;
      message?: string;
    };
    const text = [problem.title, problem.detail ?? problem.message].filter(Boolean).join(': ');
    if (text) return text;
  } catch {
    // Not JSON: fall through to a short preview of the body.
  }
  return response.body.slice(0, 120).replace(/\s+/g, ' ') || '(empty body)';
}
