import { routes } from '@gv/contract';
import { describe, expect, it } from 'vitest';
import { endpoints } from './endpoints';

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
});
