// Secrets in logs during a database outage. When PostgreSQL is unreachable every query fails, and
// the driver's error message carries the statement's parameter values: password hashes on
// register, refresh-token hashes on rotation, emails and names. An operator's log pipeline must
// never receive those, whichever path logs the failure.
import { missingService } from '@gv/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../../modules/sessions/refresh-tokens.js';
import {
  registerUser,
  uniqueEmail,
  useBackendBehindProxy,
  type SignedInUser,
} from '../../test-support/test-backend.js';

const skipReason = missingService('TEST_DATABASE_URL');
const ORIGIN = 'http://127.0.0.1';

describe.skipIf(skipReason)(
  `logs during a database outage${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const { backend, proxy } = useBackendBehindProxy('gv_secrets');
    let user: SignedInUser;

    beforeAll(async () => {
      user = await registerUser(backend, { name: 'Outage Owner' });
    });

    it('logs database failures without parameter values on every auth and profile path', async () => {
      const newcomer = {
        email: uniqueEmail('newcomer'),
        password: 'Newcomer password 4 outage!',
        name: 'Nadia Newcomer',
      };
      const newPassword = 'A different passphrase 77!';
      const refreshToken = decodeURIComponent(user.refreshCookie.split('=')[1]!);

      await proxy.cut();
      const linesBefore = backend.logLines.length;
      const attempts = [
        backend.http.post('/api/auth/register').send(newcomer),
        backend.http.post('/api/auth/login').send({ email: user.email, password: user.password }),
        backend.http
          .post('/api/auth/refresh')
          .set('Origin', ORIGIN)
          .set('Host', '127.0.0.1')
          .set('Cookie', user.refreshCookie),
        backend.http
          .post('/api/auth/password')
          .set(user.auth)
          .send({ currentPassword: user.password, newPassword }),
        backend.http.patch('/api/users/me').set(user.auth).send({ name: 'Renamed During Outage' }),
      ];
      for (const attempt of attempts) {
        const response = await attempt;
        expect(response.status, JSON.stringify(response.body)).toBeGreaterThanOrEqual(500);
      }
      // Queued audit events fail to write too; give the writer a few cycles to log that.
      await new Promise((resolve) => setTimeout(resolve, 300));

      const logged = JSON.stringify(backend.logLines.slice(linesBefore));
      expect(logged.length).toBeGreaterThan(0);
      // The failures are logged, with something an operator can act on.
      expect(logged).toMatch(/database unavailable/);
      for (const secret of [
        '$argon2',
        refreshToken,
        hashRefreshToken(refreshToken),
        user.password,
        newcomer.password,
        newPassword,
        user.email,
        newcomer.email,
        newcomer.name,
        'Renamed During Outage',
        'params:',
      ]) {
        expect(logged, `log lines contain ${secret}`).not.toContain(secret);
      }
      await proxy.restore();
    });
  },
);
