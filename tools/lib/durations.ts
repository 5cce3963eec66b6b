// Durations on the command line read like the rest of the project's settings: 500ms, 30s, 5m, 1h.

const UNITS_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** Parses `500ms`, `30s`, `5m`, `1h` (or a bare number of seconds) into milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    throw new UsageError(`${flag} must be a duration such as 500ms, 30s, 5m or 1h (got "${text}")`);
  }
  const unit = (match[2] ?? 's') as keyof typeof UNITS_MS;
  return Math.round(Number(match[1]) * UNITS_MS[unit]);
}

/** `1234` → `1.2 s`, `87` → `87 ms`: for progress lines a person reads. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1_000);
  return `${minutes} min ${seconds} s`;
}

/** A mistake in how a script was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
