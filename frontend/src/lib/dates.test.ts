import { describe, expect, it } from 'vitest';
import { formatDuration, formatExact, formatRelative } from './dates';

const now = new Date('2025-03-12T14:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('human-readable dates', () => {
  it('says "just now" for the last few seconds', () => {
    expect(formatRelative(ago(3), now)).toBe('just now');
  });

  it.each([
    [45, '45 seconds ago'],
    [180, '3 minutes ago'],
    [2 * 3600, '2 hours ago'],
    [86_400, 'yesterday'],
    [3 * 86_400, '3 days ago'],
  ])('describes %i seconds ago as "%s"', (seconds, text) => {
    expect(formatRelative(ago(seconds), now)).toBe(text);
  });

  it('describes future times too (session expiry)', () => {
    expect(formatRelative(ago(-6 * 86_400), now)).toBe('in 6 days');
  });

  it('accepts ISO strings as the API sends them', () => {
    expect(formatRelative('2025-03-12T13:55:00Z', now)).toBe('5 minutes ago');
  });

  it('gives the exact time for the tooltip', () => {
    expect(formatExact('2025-03-12T14:00:00Z')).toMatch(/2025/);
  });

  it('formats uptimes compactly', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(3725)).toBe('1 h 2 min');
    expect(formatDuration(2 * 86_400 + 3 * 3600)).toBe('2 d 3 h');
  });
});
