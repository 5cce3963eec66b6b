// All-in-one mode: serve the built React app from frontend/dist, with the SPA fallback that sends
// index.html for client-side routes. Never for /api or /metrics, which keep their own 404s.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { chooseEncoding, findPrecompressed, SUFFIX } from './precompressed.js';
import { setRouteLabel } from './request-tracking.js';

const HASHED_ASSET = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png|jpg|webp)$/;

/** Hashed file names change with their content, so they can be cached for a year. */
function cacheControlFor(filePath: string): string {
  return HASHED_ASSET.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export function frontendRouter(distDir: string): Router | null {
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) return null;
  const precompressed = findPrecompressed(distDir);

  /**
   * Sends the file at `urlPath` (relative to distDir), as its brotli or gzip copy when the build
   * made one and the browser accepts it. Calls `next` when the file is not there.
   */
  const sendNegotiated = (urlPath: string, req: Request, res: Response, next: NextFunction) => {
    const available = precompressed.get(urlPath) ?? [];
    // Every answer for this URL depends on Accept-Encoding, the uncompressed one included.
    if (available.length > 0) res.vary('Accept-Encoding');
    const encoding = chooseEncoding(req.get('Accept-Encoding'), available);
    let file = path.join(distDir, urlPath);
    res.setHeader('Cache-Control', cacheControlFor(file));
    if (encoding) {
      // The type of the original file, not of the .br/.gz copy.
      res.type(path.extname(file));
      res.setHeader('Content-Encoding', encoding);
      file += SUFFIX[encoding];
    }
    res.sendFile(file, { cacheControl: false }, (error?: NodeJS.ErrnoException) => {
      if (!error || res.headersSent) return;
      if (error.code === 'ENOENT') {
        res.removeHeader('Content-Encoding');
        res.removeHeader('Content-Type');
        return next();
      }
      next(error);
    });
  };

  const router = express.Router();
  router.use((_req, res, next) => {
    setRouteLabel(res, 'frontend');
    next();
  });
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !precompressed.has(req.path)) {
      return next();
    }
    sendNegotiated(req.path, req, res, next);
  });
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders: (res, filePath) => res.setHeader('Cache-Control', cacheControlFor(filePath)),
    }),
  );
  // Client-side routes get index.html; a missing file under /assets is a real 404 (a stale
  // chunk name after a deploy), never the HTML page in its place.
  router.get(/^\/(?!api(?:\/|$)|metrics(?:\/|$)|assets\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    sendNegotiated('/index.html', req, res, next);
  });
  return router;
}
