import { describe, expect, it } from 'vitest';
import { fillPath } from './paths.js';
import { routes } from './routes.js';

describe('fillPath', () => {
  it('fills every parameter of the route table, URL-encoded', () => {
    for (const spec of Object.values(routes)) {
      const filled = fillPath(spec.path, { id: 'a b/c' });
      expect(filled).not.toContain(':');
      if (spec.path.includes(':id')) expect(filled).toContain('a%20b%2Fc');
    }
    expect(fillPath('/users/:id/sessions', { id: '42' })).toBe('/users/42/sessions');
  });

  it('refuses to build a path with a parameter missing', () => {
    expect(() => fillPath('/users/:id')).toThrow(/Missing path parameter "id" for \/users\/:id/);
  });
});
