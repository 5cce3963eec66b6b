// The HTTP client every feature uses: Axios with the access token attached, one silent refresh
// on 401 shared by every request that hit it, and typed calls named after the contract's routes.
import type { AuthResponse, RouteName } from '@gv/contract';
import { fillPath } from '@gv/contract/paths';
import axios, { isAxiosError, type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import { currentSessionId } from '../auth/machine';
import type { AuthStore } from '../auth/store';
import { endpoints, type RequestOf, type ResponseOf } from './endpoints';
import {
  isAbortError,
  isProblem,
  isUnreachable,
  sessionEndedError,
  toApiError,
  TWO_FACTOR_REQUIRED_PROBLEM_TYPE,
} from './problem';

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Auth calls answer 401 for wrong credentials: never try a refresh for them. */
    skipSessionRefresh?: boolean;
    /** Set on the one retry after a refresh, so a second 401 cannot loop. */
    retriedAfterRefresh?: boolean;
  }
}

export interface ApiClient {
  http: AxiosInstance;
  /** Exchanges the refresh cookie for a new access token; concurrent callers share one request. */
  refreshSession(): Promise<AuthResponse>;
  call<N extends RouteName>(name: N, request?: RequestOf<N>): Promise<ResponseOf<N>>;
}

/**
 * Refresh tokens rotate on every use, and the server treats a second use of an old one as theft.
 * Two tabs refreshing at the same moment would send the same cookie twice, so the refresh runs
 * under a Web Lock shared by every tab of this origin: the second tab waits, then sends the
 * cookie the first one received.
 */
async function withRefreshLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  return locks ? await locks.request('gv-session-refresh', task) : await task();
}

/**
 * Routes whose 401 answers the credentials sent (a wrong password, an expired two-factor
 * challenge), not an expired access token.
 */
const SIGN_IN_ROUTES: ReadonlySet<RouteName> = new Set([
  'login',
  'loginTwoFactor',
  'register',
  'refresh',
]);

/** Drops empty filters so URLs stay short and the server sees only what was chosen. */
function compactQuery(query: object | undefined): Record<string, unknown> | undefined {
  if (!query) return undefined;
  return Object.fromEntries(
    Object.entries(query).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  );
}

/** Where the client reports whether the server answered (see lib/connection.ts). */
export interface ReachabilityReporter {
  reportReachable(): void;
  reportUnreachable(): void;
}

export function createApiClient(
  store: AuthStore,
  defaults: CreateAxiosDefaults = {},
  connection?: ReachabilityReporter,
): ApiClient {
  const http = axios.create({
    baseURL: '/api',
    timeout: 15_000,
    headers: { Accept: 'application/json, application/problem+json' },
    ...defaults,
  });

  let refreshing: Promise<AuthResponse> | null = null;

  function refreshSession(): Promise<AuthResponse> {
    if (refreshing) return refreshing;
    const startedFrom = currentSessionId(store.getState());
    refreshing = withRefreshLock(async () => {
      const { data } = await http.post<AuthResponse>(endpoints.refresh.path, undefined, {
        skipSessionRefresh: true,
      });
      return data;
    })
      .then(
        (auth) => {
          store.dispatch({ type: 'refresh.succeeded', auth, startedFrom });
          return auth;
        },
        (error: unknown) => {
          // No answer says nothing about the session: keep it, and try again once the server
          // is back. Only the server's refusal ends it.
          if (!isUnreachable(error)) store.dispatch({ type: 'refresh.failed', startedFrom });
          throw error;
        },
      )
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  http.interceptors.request.use((config) => {
    const state = store.getState();
    if (state.status === 'authenticated' && !config.headers.has('Authorization')) {
      config.headers.set('Authorization', `Bearer ${state.accessToken}`);
    }
    return config;
  });

  // Registered first, so it sees every answer before the refresh logic below retries anything.
  http.interceptors.response.use(
    (response) => {
      connection?.reportReachable();
      return response;
    },
    (error: unknown) => {
      if (isUnreachable(error)) connection?.reportUnreachable();
      else if (isAxiosError(error) && error.response) connection?.reportReachable();
      throw error;
    },
  );

  // An admin route refuses an admin who must turn on two-factor sign-in (REQUIRE_ADMIN_2FA).
  // Marking the user so makes the admin guard show the way to turn it on instead of the page.
  http.interceptors.response.use(undefined, (error: unknown) => {
    const state = store.getState();
    if (
      state.status === 'authenticated' &&
      isAxiosError(error) &&
      error.response?.status === 403 &&
      isProblem(error.response.data) &&
      error.response.data.type === TWO_FACTOR_REQUIRED_PROBLEM_TYPE
    ) {
      store.dispatch({
        type: 'user.updated',
        user: { ...state.user, twoFactorEnabled: false, twoFactorRequired: true },
      });
    }
    throw error;
  });

  http.interceptors.response.use(undefined, async (error: unknown) => {
    if (!isAxiosError(error) || error.response?.status !== 401 || !error.config) throw error;
    const config = error.config;
    if (config.skipSessionRefresh || config.retriedAfterRefresh) throw error;
    if (store.getState().status !== 'authenticated') throw error;

    let auth: AuthResponse;
    try {
      auth = await refreshSession();
    } catch (refreshError) {
      if (isUnreachable(refreshError)) throw refreshError;
      // The store is now anonymous; the route guard sends the person to the login page with
      // the page they were on as the return path.
      throw sessionEndedError();
    }
    config.retriedAfterRefresh = true;
    config.headers.set('Authorization', `Bearer ${auth.accessToken}`);
    return http.request(config);
  });

  async function call<N extends RouteName>(
    name: N,
    request?: RequestOf<N>,
  ): Promise<ResponseOf<N>> {
    const { method, path } = endpoints[name];
    const parts = (request ?? {}) as {
      params?: Record<string, string>;
      query?: object;
      body?: unknown;
      signal?: AbortSignal;
      acceptStatuses?: readonly number[];
    };
    const accepted = parts.acceptStatuses ?? [];
    try {
      const response = await http.request<ResponseOf<N>>({
        method,
        url: fillPath(path, parts.params),
        params: compactQuery(parts.query),
        data: parts.body,
        signal: parts.signal,
        validateStatus: (status) => (status >= 200 && status < 300) || accepted.includes(status),
        skipSessionRefresh: SIGN_IN_ROUTES.has(name),
      });
      return response.data;
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw toApiError(error);
    }
  }

  return { http, refreshSession, call };
}
