import { describe, expect, it } from 'vitest';
import { fromFormValues, readFilters, toFormValues, writeFilters } from './filters';

describe('log filters', () => {
  it('round-trips through the URL and ignores unknown levels', () => {
    const params = writeFilters({ level: 'warn', event: 'auth.*', userId: 'abc' });
    expect(params.toString()).toBe('level=warn&event=auth.*&userId=abc');
    expect(readFilters(params)).toEqual({ level: 'warn', event: 'auth.*', userId: 'abc' });
    expect(readFilters(new URLSearchParams('level=loud'))).toEqual({});
  });

  it('converts the local time of the inputs to ISO for the API and back', () => {
    const filters = fromFormValues({
      level: '',
      event: '  ',
      userId: '',
      user: '',
      q: '',
      from: '2025-03-12T09:30',
      to: '',
      refreshes: '',
    });
    expect(Object.keys(filters)).toEqual(['from']);
    expect(new Date(filters.from ?? '').getTime()).toBe(new Date('2025-03-12T09:30').getTime());
    expect(toFormValues(filters).from).toBe('2025-03-12T09:30');
  });

  it('keeps the user and message searches and the refreshes switch in the URL', () => {
    const filters = { user: 'ada@example.com', q: 'disk full', refreshes: 'show' } as const;
    const params = writeFilters(filters);
    expect(readFilters(params)).toEqual(filters);
    expect(readFilters(new URLSearchParams('refreshes=sometimes'))).toEqual({});
    expect(fromFormValues(toFormValues(filters))).toEqual(filters);
  });
});
