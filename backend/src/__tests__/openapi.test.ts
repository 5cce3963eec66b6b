import { validate } from '@readme/openapi-parser';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { useTestBackend } from '../test-support/test-backend.js';

const backend = useTestBackend();

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  name?: string;
  /** The path a router was mounted at (`/users`), or `/` when mounted without one. */
  rawPath?: unknown;
}

/** Walks Express's router stack and lists `METHOD /api/path` for every route mounted under /api. */
function mountedApiRoutes(app: Express): string[] {
  const found: string[] = [];
  const visit = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const path = layer.route.path === '/' ? prefix : `${prefix}${layer.route.path}`;
        for (const method of Object.keys(layer.route.methods))
          found.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.name === 'router' && layer.handle?.stack) {
        const mountedAt = typeof layer.rawPath === 'string' && layer.rawPath !== '/';
        visit(layer.handle.stack, mountedAt ? `${prefix}${String(layer.rawPath)}` : prefix);
      }
    }
  };
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  for (const layer of router.stack) {
    if (layer.name === 'router' && layer.handle?.stack) visit(layer.handle.stack, '/api');
  }
  return found;
}

describe('OpenAPI document', () => {
  it('is served and is a valid OpenAPI 3.1 document', async () => {
    const response = await backend.http.get('/api/openapi.json').expect(200);
    expect(response.body.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(response.body));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('documents every mounted route, and every documented route is mounted', async () => {
    const response = await backend.http.get('/api/openapi.json').expect(200);
    const documented = Object.entries(
      response.body.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, operations]) =>
      Object.keys(operations).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      ),
    );
    const docsRoutes = ['GET /api/openapi.json', 'GET /api/docs', 'GET /api/docs/init.js'];
    const mounted = mountedApiRoutes(backend.app).filter((route) => !docsRoutes.includes(route));
    expect(mounted.length).toBeGreaterThan(20);
    expect([...mounted].sort()).toEqual([...documented].sort());
  });

  it('serves the interactive docs without any external resource', async () => {
    const page = await backend.http.get('/api/docs').expect(200);
    expect(page.text).toContain('swagger-ui-bundle.js');
    expect(page.text).not.toMatch(/https?:\/\//);
    await backend.http
      .get('/api/docs/assets/swagger-ui-bundle.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await backend.http.get('/api/docs/init.js').expect(200);
  });
});

describe('OpenAPI document against what the server sends', () => {
  const documentedHeaders = async (path: string, method: string, status: number) => {
    const document = (await backend.http.get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: object }> }>>;
    };
    return Object.keys(document.paths[path]?.[method]?.responses[status]?.headers ?? {});
  };

  it('documents the rate-limit and caching headers the responses really carry', async () => {
    const documented = await documentedHeaders('/api/users/me', 'get', 401);
    expect(documented).toEqual(expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Reset']));
    const response = await backend.http.get('/api/users/me').expect(401);
    for (const name of documented) expect(response.headers[name.toLowerCase()], name).toBeDefined();
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('documents no rate-limit headers on the probes, which are never throttled', async () => {
    const documented = await documentedHeaders('/api/health/live', 'get', 200);
    expect(documented.filter((name) => name.startsWith('RateLimit'))).toEqual([]);
    const response = await backend.http.get('/api/health/live').expect(200);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('ratelimit'))).toEqual(
      [],
    );
  });

  it('documents the 400, 429, 500 and 503 problems every throttled route can answer', async () => {
    const document = (await backend.http.get('/api/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path.startsWith('/api/health')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        expect(Object.keys(operation.responses), `${method} ${path}`).toEqual(
          expect.arrayContaining(['400', '429', '500', '503']),
        );
      }
    }
  });
});
