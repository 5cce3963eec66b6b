// Baseline: how many argon2id verifications per second this machine does with the backend's own
// parameters, keeping `BENCH_CONCURRENCY` verifications in flight (as many as the login benchmark
// has connections). Prints one JSON line with the result.
import { hash, verify } from '@node-rs/argon2';
import { ARGON2_OPTIONS } from '@gv/backend/passwords';

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const warmupMs = Number(process.env.BENCH_WARMUP_MS ?? 2_000);
const password = 'benchmark passphrase 1';
const passwordHash = await hash(password, ARGON2_OPTIONS);

async function run(forMs: number): Promise<number> {
  const until = performance.now() + forMs;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        if (!(await verify(passwordHash, password))) throw new Error('verify returned false');
        done += 1;
      }
    }),
  );
  return done;
}

await run(warmupMs);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const verifies = await run(durationMs);
const cpu = process.cpuUsage(cpuBefore);
const seconds = (performance.now() - started) / 1000;
// CPU of every thread of this process (the hashing runs on libuv's), per verification.
const cpuMsPerVerify = (cpu.user + cpu.system) / 1000 / verifies;
process.stdout.write(
  `${JSON.stringify({ verifies, seconds, perSecond: verifies / seconds, cpuMsPerVerify })}\n`,
);
