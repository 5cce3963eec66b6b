// One expensive thing (a backend, a proxy) shared by the tests of a file or describe block, made
// in beforeAll and torn down in afterAll, without a `let` and two hooks in every file.
import { afterAll, beforeAll } from 'vitest';

/**
 * Stands for the value `current()` returns once it exists: property reads go to that value and
 * its prototype methods stay bound to it. Reading it before then (outside a test) throws, naming `what`.
 */
export function lateBound<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_target, property) {
      const value = current();
      if (!value) throw new Error(`${what} exists only while the tests run (after beforeAll)`);
      const member: unknown = Reflect.get(value, property, value);
      // Methods from the prototype are bound so they can be passed around; a function kept as an
      // own property (an Express app, a callback) is returned as it is, with its own properties.
      if (typeof member !== 'function' || Object.hasOwn(value, property)) return member;
      return Function.prototype.bind.call(member, value) as unknown;
    },
    has: (_target, property) => Reflect.has(current() ?? {}, property),
    // Spreading and JSON.stringify see the value's own properties.
    ownKeys: () => Reflect.ownKeys(current() ?? {}),
    getOwnPropertyDescriptor: (_target, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current() ?? {}, property);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/**
 * Creates the value before the first test of the enclosing file or describe block and tears it
 * down after the last; returns a stand-in usable as the value itself inside hooks and tests.
 */
export function sharedFixture<T extends object>(
  what: string,
  setUp: () => Promise<T>,
  tearDown: (value: T) => Promise<void>,
): T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await setUp();
  });
  afterAll(async () => {
    if (value) await tearDown(value);
    value = undefined;
  });
  return lateBound(what, () => value);
}
