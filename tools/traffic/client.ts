// One simulated person's HTTP client: it keeps the cookies the API sets (refresh token, device) and
// the access token, sends what a browser would (JSON, a same-origin Origin), and records every
// request in the run's statistics. Errors are data here: nothing is thrown for a status code.
import { DEVICE_COOKIE_NAME } from '../../packages/contract/src/auth.js';
import { httpRequest, NetworkError } from '../lib/http.js';
import type { Outcome, Stats } from './stats.js';

export interface Answer {
  outcome: Outcome;
  /** The parsed JSON body, or undefined for none, non-JSON or no answer. */
  body: Record<string, unknown> | undefined;
}

export class PersonClient {
  accessToken: string | undefined;
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    private readonly stats: Stats,
    private readonly timeoutMs: number,
  ) {}

  async call(
    action: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    apiPath: string,
    json?: unknown,
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'user-agent': 'gv-playground-traffic' };
    // The API refuses state-changing requests without a same-origin Origin (CSRF defence).
    if (method !== 'GET') headers.origin = new URL(this.baseUrl).origin;
    if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const started = performance.now();
    try {
      const response = await httpRequest(`${this.baseUrl}/api${apiPath}`, {
        method,
        headers,
        json,
        timeoutMs: this.timeoutMs,
      });
      this.keepCookies(response.headers.getSetCookie());
      this.stats.record(action, response.status, response.durationMs);
      return { outcome: response.status, body: parseObject(response.body) };
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      this.stats.record(action, 'network', performance.now() - started);
      return { outcome: 'network', body: undefined };
    }
  }

  /** Forgets the session, as closing the browser after signing out does. */
  forgetSession(): void {
    this.accessToken = undefined;
    for (const name of [...this.cookies.keys()]) {
      if (name !== DEVICE_COOKIE_NAME) this.cookies.delete(name);
    }
  }

  private keepCookies(setCookies: string[]): void {
    for (const cookie of setCookies) {
      const [pair = ''] = cookie.split(';');
      const separator = pair.indexOf('=');
      if (separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      // An emptied cookie (or Max-Age=0) is how the API clears one.
      if (value === '' || /max-age=0\b/i.test(cookie)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
