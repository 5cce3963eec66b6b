// The metrics endpoint, on a port of its own (METRICS_PORT). Prometheus reaches it inside the
// network; the public port, the Ingress and nginx never route to it, so request counts, memory
// and route names are not published to the internet.
import type { RequestListener } from 'node:http';
import type { Metrics } from './metrics.js';

export function createMetricsListener(metrics: Metrics): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => {
        res.writeHead(200, {
          'Content-Type': metrics.registry.contentType,
          'Cache-Control': 'no-store',
        });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Collecting metrics failed\n');
      },
    );
  };
}
