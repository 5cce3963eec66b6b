// Number formats for the System page.

export const formatRate = (perSecond: number) =>
  `${perSecond < 10 ? perSecond.toFixed(2) : perSecond.toFixed(1)} req/s`;

export const formatMs = (ms: number) => (ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`);

export const formatPercent = (ratio: number) =>
  `${(ratio * 100).toFixed(ratio > 0 && ratio < 0.01 ? 2 : 1)}%`;

export const formatCount = (value: number) => Math.round(value).toLocaleString();

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 && unit > 0 ? 1 : 0)} ${units[unit]}`;
}
