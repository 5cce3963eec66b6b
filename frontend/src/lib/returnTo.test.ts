import { describe, expect, it } from 'vitest';
import { loginPathFor, safeReturnTo } from './returnTo';

describe('return path after sign-in', () => {
  it('keeps a path inside the app, with its query', () => {
    expect(safeReturnTo('/admin/logs?level=error')).toBe('/admin/logs?level=error');
  });

  it.each([
    ['missing', null],
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/path'],
    ['a backslash trick', '/\\evil.example'],
    ['the login page itself', '/login?returnTo=/login'],
  ])('falls back to the dashboard for %s', (_label, value) => {
    expect(safeReturnTo(value)).toBe('/dashboard');
  });

  it('builds the login URL with the return path encoded', () => {
    expect(loginPathFor('/sessions?x=1')).toBe('/login?returnTo=%2Fsessions%3Fx%3D1');
  });
});
