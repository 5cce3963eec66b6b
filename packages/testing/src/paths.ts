// Where things are in the repository, wherever the test that asks runs from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Absolute path of the backend workspace. */
export const backendDir = path.join(repoRoot, 'backend');
