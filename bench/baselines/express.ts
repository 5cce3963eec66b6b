// Baseline: Express 5 with no middleware at all, answering the same small JSON body as the
// backend's liveness probe. Routes served through Express are measured against this floor.
import express from 'express';

const app = express();
app.get('/api/health/live', (_req, res) => {
  res.json({ status: 'ok' });
});
app.listen(Number(process.env.PORT), '127.0.0.1');

// Exit normally when stopped, so that --cpu-prof writes the profile.
process.on('SIGTERM', () => process.exit(0));
