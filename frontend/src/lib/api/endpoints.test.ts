import { buildPath, routes } from '@gv/contract';
import { describe, expect, it } from 'vitest';
import { endpoints, fillPath } from './endpoints';

describe('endpoint table', () => {
  it('has exactly the contract’s routes, with the same methods and paths', () => {
    const fromContract = Object.fromEntries(
      Object.entries(routes).map(([name, spec]) => [
        name,
        { method: spec.method, path: spec.path },
      ]),
    );
    expect(endpoints).toEqual(fromContract);
  });

  it('fills path parameters the way the contract does', () => {
    for (const path of ['/users/:id', '/users/:id/sessions', '/sessions/:id']) {
      expect(fillPath(path, { id: 'a b/c' })).toBe(buildPath(path, { id: 'a b/c' }));
    }
    expect(() => fillPath('/users/:id')).toThrow(/Missing path parameter "id"/);
  });
});
