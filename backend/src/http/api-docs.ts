// The OpenAPI document and interactive docs (Swagger UI served from the installed package, so the
// docs work offline and under a strict Content-Security-Policy: no inline script, no CDN).
import express, { type Router } from 'express';
// Only the folder's path: the package's main module also evaluates the 1 MB browser bundle, which
// cost the server about 15 MiB of memory and 100 ms of start-up for nothing.
import swaggerUiDir from 'swagger-ui-dist/absolute-path.js';
import { buildOpenApiDocument } from '@gv/contract';
import { setRouteLabel } from './request-tracking.js';

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GV Playground API</title>
    <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>`;

const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});`;

/** Paths served here that are about the API rather than part of it; not in the OpenAPI document. */
export const DOCS_PATHS = ['/openapi.json', '/docs', '/docs/init.js', '/docs/assets'];

export function apiDocsRouter(version: string): Router {
  const router = express.Router();
  const document = buildOpenApiDocument({ version });
  router.get('/openapi.json', (_req, res) => {
    setRouteLabel(res, '/api/openapi.json');
    res.json(document);
  });
  router.get('/docs', (_req, res) => {
    setRouteLabel(res, '/api/docs');
    res.type('html').send(DOCS_PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    setRouteLabel(res, '/api/docs');
    res.type('js').send(INIT_SCRIPT);
  });
  router.use(
    '/docs/assets',
    (_req, res, next) => {
      setRouteLabel(res, '/api/docs/assets');
      next();
    },
    express.static(swaggerUiDir(), { maxAge: '1d', index: false }),
  );
  return router;
}
