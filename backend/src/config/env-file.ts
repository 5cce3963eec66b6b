// Reads the settings file (.env at the repository root, beside .env.example; ENV_FILE names
// another) into process.env before the configuration is validated. The server and the database
// commands call it first, so `npm start`, `npm run dev` and `npm run db:*` all see the same
// settings. Variables already in the environment win: `PORT=4000 npm start` beats a PORT line.
// A process not started by npm (the image's `node dist/server.js`, the tests' and the
// benchmark's servers) reads .env only when ENV_FILE names it: it gets exactly the environment it
// was given, never a developer's DATABASE_URL.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** <repository>/.env, found from this file in both src/ (tsx) and dist/ (compiled). */
export const DEFAULT_ENV_FILE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../.env',
);

/** Loads the settings file, if this process should read one and it exists; returns its path. */
export function loadEnvFile(): string | undefined {
  const named = process.env.ENV_FILE;
  if (!named && !process.env.npm_lifecycle_event) return undefined;
  // A relative ENV_FILE means where the command was typed, not the workspace npm runs it in.
  const file = named
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), named)
    : DEFAULT_ENV_FILE;
  if (!existsSync(file)) {
    if (named) throw new Error(`ENV_FILE names ${file}, which does not exist.`);
    return undefined;
  }
  process.loadEnvFile(file);
  return file;
}
