// Playwright runs this once before the journeys; the function it returns runs after them.
import { startServer } from './server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startServer();
  return () => server.stop();
}
