// What `npm run dev` tells the person and the Vite proxy: where the API and the console listen,
// taken from the same configuration the backend reads (environment and .env), never assumed.
import { loadConfig } from '@gv/backend/config';
import { UsageError } from './lib/cli.js';

export const DEFAULT_CONSOLE_PORT = 5173;

export interface DevSettings {
  /** The API as a person opens it. */
  apiUrl: string;
  /** Vite's dev server with hot reload. */
  consoleUrl: string;
  /** Where Vite forwards /api: VITE_BACKEND_URL, or the backend this run starts. */
  proxyTarget: string;
}

/** 0.0.0.0 and :: listen everywhere; a browser (or the proxy) reaches them on this machine. */
const listensEverywhere = (host: string) => ['0.0.0.0', '::', ''].includes(host.trim());

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** Throws the backend's own ConfigError for bad settings, and UsageError for bad ports here. */
export function devSettings(
  env: NodeJS.ProcessEnv,
  consolePort = DEFAULT_CONSOLE_PORT,
): DevSettings {
  const config = loadConfig(env);
  if (config.PORT === 0) {
    throw new UsageError('PORT=0 picks a random port, which the console proxy cannot follow');
  }
  if (consolePort === config.PORT) {
    throw new UsageError(`the console and the API cannot both use port ${consolePort}`);
  }
  const everywhere = listensEverywhere(config.HOST);
  const shown = everywhere ? 'localhost' : urlHost(config.HOST);
  const reached = everywhere ? '127.0.0.1' : urlHost(config.HOST);
  return {
    apiUrl: `http://${shown}:${config.PORT}`,
    consoleUrl: `http://localhost:${consolePort}`,
    proxyTarget: env.VITE_BACKEND_URL || `http://${reached}:${config.PORT}`,
  };
}

/** The lines `npm run dev` prints once both processes are starting. */
export function devBanner(settings: DevSettings): string {
  return [
    `API                       ${settings.apiUrl}  (docs at /api/docs)`,
    `Console with hot reload   ${settings.consoleUrl}  (/api goes to ${settings.proxyTarget})`,
    'Ctrl-C stops both.',
  ].join('\n');
}
