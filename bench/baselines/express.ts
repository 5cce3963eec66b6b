// Reference point, not a target: Express 5 with no middleware at all, answering the same small JSON
// body as the node:http baseline. It shows how much of the gap to node:http is the framework itself
// rather than the backend's middleware.
import express from 'express';

const app = express();
app.get('/api/health/live', (_req, res) => {
  res.json({ status: 'ok' });
});
app.listen(Number(process.env.PORT), '127.0.0.1');
