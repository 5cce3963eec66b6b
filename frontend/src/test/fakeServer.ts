// A stand-in for the backend in unit tests: an Axios adapter that answers from handlers and
// records every request, so tests can assert what the client sent and how often.
import type { AuthResponse, User } from '@gv/contract';
import {
  AxiosError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';

export interface FakeRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
  params: unknown;
}

export type Reply =
  | {
      status: number;
      data?: unknown;
      delayMs?: number;
      headers?: Record<string, string>;
    }
  /** No answer at all, as when the server is stopped (the browser reports a network error). */
  | { unreachable: true; delayMs?: number };
type Handler = (request: FakeRequest) => Reply | Promise<Reply>;

export function fakeServer(handlers: Record<string, Handler>) {
  const requests: FakeRequest[] = [];
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const request: FakeRequest = {
      method,
      url,
      authorization: config.headers.get('Authorization')?.toString(),
      body: typeof config.data === 'string' ? JSON.parse(config.data) : config.data,
      params: config.params,
    };
    requests.push(request);
    const handler = handlers[`${method} ${url}`];
    const reply = handler ? await handler(request) : { status: 404, data: notFoundProblem(url) };
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if ('unreachable' in reply) {
      throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {});
    }
    const response: AxiosResponse = {
      status: reply.status,
      statusText: String(reply.status),
      data: reply.data,
      headers: reply.headers ?? {},
      config,
    };
    const validate = config.validateStatus ?? ((status: number) => status >= 200 && status < 300);
    if (!validate(reply.status)) {
      throw new AxiosError(
        `Request failed with status code ${reply.status}`,
        reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
        config,
        null,
        response,
      );
    }
    return response;
  };
  return {
    adapter,
    requests,
    count: (method: string, url: string) =>
      requests.filter((request) => request.method === method && request.url === url).length,
  };
}

export function problem(status: number, title: string, extra: Record<string, unknown> = {}) {
  return {
    status,
    data: { type: 'about:blank', title, status, requestId: 'req-test', ...extra },
  };
}

function notFoundProblem(url: string) {
  return problem(404, 'Not Found', { detail: `No handler for ${url}` }).data;
}

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    role: 'user',
    status: 'active',
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    lastLoginAt: null,
    emailVerified: true,
    twoFactorEnabled: false,
    ...overrides,
  };
}

export function makeAuth(token: string, overrides: Partial<AuthResponse> = {}): AuthResponse {
  return {
    accessToken: token,
    tokenType: 'Bearer',
    expiresAt: '2099-01-01T00:00:00.000Z',
    sessionId: '22222222-2222-4222-8222-222222222222',
    user: makeUser(),
    ...overrides,
  };
}
