// The key that signs access tokens. Production must provide JWT_SECRET; in development one is
// generated once and kept in DATA_DIR, so restarts do not sign everyone out.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../observability/logger.js';
import type { AppConfig } from './env.js';

export function resolveJwtSecret(config: AppConfig, logger: Logger): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  // Written aside, then linked into place: the link fails if another worker got there first, and
  // nobody ever reads a half-written key. All workers end up with the first key.
  const draft = `${file}.${process.pid}`;
  writeFileSync(draft, secret, { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return readFileSync(file, 'utf8').trim();
    throw error;
  } finally {
    unlinkSync(draft);
  }
  logger.warn('JWT_SECRET is not set: generated a development key', {
    file,
    hint: 'set JWT_SECRET (32+ random bytes) in production',
  });
  return secret;
}
