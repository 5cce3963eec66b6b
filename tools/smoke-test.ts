// Smoke test of a running GV Playground: probes, API document, and one throwaway user's whole
// journey (register, login, profile, refresh, sessions, logout, delete). The deploy workflows run
// it against staging and production; run it locally with `npm run smoke -- http://localhost:3000`.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { authResponseSchema, REFRESH_COOKIE_NAME } from '../packages/contract/src/auth.js';
import {
  healthSummarySchema,
  livenessSchema,
  readinessSchema,
} from '../packages/contract/src/health.js';
import { routes } from '../packages/contract/src/routes.js';
import { sessionListSchema } from '../packages/contract/src/sessions.js';
import { userSchema } from '../packages/contract/src/users.js';
import { readArgs, runTool, UsageError } from './lib/cli.js';
import { formatDuration, parseDuration } from './lib/durations.js';
import { httpRequest, parseJson, problemSummary, type HttpResponse } from './lib/http.js';
import { CheckFailed, StepFailed, StepRunner } from './lib/steps.js';

const USAGE = `Usage: smoke-test [base-url] [options]

  base-url                 where the app answers, e.g. https://staging.example.com
                           (default: $SMOKE_BASE_URL)
  --expect-frontend        also check that the SPA is served at / (default: $SMOKE_EXPECT_FRONTEND)
  --expect-commit <sha>    fail unless /api/health reports this commit (a finished rollout)
  --request-timeout <d>    limit for each request (default 10s)
  --timeout <d>            limit for the whole run (default 2m)
  -h, --help               show this text`;

interface SmokeOptions {
  baseUrl: string;
  expectFrontend: boolean;
  expectCommit?: string;
  requestTimeoutMs: number;
  totalTimeoutMs: number;
}

function readOptions(argv: string[]): SmokeOptions {
  const { values, positionals } = readArgs(argv, {
    'expect-frontend': { type: 'boolean' },
    'expect-commit': { type: 'string' },
    'request-timeout': { type: 'string', default: '10s' },
    timeout: { type: 'string', default: '2m' },
  });
  if (positionals.length > 1) throw new UsageError('give one base URL');
  const rawUrl = positionals[0] ?? process.env.SMOKE_BASE_URL;
  if (!rawUrl) throw new UsageError('give the base URL as an argument or in SMOKE_BASE_URL');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UsageError(`"${rawUrl}" is not a URL (expected e.g. https://staging.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the base URL must be http:// or https:// (got ${url.protocol})`);
  }
  const envFlag = /^(1|true|yes)$/i.test(process.env.SMOKE_EXPECT_FRONTEND ?? '');
  return {
    baseUrl: url.toString().replace(/\/+$/, ''),
    expectFrontend: values['expect-frontend'] ?? envFlag,
    expectCommit: values['expect-commit'] || undefined,
    requestTimeoutMs: parseDuration(values['request-timeout'], '--request-timeout'),
    totalTimeoutMs: parseDuration(values.timeout, '--timeout'),
  };
}

/** Validates a body against the contract; the message lists the fields that do not match. */
function expectShape<T>(schema: z.ZodType<T>, response: HttpResponse, what: string): T {
  const result = schema.safeParse(parseJson(response, what));
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  throw new CheckFailed(`${what} does not match the API contract: ${problems.join('; ')}`);
}

function expectStatus(response: HttpResponse, expected: number, what: string): void {
  if (response.status === expected) return;
  throw new CheckFailed(
    `${what} answered ${response.status}, expected ${expected}: ${problemSummary(response)}`,
  );
}

/** The refresh cookie's value from Set-Cookie headers, or undefined when none was set. */
function refreshCookieFrom(response: HttpResponse): string | undefined {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair = ''] = cookie.split(';');
    const separator = pair.indexOf('=');
    if (pair.slice(0, separator).trim() === REFRESH_COOKIE_NAME) {
      const value = pair.slice(separator + 1).trim();
      return value || undefined;
    }
  }
  return undefined;
}

const short = (id: string) => id.slice(0, 8);

async function runSmokeTest(options: SmokeOptions, steps: StepRunner): Promise<void> {
  const origin = new URL(options.baseUrl).origin;
  const api = (path: string) => `${options.baseUrl}/api${path}`;
  const call = (
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    extra: { token?: string; cookie?: string; json?: unknown } = {},
  ) => {
    const headers: Record<string, string> = { 'user-agent': 'gv-playground-smoke-test' };
    if (method !== 'GET') headers.origin = origin;
    if (extra.token) headers.authorization = `Bearer ${extra.token}`;
    if (extra.cookie) headers.cookie = `${REFRESH_COOKIE_NAME}=${extra.cookie}`;
    return httpRequest(api(path), {
      method,
      headers,
      json: extra.json,
      timeoutMs: options.requestTimeoutMs,
    });
  };

  await steps.run('liveness', async () => {
    const response = await call('GET', routes.liveness.path);
    expectStatus(response, 200, 'liveness');
    expectShape(livenessSchema, response, 'liveness body');
    return { value: undefined, detail: `GET /api${routes.liveness.path} → 200 ok` };
  });

  await steps.run('readiness', async () => {
    const response = await call('GET', routes.readiness.path);
    if (response.status === 503) {
      const body = expectShape(readinessSchema, response, 'readiness body');
      const down = Object.entries(body.checks)
        .filter(([, check]) => check.status === 'down')
        .map(([name]) => name);
      throw new CheckFailed(
        `not ready (${body.status})${down.length ? `: ${down.join(', ')} down` : ''}`,
      );
    }
    expectStatus(response, 200, 'readiness');
    const body = expectShape(readinessSchema, response, 'readiness body');
    const checks = Object.entries(body.checks)
      .map(([name, check]) => `${name} ${check.status}`)
      .join(', ');
    return { value: undefined, detail: `GET /api${routes.readiness.path} → 200 (${checks})` };
  });

  await steps.run('health summary', async () => {
    const response = await call('GET', routes.health.path);
    expectStatus(response, 200, 'health summary');
    const body = expectShape(healthSummarySchema, response, 'health summary');
    const expected = options.expectCommit;
    if (expected && !(body.commit.startsWith(expected) || expected.startsWith(body.commit))) {
      throw new CheckFailed(
        `serving commit ${body.commit}, expected ${expected}: the new version is not live yet`,
      );
    }
    return {
      value: undefined,
      detail: `${body.status}, version ${body.version}, commit ${short(body.commit)}, ${body.database}`,
    };
  });

  await steps.run('API document', async () => {
    const response = await call('GET', '/openapi.json');
    expectStatus(response, 200, 'openapi.json');
    const document = parseJson(response, 'openapi.json') as {
      openapi?: unknown;
      paths?: Record<string, Record<string, unknown>>;
    };
    if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.')) {
      throw new CheckFailed(`not an OpenAPI 3 document (openapi: ${String(document.openapi)})`);
    }
    const missing = Object.values(routes)
      .map((route) => ({
        method: route.method,
        path: `/api${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`,
      }))
      .filter(({ method, path }) => !document.paths?.[path]?.[method])
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    if (missing.length > 0) {
      throw new CheckFailed(`the served document lacks ${missing.join(', ')}`);
    }
    return {
      value: undefined,
      detail: `OpenAPI ${document.openapi}, all ${Object.keys(routes).length} routes documented`,
    };
  });

  const email = `smoke-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}@example.com`;
  const password = `Smoke-${randomBytes(18).toString('base64url')}`;
  let cleanupToken: string | undefined;
  let accountDeleted = false;

  try {
    const registered = await steps.run('register', async () => {
      const response = await call('POST', routes.register.path, {
        json: { email, password, name: 'Smoke Test' },
      });
      expectStatus(response, 201, 'register');
      const body = expectShape(authResponseSchema, response, 'register response');
      cleanupToken = body.accessToken;
      if (body.user.email !== email) {
        throw new CheckFailed(`registered ${body.user.email}, expected ${email}`);
      }
      if (!refreshCookieFrom(response)) {
        throw new CheckFailed(`no ${REFRESH_COOKIE_NAME} cookie was set`);
      }
      return { value: body, detail: `${email} (session ${short(body.sessionId)})` };
    });

    const loggedIn = await steps.run('login', async () => {
      const response = await call('POST', routes.login.path, { json: { email, password } });
      expectStatus(response, 200, 'login');
      const body = expectShape(authResponseSchema, response, 'login response');
      const cookie = refreshCookieFrom(response);
      if (!cookie) throw new CheckFailed(`no ${REFRESH_COOKIE_NAME} cookie was set`);
      if (body.sessionId === registered.sessionId) {
        throw new CheckFailed('login reused the registration session instead of starting one');
      }
      return { value: { ...body, cookie }, detail: `new session ${short(body.sessionId)}` };
    });

    await steps.run('profile', async () => {
      const response = await call('GET', routes.getMe.path, { token: loggedIn.accessToken });
      expectStatus(response, 200, 'GET /api/users/me');
      const user = expectShape(userSchema, response, 'profile');
      if (user.email !== email)
        throw new CheckFailed(`profile is ${user.email}, expected ${email}`);
      return {
        value: undefined,
        detail: `GET /api${routes.getMe.path} → ${user.role} ${user.status}`,
      };
    });

    const refreshed = await steps.run('refresh', async () => {
      const response = await call('POST', routes.refresh.path, { cookie: loggedIn.cookie });
      expectStatus(response, 200, 'refresh');
      const body = expectShape(authResponseSchema, response, 'refresh response');
      const cookie = refreshCookieFrom(response);
      if (!cookie) throw new CheckFailed(`no rotated ${REFRESH_COOKIE_NAME} cookie was set`);
      if (cookie === loggedIn.cookie) throw new CheckFailed('the refresh cookie was not rotated');
      if (body.sessionId !== loggedIn.sessionId) {
        throw new CheckFailed(
          `refresh answered session ${body.sessionId}, expected ${loggedIn.sessionId}`,
        );
      }
      return { value: { ...body, cookie }, detail: 'new access token, cookie rotated' };
    });

    await steps.run('sessions', async () => {
      const response = await call('GET', routes.listMySessions.path, {
        token: refreshed.accessToken,
      });
      expectStatus(response, 200, 'GET /api/sessions');
      const { data } = expectShape(sessionListSchema, response, 'session list');
      const current = data.find((session) => session.current);
      if (current?.id !== loggedIn.sessionId) {
        throw new CheckFailed(
          `the current session is ${current?.id ?? 'not flagged'}, expected ${loggedIn.sessionId}`,
        );
      }
      if (!data.some((session) => session.id === registered.sessionId)) {
        throw new CheckFailed('the registration session is missing from the list');
      }
      return { value: undefined, detail: `${data.length} active, current one flagged` };
    });

    await steps.run('logout', async () => {
      const response = await call('POST', routes.logout.path, {
        token: refreshed.accessToken,
        cookie: refreshed.cookie,
      });
      expectStatus(response, 204, 'logout');
      return { value: undefined, detail: `POST /api${routes.logout.path} → 204` };
    });

    await steps.run('refresh after logout', async () => {
      const response = await call('POST', routes.refresh.path, { cookie: refreshed.cookie });
      expectStatus(response, 401, 'refresh with the logged-out cookie');
      return { value: undefined, detail: 'refused with 401: the session has ended' };
    });

    await steps.run('delete account', async () => {
      const response = await call('DELETE', routes.deleteMe.path, {
        token: registered.accessToken,
        json: { password },
      });
      expectStatus(response, 204, 'DELETE /api/users/me');
      accountDeleted = true;
      return { value: undefined, detail: `DELETE /api${routes.deleteMe.path} → 204` };
    });

    await steps.run('account gone', async () => {
      const response = await call('GET', routes.getMe.path, { token: registered.accessToken });
      expectStatus(response, 401, 'GET /api/users/me after deletion');
      return { value: undefined, detail: 'the old token is refused with 401' };
    });
  } finally {
    if (cleanupToken && !accountDeleted) {
      const response = await call('DELETE', routes.deleteMe.path, {
        token: cleanupToken,
        json: { password },
      }).catch(() => undefined);
      console.log(
        response?.status === 204
          ? `  cleanup: deleted the smoke-test account ${email}`
          : `  cleanup: could not delete the smoke-test account ${email}; remove it by hand`,
      );
    }
  }

  if (options.expectFrontend) {
    await steps.run('frontend', async () => {
      const response = await httpRequest(`${options.baseUrl}/`, {
        headers: { accept: 'text/html' },
        timeoutMs: options.requestTimeoutMs,
      });
      expectStatus(response, 200, 'GET /');
      const contentType = response.headers.get('content-type') ?? '';
      if (!contentType.includes('text/html') || !/<!doctype html>/i.test(response.body)) {
        throw new CheckFailed(`GET / served ${contentType || 'no content type'}, not the SPA page`);
      }
      const script = /<script[^>]+src="([^"]+)"/i.exec(response.body)?.[1];
      if (!script) throw new CheckFailed('the page at / loads no script: is it the built SPA?');
      const asset = await httpRequest(new URL(script, `${options.baseUrl}/`).toString(), {
        headers: { accept: '*/*' },
        timeoutMs: options.requestTimeoutMs,
      });
      expectStatus(asset, 200, `GET ${script}`);
      return { value: undefined, detail: `index.html and ${script} served` };
    });
  }
}

async function run(options: SmokeOptions): Promise<number> {
  const what = options.expectFrontend ? 'API and frontend' : 'API';
  console.log(`Smoke test of ${options.baseUrl} (${what})`);
  const deadline = setTimeout(() => {
    console.error(
      `\nSmoke test FAILED: not finished within ${formatDuration(options.totalTimeoutMs)}.`,
    );
    process.exit(1);
  }, options.totalTimeoutMs);
  deadline.unref();

  const steps = new StepRunner();
  try {
    await runSmokeTest(options, steps);
    console.log(
      `\nSmoke test passed: ${steps.passedCount} checks in ${formatDuration(steps.elapsedMs)}.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    console.error(`\nSmoke test FAILED at "${error.step}": ${error.reason}`);
    console.error(
      'Next: check the pods (kubectl -n gv-playground get pods), their logs, and /api/health.',
    );
    return 1;
  } finally {
    clearTimeout(deadline);
  }
}

await runTool({ name: 'smoke-test', usage: USAGE, parse: readOptions, run });
