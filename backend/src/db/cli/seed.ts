// `npm run db:seed`: adds demo users and some activity, so the admin pages have something to show.
// Safe to run twice: existing demo users are left as they are.
import { ConfigError, loadConfig } from '../../config/env.js';
import { loadEnvFile } from '../../config/env-file.js';
import { hashPassword } from '../../modules/auth/passwords.js';
import { createMetrics } from '../../observability/metrics.js';
import { UsersRepository } from '../../modules/users/users.repository.js';
import { DataDirLocked } from '../data-dir-lock.js';
import { openDatabase } from '../database.js';
import { runMigrations } from '../migrate.js';
import { logs } from '../schema.js';

const DEMO_PASSWORD = 'playground-demo-password';
const DEMO_USERS = [
  { email: 'alice@demo.gv.local', name: 'Alice Anders', role: 'admin' as const },
  { email: 'bob@demo.gv.local', name: 'Bob Brown', role: 'user' as const },
  { email: 'carol@demo.gv.local', name: 'Carol Chen', role: 'user' as const },
  {
    email: 'dave@demo.gv.local',
    name: 'Dave Diaz',
    role: 'user' as const,
    status: 'disabled' as const,
  },
  ...Array.from({ length: 26 }, (_, index) => ({
    email: `learner${String(index + 1).padStart(2, '0')}@demo.gv.local`,
    name: `Learner ${index + 1}`,
    role: 'user' as const,
  })),
];

const SAMPLE_EVENTS = [
  { event: 'auth.login.succeeded', level: 'info', message: 'Signed in' },
  { event: 'auth.login.failed', level: 'warn', message: 'Sign-in failed: wrong password' },
  { event: 'auth.refresh', level: 'debug', message: 'Access token refreshed' },
  { event: 'session.revoked', level: 'info', message: 'Session ended' },
  { event: 'user.profile.updated', level: 'info', message: 'Profile updated' },
];

try {
  loadEnvFile();
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolMax: 2,
  });
  await runMigrations(database);
  const users = new UsersRepository(
    database.db,
    database.readDb,
    createMetrics({ version: 'seed', commit: 'seed' }),
  );
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  let created = 0;
  const ids: string[] = [];
  for (const demo of DEMO_USERS) {
    const existing = await users.findByEmail(demo.email);
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const user = await users.create({ ...demo, passwordHash });
    ids.push(user.id);
    created += 1;
    process.stdout.write(`\rCreating demo users: ${created}`);
  }
  process.stdout.write('\n');

  const now = Date.now();
  const activity = Array.from({ length: 200 }, (_, index) => {
    const sample = SAMPLE_EVENTS[index % SAMPLE_EVENTS.length]!;
    return {
      ...sample,
      ts: new Date(now - index * 7 * 60_000),
      userId: ids[index % ids.length]!,
      ip: `192.0.2.${(index % 250) + 1}`,
      userAgent: 'Mozilla/5.0 (demo data)',
      metadata: { demo: true },
    };
  });
  await database.db.insert(logs).values(activity);
  await database.close();

  console.log(
    `Seeded ${created} new demo users (${DEMO_USERS.length - created} already there) and ${activity.length} audit events.`,
  );
  console.log(
    `Demo accounts use the password "${DEMO_PASSWORD}"; alice@demo.gv.local is an admin.`,
  );
} catch (error) {
  if (error instanceof DataDirLocked) {
    // Says what to do itself: stop the server, then seed.
    console.error(error.message);
    process.exit(1);
  }
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    'Check DATABASE_URL (or DATA_DIR for the embedded database) and run `npm run db:migrate` first.',
  );
  process.exit(1);
}
