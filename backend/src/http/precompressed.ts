// The frontend build writes a brotli (.br) and a gzip (.gz) copy beside each file worth
// compressing (frontend/build/precompress.ts). Serving those copies costs no CPU per request and
// compresses harder than on-the-fly compression could afford (docs/decisions/173).
import { readdirSync } from 'node:fs';
import path from 'node:path';

export type Encoding = 'br' | 'gzip';

export const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Brotli first: it is the smaller of the two. */
const PREFERENCE: readonly Encoding[] = ['br', 'gzip'];

/**
 * Every file under `dir` that has compressed copies, keyed by its URL path ("/assets/x.js"),
 * with the encodings available for it. Read once at start-up: a build replaces the whole folder
 * and the server is restarted with it.
 */
export function findPrecompressed(dir: string): Map<string, Encoding[]> {
  const found = new Map<string, Encoding[]>();
  const files = new Set(
    readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) =>
      file.split(path.sep).join('/'),
    ),
  );
  for (const file of files) {
    const encodings = PREFERENCE.filter((encoding) => files.has(file + SUFFIX[encoding]));
    if (encodings.length > 0) found.set(`/${file}`, encodings);
  }
  return found;
}

/** The q-value the Accept-Encoding header gives each coding ("*" included); absent means 0. */
function qualities(header: string): Map<string, number> {
  const result = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    result.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  return result;
}

/**
 * The copy to send: the available encoding the client rates highest (q=0 refuses it), brotli on
 * a tie; `null` means the uncompressed file.
 */
export function chooseEncoding(
  header: string | undefined,
  available: readonly Encoding[],
): Encoding | null {
  if (!header) return null;
  const accepted = qualities(header);
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const encoding of available) {
    const q = accepted.get(encoding) ?? accepted.get('*') ?? 0;
    if (q > bestQ) {
      best = encoding;
      bestQ = q;
    }
  }
  return best;
}
