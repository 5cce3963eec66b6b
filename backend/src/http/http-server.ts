// The HTTP server the app runs in, with the limits that keep slow or idle clients from holding
// connections open (slowloris: a client that sends its request a byte at a time, forever).
import http, { type RequestListener } from 'node:http';

export interface ServerTimeouts {
  /** The request line and headers must have arrived within this. */
  headersTimeout: number;
  /** The whole request, body included, must have arrived within this. */
  requestTimeout: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeout: number;
  /**
   * How often Node checks the two limits above. Its default, 30 s, would let a slow client hold a
   * connection for up to 50 s instead of 20.
   */
  connectionsCheckingInterval: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersTimeout: 20_000,
  requestTimeout: 30_000,
  // Longer than the load balancer's idle timeout (60 s on AWS ALB), so the balancer always closes
  // idle connections first and never sends a request onto a socket the server is closing.
  keepAliveTimeout: 65_000,
  connectionsCheckingInterval: 2_000,
};

export function createHttpServer(
  app: RequestListener,
  timeouts: ServerTimeouts = SERVER_TIMEOUTS,
): http.Server {
  const server = http.createServer(
    {
      connectionsCheckingInterval: timeouts.connectionsCheckingInterval,
      headersTimeout: timeouts.headersTimeout,
      requestTimeout: timeouts.requestTimeout,
    },
    app,
  );
  server.keepAliveTimeout = timeouts.keepAliveTimeout;
  return server;
}
