// All-in-one mode: serve the built React app from frontend/dist, with the SPA fallback that sends
// index.html for client-side routes. Never for /api or /metrics, which keep their own 404s.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { setRouteLabel } from './request-tracking.js';

const HASHED_ASSET = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?|svg|png|jpg|webp)$/;

export function frontendRouter(distDir: string): Router | null {
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) return null;
  const router = express.Router();
  router.use((_req, res, next) => {
    setRouteLabel(res, 'frontend');
    next();
  });
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders: (res, filePath) => {
        // Hashed file names change with their content, so they can be cached for a year.
        res.setHeader(
          'Cache-Control',
          HASHED_ASSET.test(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    }),
  );
  // Client-side routes get index.html; a missing file under /assets is a real 404 (a stale
  // chunk name after a deploy), never the HTML page in its place.
  router.get(/^\/(?!api(?:\/|$)|metrics(?:\/|$)|assets\/).*/, (req, res, next) => {
    if (!req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
