// All-in-one mode: the backend serves the built SPA with the fallback client-side routing needs,
// and never lets it shadow the API, the metrics or a missing asset.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBackend, type TestBackend } from '../test-support/test-backend.js';

let backend: TestBackend;
const dist = mkdtempSync(path.join(os.tmpdir(), 'gv-dist-'));

const indexHtml = '<!doctype html><title>GV Playground</title><div id="root"></div>';
const appJs = 'console.log("app")';
const appCss = 'body{color:#111}';

/** Writes a file with the .br and .gz copies the frontend build puts beside it. */
function writePrecompressed(file: string, content: string) {
  writeFileSync(file, content);
  writeFileSync(`${file}.br`, brotliCompressSync(content));
  writeFileSync(`${file}.gz`, gzipSync(content));
}

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writePrecompressed(path.join(dist, 'index.html'), indexHtml);
  writePrecompressed(path.join(dist, 'assets', 'index-a1B2c3D4.js'), appJs);
  writePrecompressed(path.join(dist, 'assets', 'index-E5f6G7h8.css'), appCss);
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  backend = await createTestBackend({ env: { SERVE_FRONTEND: 'true', FRONTEND_DIST: dist } });
});
afterAll(async () => {
  await backend.dispose();
  rmSync(dist, { recursive: true, force: true });
});

describe('serving the frontend', () => {
  it('serves index.html for client-side routes, never cached', async () => {
    for (const route of ['/', '/dashboard', '/admin/users/123']) {
      const response = await backend.http.get(route).set('Accept', 'text/html').expect(200);
      expect(response.text).toContain('<div id="root">');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    }
  });

  it('caches hashed assets for a year and 404s a missing one', async () => {
    const asset = await backend.http.get('/assets/index-a1B2c3D4.js').expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const favicon = await backend.http.get('/favicon.svg').expect(200);
    expect(favicon.headers['cache-control']).toBe('no-cache');
    await backend.http.get('/assets/index-OldChunk1.js').set('Accept', '*/*').expect(404);
  });

  it('never answers /api or /metrics with the page', async () => {
    const api = await backend.http.get('/api/unknown').set('Accept', 'text/html').expect(404);
    expect(api.headers['content-type']).toMatch(/problem\+json/);
    // Metrics live on their own port; here /metrics is a plain 404, not the page.
    const metrics = await backend.http.get('/metrics').set('Accept', 'text/html').expect(404);
    expect(metrics.text).not.toContain('<div id="root"');
    expect(metrics.text).not.toContain('http_requests_total');
  });
});

describe('pre-compressed assets', () => {
  const asset = '/assets/index-a1B2c3D4.js';

  it('sends the brotli copy to a browser that accepts it, typed and cached as the asset', async () => {
    const response = await backend.http
      .get(asset)
      .set('Accept-Encoding', 'gzip, deflate, br, zstd')
      .expect(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(Number(response.headers['content-length'])).toBe(brotliCompressSync(appJs).length);
    expect(response.text).toBe(appJs);
    expect(response.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(response.headers['vary']).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const css = await backend.http
      .get('/assets/index-E5f6G7h8.css')
      .set('Accept-Encoding', 'br')
      .expect(200);
    expect(css.headers['content-encoding']).toBe('br');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.text).toBe(appCss);
  });

  it('falls back to gzip, then to the plain file, as Accept-Encoding allows', async () => {
    const gzip = await backend.http.get(asset).set('Accept-Encoding', 'gzip, br;q=0').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(Number(gzip.headers['content-length'])).toBe(gzipSync(appJs).length);
    expect(gzip.text).toBe(appJs);

    const plain = await backend.http.get(asset).set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(appJs);
    // Caches must keep the copies apart even when this answer was not compressed.
    expect(plain.headers['vary']).toMatch(/accept-encoding/i);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('compresses index.html on client-side routes too, still never cached', async () => {
    const page = await backend.http
      .get('/admin/users')
      .set('Accept', 'text/html')
      .set('Accept-Encoding', 'gzip, br')
      .expect(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['vary']).toMatch(/accept-encoding/i);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.text).toBe(indexHtml);
  });

  it('leaves files without compressed copies alone', async () => {
    const favicon = await backend.http
      .get('/favicon.svg')
      .set('Accept-Encoding', 'gzip, br')
      .expect(200);
    expect(favicon.headers['content-encoding']).toBeUndefined();
    expect(favicon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });
});
