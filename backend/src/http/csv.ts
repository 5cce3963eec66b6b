// CSV for downloads: RFC 4180 with every cell quoted. A spreadsheet runs a cell that starts with
// = + - or @ as a formula (and some treat a leading tab or CR the same way), so such cells get a
// leading ' and open as the text that was stored.
import type { Response } from 'express';
import { CSV_TRUNCATED_HEADER } from '@gv/contract';

export type CsvCell = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '""';
  const text = value instanceof Date ? value.toISOString() : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Marks the response as a download named `filename`, and whether rows were left out. */
export function sendAsDownload(res: Response, filename: string, truncated: boolean): void {
  res.attachment(filename);
  res.setHeader(CSV_TRUNCATED_HEADER, String(truncated));
}
