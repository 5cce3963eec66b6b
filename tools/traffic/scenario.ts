// A simulated person: signs up once, then alternates between browsing while signed in (profile,
// sessions, activity), editing the profile, refreshing the token, and signing out and back in.
// Each call to `step` sends exactly one request, so the scheduler's rate is the request rate.
import { randomBytes } from 'node:crypto';
import { routes } from '../../packages/contract/src/routes.js';
import type { PersonClient } from './client.js';

/** A number in [0, 1): injectable so tests can steer the choices. */
export type Random = () => number;

/** What a signed-in person does next, and how often relative to the others. */
const SIGNED_IN_ACTIONS = [
  { action: 'view profile', weight: 32 },
  { action: 'browse sessions', weight: 25 },
  { action: 'browse activity', weight: 25 },
  { action: 'edit profile', weight: 8 },
  { action: 'refresh token', weight: 7 },
  { action: 'sign out', weight: 3 },
] as const;

type SignedInAction = (typeof SIGNED_IN_ACTIONS)[number]['action'];

/**
 * Share of sign-ins typed with a wrong password. Each person mistypes at most once before a
 * correct sign-in, so wrong passwords are spread over everyone and no account reaches the lockout.
 */
export const WRONG_PASSWORD_SHARE = 0.05;

const FIRST_NAMES = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances'];

function pick(random: Random): SignedInAction {
  const total = SIGNED_IN_ACTIONS.reduce((sum, entry) => sum + entry.weight, 0);
  let roll = random() * total;
  for (const entry of SIGNED_IN_ACTIONS) {
    roll -= entry.weight;
    if (roll < 0) return entry.action;
  }
  return SIGNED_IN_ACTIONS[0].action;
}

export class Person {
  private state: 'new' | 'signed in' | 'signed out' = 'new';
  private mistyped = false;
  readonly email: string;
  private readonly password = `Traffic-${randomBytes(12).toString('base64url')}`;

  constructor(
    private readonly client: PersonClient,
    runId: string,
    index: number,
    private readonly random: Random = Math.random,
  ) {
    this.email = `traffic-${runId}-${index}@example.com`;
  }

  /** Sends this person's next request. */
  async step(): Promise<void> {
    if (this.state === 'new') return this.signUp();
    if (this.state === 'signed out') return this.signIn();
    return this.signedIn(pick(this.random));
  }

  private async signUp(): Promise<void> {
    const name = `${FIRST_NAMES[Math.floor(this.random() * FIRST_NAMES.length)]} Traffic`;
    const answer = await this.client.call('sign-up', 'POST', routes.register.path, {
      email: this.email,
      password: this.password,
      name,
    });
    if (answer.outcome === 201) this.signedInWith(answer.body);
    // Taken (a rerun with the same id): sign in from now on. Anything else: try again later.
    else if (answer.outcome === 409) this.state = 'signed out';
  }

  private async signIn(): Promise<void> {
    if (!this.mistyped && this.random() < WRONG_PASSWORD_SHARE) {
      this.mistyped = true;
      await this.client.call('wrong password', 'POST', routes.login.path, {
        email: this.email,
        password: `${this.password}-typo`,
      });
      return;
    }
    const answer = await this.client.call('sign-in', 'POST', routes.login.path, {
      email: this.email,
      password: this.password,
    });
    if (answer.outcome === 200) {
      this.mistyped = false;
      this.signedInWith(answer.body);
    }
  }

  private async signedIn(action: SignedInAction): Promise<void> {
    const answer = await this.send(action);
    // An expired access token or a session that ended elsewhere: refresh next time, and when the
    // refresh itself is refused, sign in again.
    if (answer.outcome === 401) {
      if (action === 'refresh token') this.signOutLocally();
      else this.client.accessToken = undefined;
    }
  }

  private async send(action: SignedInAction) {
    if (!this.client.accessToken && action !== 'sign out') action = 'refresh token';
    switch (action) {
      case 'view profile':
        return this.client.call(action, 'GET', routes.getMe.path);
      case 'browse sessions':
        return this.client.call(action, 'GET', routes.listMySessions.path);
      case 'browse activity':
        return this.client.call(action, 'GET', routes.listMyLogs.path);
      case 'edit profile': {
        const name = `${FIRST_NAMES[Math.floor(this.random() * FIRST_NAMES.length)]} Traffic`;
        return this.client.call(action, 'PATCH', routes.updateMe.path, { name });
      }
      case 'refresh token': {
        const answer = await this.client.call(action, 'POST', routes.refresh.path);
        if (answer.outcome === 200) this.signedInWith(answer.body);
        return answer;
      }
      case 'sign out': {
        const answer = await this.client.call(action, 'POST', routes.logout.path);
        this.signOutLocally();
        return answer;
      }
    }
  }

  private signedInWith(body: Record<string, unknown> | undefined): void {
    const token = body?.accessToken;
    this.client.accessToken = typeof token === 'string' ? token : undefined;
    this.state = 'signed in';
  }

  private signOutLocally(): void {
    this.client.forgetSession();
    this.state = 'signed out';
  }
}
