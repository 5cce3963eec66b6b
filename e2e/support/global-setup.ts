// Playwright runs this once before the journeys; the function it returns runs after them.
import { externalBaseURL } from './env';
import { startServer } from './server';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (externalBaseURL) {
    console.log(`e2e: against the running system at ${externalBaseURL}`);
    return async () => undefined;
  }
  const server = await startServer();
  return () => server.stop();
}
