// Baseline: the fastest a Node.js HTTP server can answer a small JSON body on this machine.
// GET /api/health/live is measured against this.
import http from 'node:http';

const body = JSON.stringify({ status: 'ok' });

http
  .createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');

// Exit normally when stopped, so that --cpu-prof writes the profile.
process.on('SIGTERM', () => process.exit(0));
