// All-in-one mode: the backend serves the built SPA with the fallback client-side routing needs,
// and never lets it shadow the API, the metrics or a missing asset.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBackend, type TestBackend } from '../test-support/test-backend.js';

let backend: TestBackend;
const dist = mkdtempSync(path.join(os.tmpdir(), 'gv-dist-'));

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(
    path.join(dist, 'index.html'),
    '<!doctype html><title>GV Playground</title><div id="root"></div>',
  );
  writeFileSync(path.join(dist, 'assets', 'index-a1B2c3D4.js'), 'console.log("app")');
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
