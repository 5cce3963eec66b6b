import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('pre-compressing the build', () => {
  it('writes .br and .gz copies of text assets that decompress to the original', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gv-precompress-'));
    mkdirSync(path.join(dir, 'assets'));
    const script = 'export const greeting = "hello";\n'.repeat(200);
    writeFileSync(path.join(dir, 'assets', 'index-a1B2c3D4.js'), script);
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html>${'<p>text</p>'.repeat(200)}`);

    const written = await precompressDirectory(dir);

    const file = path.join(dir, 'assets', 'index-a1B2c3D4.js');
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(script);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(script);
    expect(readFileSync(`${file}.br`).length).toBeLessThan(script.length / 10);
    expect(existsSync(path.join(dir, 'index.html.br'))).toBe(true);
    expect(written.map((entry) => entry.file).sort()).toEqual([
      'assets/index-a1B2c3D4.js',
      'index.html',
    ]);
  });

  it('skips tiny files, source maps, already compressed formats and the build manifest', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gv-precompress-'));
    mkdirSync(path.join(dir, '.vite'));
    writeFileSync(path.join(dir, 'theme-init.js'), 'document.title = "x";');
    writeFileSync(path.join(dir, 'app.js.map'), '{"mappings":""}'.repeat(200));
    writeFileSync(path.join(dir, 'photo.png'), Buffer.alloc(4096));
    writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{"a":1}'.repeat(500));

    expect(await precompressDirectory(dir)).toEqual([]);
    for (const name of ['theme-init.js', 'app.js.map', 'photo.png', '.vite/manifest.json']) {
      expect(existsSync(path.join(dir, `${name}.gz`)), name).toBe(false);
    }
  });
});
