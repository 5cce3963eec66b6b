// Every route of the contract, called as anonymous, as a user and as an admin: public routes never
// answer 401/403, user routes refuse anonymous callers, admin routes also refuse users.
import { beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteSpec } from '@gv/contract';
import { fillPath } from '@gv/contract/paths';
import {
  createAdmin,
  registerUser,
  useTestBackend,
  type SignedInUser,
} from '../test-support/test-backend.js';

const backend = useTestBackend({ env: { RATE_LIMIT_ENABLED: 'false' } });
let admin: SignedInUser;
let target: SignedInUser;

beforeAll(async () => {
  admin = await createAdmin(backend);
  target = await registerUser(backend);
});

type Caller = 'anonymous' | 'user' | 'admin';

function call(spec: RouteSpec, caller: Caller, user?: SignedInUser) {
  const path = `/api${fillPath(spec.path, { id: target.userId })}`;
  const url = spec.path === '/sessions' && spec.method === 'delete' ? `${path}?scope=others` : path;
  let pending = backend.http[spec.method](url);
  // Refresh-cookie routes are public: their credential is the cookie, sent same-origin as the
  // browser sends it, so a public caller with a valid cookie must get through.
  if (spec.usesRefreshCookie && caller === 'anonymous' && user) {
    pending = pending
      .set('Cookie', user.refreshCookie)
      .set('Origin', 'http://127.0.0.1')
      .set('Host', '127.0.0.1');
  }
  if (caller === 'user') pending = pending.set(user!.auth);
  if (caller === 'admin') pending = pending.set(admin.auth);
  // Bodies are deliberately empty: validation runs after the access check, so a 400 proves the
  // caller got past authentication and authorization.
  if (spec.body) pending = pending.send({});
  return pending;
}

const entries = Object.entries(routes) as Array<[string, RouteSpec]>;
/** Got past the access check: neither refused (401/403) nor a server fault that hides the answer. */
const allowedStatus = (status: number) => status < 500 && status !== 401 && status !== 403;

describe('authorization matrix', () => {
  it.each(entries)('%s', async (_name, spec) => {
    // A fresh user per route, since some routes (sign-out) end the caller's session.
    const user = await registerUser(backend);
    if (spec.access === 'public') {
      const anonymous = await call(spec, 'anonymous', user);
      expect(allowedStatus(anonymous.status), `${anonymous.status} ${anonymous.text}`).toBe(true);
      return;
    }
    const anonymous = await call(spec, 'anonymous');
    const asUser = await call(spec, 'user', user);
    expect(anonymous.status).toBe(401);
    if (spec.access === 'admin') {
      expect(asUser.status).toBe(403);
      const asAdmin = await call(spec, 'admin');
      expect(allowedStatus(asAdmin.status), `${asAdmin.status} ${asAdmin.text}`).toBe(true);
    } else {
      expect(allowedStatus(asUser.status), `${asUser.status} ${asUser.text}`).toBe(true);
    }
  });
});
