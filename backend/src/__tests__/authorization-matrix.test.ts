// Every route of the contract, called as anonymous, as a user and as an admin: public routes never
// answer 401/403, user routes refuse anonymous callers, admin routes also refuse users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPath, routes, type RouteSpec } from '@gv/contract';
import {
  createAdmin,
  createTestBackend,
  registerUser,
  type SignedInUser,
  type TestBackend,
} from '../test-support/test-backend.js';

let backend: TestBackend;
let admin: SignedInUser;
let target: SignedInUser;

beforeAll(async () => {
  backend = await createTestBackend({ env: { RATE_LIMIT_ENABLED: 'false' } });
  admin = await createAdmin(backend);
  target = await registerUser(backend);
});
afterAll(async () => {
  await backend.dispose();
});

type Caller = 'anonymous' | 'user' | 'admin';

function call(spec: RouteSpec, caller: Caller, user?: SignedInUser) {
  const path = `/api${buildPath(spec.path, { id: target.userId })}`;
  const url = spec.path === '/sessions' && spec.method === 'delete' ? `${path}?scope=others` : path;
  let pending = backend.http[spec.method](url);
  if (caller === 'user') pending = pending.set(user!.auth);
  if (caller === 'admin') pending = pending.set(admin.auth);
  // Bodies are deliberately empty: validation runs after the access check, so a 400 proves the
  // caller got past authentication and authorization.
  if (spec.body) pending = pending.send({});
  return pending;
}

const entries = Object.entries(routes) as Array<[string, RouteSpec]>;
const allowedStatus = (status: number) => status !== 401 && status !== 403;

describe('authorization matrix', () => {
  it.each(entries)('%s', async (_name, spec) => {
    // A fresh user per route, since some routes (sign-out) end the caller's session.
    const user = await registerUser(backend);
    const anonymous = await call(spec, 'anonymous');
    const asUser = await call(spec, 'user', user);
    if (spec.access === 'public') {
      expect(allowedStatus(anonymous.status) || spec.path === '/auth/refresh').toBe(true);
      return;
    }
    expect(anonymous.status).toBe(401);
    if (spec.access === 'admin') {
      expect(asUser.status).toBe(403);
      const asAdmin = await call(spec, 'admin');
      expect(allowedStatus(asAdmin.status)).toBe(true);
    } else {
      expect(allowedStatus(asUser.status)).toBe(true);
    }
  });
});
