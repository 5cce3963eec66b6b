// The security headers every response carries (Content-Security-Policy, HSTS in production,
// X-Frame-Options, ...). Helmet decides them; because this configuration has no per-request
// parts (no nonces), helmet runs once at start-up and each response gets the resulting list,
// which costs a fraction of running helmet's dozen middlewares per request (docs/performance.md).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

function helmetFor(isProduction: boolean) {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: isProduction ? [] : null,
      },
    },
    // HSTS only makes sense where TLS terminates in front of a production deployment.
    strictTransportSecurity: isProduction ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    // The same rule as frame-ancestors 'none', for browsers that only know X-Frame-Options.
    frameguard: { action: 'deny' },
  });
}

/** Runs helmet once against a response that only records the headers it is given. */
export function securityHeaderList(isProduction: boolean): HeaderList {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader(name: string, value: string | number | string[]) {
      headers.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
      return recorder;
    },
    removeHeader() {},
  };
  let finished = false;
  helmetFor(isProduction)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error instanceof Error ? error : new Error(String(error));
      finished = true;
    },
  );
  // Helmet answers synchronously today; if a version ever did not, recording would be wrong.
  if (!finished) throw new Error('helmet did not finish synchronously; security headers unknown');
  return headers;
}

export function securityHeaders(list: HeaderList): RequestHandler {
  return (_req, res, next) => {
    for (const [name, value] of list) res.setHeader(name, value);
    next();
  };
}
