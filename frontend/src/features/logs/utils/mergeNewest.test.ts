import type { LogEntry } from '@gv/contract';
import { describe, expect, it } from 'vitest';
import { makeLogEntry } from '../../../test/logEntries';
import { mergeNewest } from './mergeNewest';

const entry = (id: number) => makeLogEntry(id);
const ids = (entries: LogEntry[]) => entries.map((item) => Number(item.id));

describe('live tail merge', () => {
  it('puts new events on top and keeps what was shown', () => {
    const result = mergeNewest([entry(10), entry(9)], [entry(12), entry(11), entry(10)]);
    expect(ids(result.entries)).toEqual([12, 11, 10, 9]);
    expect(result).toMatchObject({ added: 2, replaced: false });
  });

  it('orders ids as numbers, not as text ("10" after "9")', () => {
    const result = mergeNewest([entry(9), entry(8)], [entry(10), entry(9)]);
    expect(ids(result.entries)).toEqual([10, 9, 8]);
  });

  it('changes nothing when there is nothing new', () => {
    const shown = [entry(3), entry(2)];
    expect(mergeNewest(shown, [entry(3), entry(2)])).toEqual({
      entries: shown,
      added: 0,
      replaced: false,
    });
  });

  it('replaces the list when the new page does not reach the shown events (a gap)', () => {
    const result = mergeNewest([entry(5), entry(4)], [entry(60), entry(59)]);
    expect(ids(result.entries)).toEqual([60, 59]);
    expect(result.replaced).toBe(true);
  });
});
