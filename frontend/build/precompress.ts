// A Vite plugin that writes a brotli (.br) and a gzip (.gz) copy beside every text file of the
// build, at the highest levels: compressing once here costs seconds, on-the-fly compression would
// cost CPU on every request and compress less. The backend (backend/src/http/precompressed.ts)
// sends the copy the browser accepts (docs/decisions/173).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats; images and fonts in the build are already compressed. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;

/** Below this, the headers of a compressed answer outweigh what compression saves. */
const MIN_BYTES = 1024;

export interface Precompressed {
  /** Path relative to the build folder, with forward slashes. */
  file: string;
  bytes: number;
  br: number;
  gzip: number;
}

function shouldCompress(relative: string, bytes: number): boolean {
  // The manifest under .vite/ is read by the size check, never served.
  return COMPRESSIBLE.test(relative) && !relative.startsWith('.vite/') && bytes >= MIN_BYTES;
}

/** Compresses every eligible file under `dir`; a copy that would not be smaller is not kept. */
export async function precompressDirectory(dir: string): Promise<Precompressed[]> {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  const written: Precompressed[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    const stat = statSync(full);
    if (!stat.isFile() || !shouldCompress(file, stat.size)) continue;
    const content = readFileSync(full);
    const [br, gz] = await Promise.all([
      brotli(content, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
      gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    if (br.length >= content.length || gz.length >= content.length) continue;
    writeFileSync(`${full}.br`, br);
    writeFileSync(`${full}.gz`, gz);
    written.push({ file, bytes: content.length, br: br.length, gzip: gz.length });
  }
  return written;
}

export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'gv-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // After every file, public/ included, is on disk.
    async closeBundle() {
      const written = await precompressDirectory(outDir);
      const total = (key: 'bytes' | 'br' | 'gzip') =>
        written.reduce((sum, entry) => sum + entry[key], 0);
      this.info(
        `pre-compressed ${written.length} files: ${(total('bytes') / 1024).toFixed(0)} KB → ` +
          `${(total('br') / 1024).toFixed(0)} KB brotli, ${(total('gzip') / 1024).toFixed(0)} KB gzip`,
      );
    },
  };
}
