// A route is throttled because the contract says so (RouteSpec.rateLimits, `throttled: false`),
// not because of the path it happens to be mounted at: renaming or moving a route keeps its limits.
import { routes, type RouteName, type RouteSpec } from '@gv/contract';
import { fillPath } from '@gv/contract/paths';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_RATE_LIMITS } from '../http/rate-limits.js';
import { createTestBackend, type TestBackend } from '../test-support/test-backend.js';

const allRoutes = Object.entries(routes) as Array<[RouteName, RouteSpec]>;
const declaringLimits = allRoutes.filter(([, spec]) => (spec.rateLimits ?? []).length > 0);

// One backend: each declared limit counts in its own store, and no case here comes near the
// API-wide limit.
let backend: TestBackend;
beforeAll(async () => {
  backend = await createTestBackend();
});
afterAll(async () => {
  await backend.dispose();
});

describe('rate limits declared on contract routes', () => {
  it('sign-in and its two-factor step, registration, password reset, email verification and changes, and two-factor settings declare limits of their own', () => {
    expect(
      Object.fromEntries(declaringLimits.map(([name, spec]) => [name, spec.rateLimits])),
    ).toEqual({
      login: ['loginPerIp'],
      register: ['registerPerIp', 'registerEmailTakenPerIp'],
      requestPasswordReset: ['passwordResetPerIp', 'passwordResetPerEmail'],
      confirmPasswordReset: ['passwordResetConfirmPerIp'],
      verifyEmail: ['verifyEmailPerIp'],
      resendVerification: ['verificationResendPerIp'],
      loginTwoFactor: ['twoFactorSignInPerIp'],
      startTwoFactorEnrolment: ['twoFactorEnrolmentPerIp'],
      confirmTwoFactorEnrolment: ['twoFactorConfirmPerIp'],
      disableTwoFactor: ['twoFactorDisablePerIp'],
      regenerateRecoveryCodes: ['recoveryCodesPerIp'],
      requestEmailChange: ['emailChangePerIp'],
      confirmEmailChange: ['emailChangeConfirmPerIp'],
    });
  });

  it.each(declaringLimits)(
    '%s answers 429 once a limit it declares is used up, and not before',
    async (_name, spec) => {
      const declared = spec.rateLimits!.map((name) => ROUTE_RATE_LIMITS[name]);
      // An empty body (or no token) is refused before any work is done, and every declared limit that
      // counts failures counts it; the tightest of those is the one that must answer.
      const path = `/api${fillPath(spec.path, { id: '00000000-0000-4000-8000-000000000000' })}`;
      const statuses: number[] = [];
      let limited;
      for (
        let attempt = 0;
        attempt <= Math.max(...declared.map((limit) => limit.limit));
        attempt++
      ) {
        const response = await backend.http[spec.method](path).send({});
        statuses.push(response.status);
        if (response.status === 429) {
          limited = response;
          break;
        }
      }
      expect(limited, `no 429 after ${statuses.length} requests`).toBeDefined();
      const policy = declared.find((limit) => limit.detail === limited!.body.detail);
      expect(
        policy,
        `429 detail "${limited!.body.detail}" is none of the declared limits'`,
      ).toBeDefined();
      // Signed-in routes refuse an anonymous request (401) before looking at the body.
      const refused = spec.access === 'public' ? 400 : 401;
      expect(statuses.slice(0, -1)).toEqual(Array(policy!.limit).fill(refused));
      expect(limited!.headers['ratelimit-limit']).toBe(String(policy!.limit));
      expect(limited!.headers['retry-after']).toMatch(/^\d+$/);
    },
  );

  it('skips exactly the routes marked throttled: false', async () => {
    const probes = allRoutes.filter(([, spec]) => spec.throttled === false);
    expect(probes.map(([name]) => name).sort()).toEqual(['health', 'liveness', 'readiness']);
    for (const [, spec] of probes) {
      const response = await backend.http[spec.method](`/api${spec.path}`);
      expect(response.headers['ratelimit-limit'], spec.path).toBeUndefined();
    }
    // A path that merely looks like a probe is no probe: the API-wide limit counts it.
    const lookalike = await backend.http.get('/api/health/anything');
    expect(lookalike.status).toBe(404);
    expect(lookalike.headers['ratelimit-limit']).toBe('600');
  });
});
