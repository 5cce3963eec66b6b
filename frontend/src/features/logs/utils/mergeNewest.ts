// Live tail: fold the newest page of events into the list already on screen.
import type { LogEntry } from '@gv/contract';

/** Log ids are bigint identities sent as strings; compare them as numbers, not text. */
export const newerFirst = (a: LogEntry, b: LogEntry): number => {
  const difference = BigInt(b.id) - BigInt(a.id);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
};

/**
 * Returns the list with the fresh entries added on top, and how many were new. When the fresh
 * page does not reach back to what is shown (more new events than one page), older entries
 * cannot be joined without a gap, so the fresh page replaces the list (`replaced: true`).
 */
export function mergeNewest(
  shown: LogEntry[],
  fresh: LogEntry[],
): { entries: LogEntry[]; added: number; replaced: boolean } {
  if (shown.length === 0) return { entries: fresh, added: fresh.length, replaced: false };
  const known = new Set(shown.map((entry) => entry.id));
  const added = fresh.filter((entry) => !known.has(entry.id));
  if (added.length === 0) return { entries: shown, added: 0, replaced: false };
  const overlaps = added.length < fresh.length;
  if (!overlaps) return { entries: fresh, added: added.length, replaced: true };
  return { entries: [...added, ...shown].sort(newerFirst), added: added.length, replaced: false };
}
