// The rule "at least one active admin remains" under concurrency: two admins removing each other
// (or themselves) at the same moment. Exactly one may win; the other is refused, and the database
// never ends up without an enabled admin. PostgreSQL only: that is where the requests overlap
// inside the database, on separate connections.
import { sql } from 'drizzle-orm';
import type request from 'supertest';
import { missingService } from '@gv/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../db/database.js';
import {
  createAdmin,
  createTestBackend,
  type SignedInUser,
  type TestBackend,
} from '../test-support/test-backend.js';

const ROUNDS = 20;
const skipReason = missingService(
  'TEST_DATABASE_URL',
  'needs PostgreSQL: PGlite runs one statement at a time',
);

let backend: TestBackend;

beforeAll(async () => {
  if (skipReason) return;
  // Bursts of concurrent requests: no rate limit should be the one refusing them.
  backend = await createTestBackend({ driver: 'postgres', env: { RATE_LIMIT_ENABLED: 'false' } });
});
afterAll(async () => {
  await backend?.dispose();
});

/** Two fresh admins, and no other active admin in the database. */
async function twoAdminsOnly(): Promise<[SignedInUser, SignedInUser]> {
  const first = await createAdmin(backend);
  const second = await createAdmin(backend);
  await backend.database.db.execute(
    sql`update users set role = 'user' where id not in (${first.userId}, ${second.userId})`,
  );
  return [first, second];
}

async function activeAdminCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    backend.database.db,
    sql`select count(*)::int as n from users where role = 'admin' and status = 'active'`,
  );
  return row!.n;
}

type Move = (actor: SignedInUser, other: SignedInUser) => request.Test;

/**
 * Runs both moves at once, ROUNDS times. `refusedAtTheDoor` lists the statuses the loser may get
 * instead of 409 when the winner's change already took away its session or its admin rights before
 * its request was authorised (the race was decided before it began).
 */
async function race(move: Move, refusedAtTheDoor: number[]): Promise<void> {
  const outcomes: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [first, second] = await twoAdminsOnly();
    const responses = await Promise.all([move(first, second), move(second, first)]);
    const statuses = responses.map((response) => response.status);
    outcomes.push(statuses.join('/'));

    expect(await activeAdminCount(), `round ${round}: ${statuses.join('/')}`).toBeGreaterThan(0);
    const winners = responses.filter((response) => response.status < 300);
    expect(winners, `round ${round}: ${statuses.join('/')}`).toHaveLength(1);
    const loser = responses.find((response) => response.status >= 300)!;
    expect([409, ...refusedAtTheDoor]).toContain(loser.status);
    if (loser.status === 409) {
      expect(loser.body.detail).toMatch(/at least one active admin must remain/);
    }
  }
  // What happened, for whoever reads the run: mostly "204/409" and "409/204".
  console.info(`${expect.getState().currentTestName}: ${outcomes.join(' ')}`);
}

describe.skipIf(skipReason)(
  `the last active admin, under concurrency${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it(`two admins deleting each other: one wins, the other gets 409 (${ROUNDS} rounds)`, async () => {
      await race(
        (actor, other) => backend.http.delete(`/api/users/${other.userId}`).set(actor.auth),
        [401],
      );
    }, 120_000);

    it(`two admins demoting each other: one wins, the other gets 409 (${ROUNDS} rounds)`, async () => {
      await race(
        (actor, other) =>
          backend.http.patch(`/api/users/${other.userId}`).set(actor.auth).send({ role: 'user' }),
        [403],
      );
    }, 120_000);

    it(`two admins disabling each other: one wins, the other gets 409 (${ROUNDS} rounds)`, async () => {
      await race(
        (actor, other) =>
          backend.http
            .patch(`/api/users/${other.userId}`)
            .set(actor.auth)
            .send({ status: 'disabled' }),
        [401],
      );
    }, 120_000);

    it(`two admins demoting themselves: one steps down, the other gets 409 (${ROUNDS} rounds)`, async () => {
      await race(
        (actor) =>
          backend.http.patch(`/api/users/${actor.userId}`).set(actor.auth).send({ role: 'user' }),
        [],
      );
    }, 120_000);

    it(`two admins deleting their own accounts: one goes, the other gets 409 (${ROUNDS} rounds)`, async () => {
      await race(
        (actor) =>
          backend.http.delete('/api/users/me').set(actor.auth).send({ password: actor.password }),
        [],
      );
    }, 120_000);
  },
);
