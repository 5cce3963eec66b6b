// Caching policy for the API. Its answers carry tokens and personal data, and a shared cache (a
// proxy, a CDN, the browser's back button) must never hand them to anyone else, so every API
// response is `no-store` unless it is one of the API docs, which are the same for everyone.
// Set before anything else answers, so rate-limit, body-parser and auth errors carry it too.
import type { RequestHandler } from 'express';
import { DOCS_PATHS } from './api-docs.js';

function isDocsPath(path: string): boolean {
  return DOCS_PATHS.some((docsPath) => path === docsPath || path.startsWith(`${docsPath}/`));
}

/** Mount on the API router, before the rate limiters and the body parser. */
export function noStoreExceptDocs(): RequestHandler {
  return (req, res, next) => {
    if (!isDocsPath(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
