// How numbers read in the console and in docs/performance.md.

export type Unit = 'ratio' | 'ms' | 'MiB' | 'count';

export const formatNumber = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const percent = (value: number) => `${formatNumber(value * 100)}%`;
export const perSecond = (value: number) => `${formatNumber(value)} req/s`;
export const microseconds = (value: number) => `${formatNumber(value)} µs`;
export const mebibytes = (value: number) => `${formatNumber(value, 1)} MiB`;

export function formatValue(value: number, unit: Unit): string {
  if (unit === 'ratio') return percent(value);
  if (unit === 'count') return formatNumber(value);
  if (unit === 'ms') return `${formatNumber(value, value < 100 ? 1 : 0)} ms`;
  return mebibytes(value);
}
