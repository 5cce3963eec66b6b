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
      from: '2025-03-12T09:30',
      to: '',
    });
    expect(Object.keys(filters)).toEqual(['from']);
    expect(new Date(filters.from ?? '').getTime()).toBe(new Date('2025-03-12T09:30').getTime());
    expect(toFormValues(filters).from).toBe('2025-03-12T09:30');
  });
});
