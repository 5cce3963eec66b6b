import { describe, expect, it } from 'vitest';
import {
  extraCosts,
  packageOf,
  runCost,
  shortLocation,
  summariseProfile,
  type CpuProfile,
  type ProfileNode,
} from './profile.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) =>
  ({
    id,
    callFrame: { functionName, url, lineNumber: id, columnNumber: 0 },
    children,
  }) satisfies ProfileNode;

/**
 * A server's main thread in ten samples 100 µs apart: Express handling a request (with JSON and a
 * socket write below it), winston formatting twice, a GC pause, an idle tick, the HTTP parser,
 * the backend's own handler and V8's "(program)".
 */
const profile: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 3, 6, 7, 8, 9, 10]),
    frame(2, '(program)', ''),
    frame(3, 'handle', 'file:///repo/node_modules/express/lib/router.js', [4]),
    frame(4, 'stringify', '', [5]),
    frame(5, 'writeGeneric', 'node:internal/stream_base_commons'),
    frame(6, 'transform', 'file:///repo/node_modules/logform/json.js'),
    frame(7, '(garbage collector)', ''),
    frame(8, '(idle)', ''),
    frame(9, 'parserOnHeadersComplete', 'node:_http_common'),
    frame(10, 'me', 'file:///repo/backend/dist/modules/users/users.routes.js'),
  ],
  startTime: 1_000,
  endTime: 2_100,
  samples: [3, 4, 5, 6, 6, 7, 8, 9, 10, 2],
  timeDeltas: Array.from({ length: 10 }, () => 100),
};

describe('CPU profile summary', () => {
  it('counts idle samples out and every other one as one sampling interval', () => {
    const summary = summariseProfile(profile);
    expect(summary.samples).toBe(9);
    expect(summary.busyUs).toBe(900);
  });

  it('does not count a stall, when the thread waited for a core, as work', () => {
    const stalled = {
      ...profile,
      timeDeltas: [100, 100, 100, 5_000, 100, 100, 100, 100, 100, 100],
    };
    const summary = summariseProfile(stalled);
    expect(summary.busyUs).toBe(900);
    expect(summary.packages.find((entry) => entry.package === 'winston')?.us).toBe(200);
  });

  it('charges Node.js and V8 work to the package that called it', () => {
    const packages = Object.fromEntries(
      summariseProfile(profile).packages.map((entry) => [entry.package, entry.us]),
    );
    expect(packages).toEqual({
      // handle, plus the JSON.stringify and the socket write it called
      express: 300,
      // logform is part of winston
      winston: 200,
      'garbage collection': 100,
      // the HTTP parser runs with no package above it
      'node internals': 100,
      'V8 and native code': 100,
      backend: 100,
    });
    expect(summariseProfile(profile).packages[0]).toMatchObject({
      package: 'express',
      share: 1 / 3,
    });
  });

  it('lists frames by self time with where they live', () => {
    const [top, ...rest] = summariseProfile(profile, { root: '/repo', top: 3 }).frames;
    expect(top).toEqual({
      functionName: 'transform',
      location: 'logform/json.js:7',
      package: 'winston',
      selfUs: 200,
      share: 200 / 900,
    });
    expect(rest).toHaveLength(2);
  });

  it('keeps only the samples inside the given windows', () => {
    const summary = summariseProfile(profile, {
      windows: [
        { startUs: 1_100, endUs: 1_400 },
        { startUs: 1_900, endUs: 2_000 },
      ],
    });
    expect(summary.busyUs).toBe(400);
    expect(summary.packages.map((entry) => entry.package)).toEqual(['express', 'backend']);
  });

  it('divides a run into CPU per request and what the target spends beyond its baseline', () => {
    const target = runCost('route', 3, summariseProfile(profile));
    const baseline = runCost(
      'floor',
      3,
      summariseProfile(profile, { windows: [{ startUs: 1_100, endUs: 1_400 }] }),
    );
    expect(target.usPerRequest).toBe(300);
    expect(baseline.usPerRequest).toBe(100);
    const extras = extraCosts(target, baseline);
    expect(extras[0]).toEqual({
      package: 'winston',
      targetUs: 200 / 3,
      baselineUs: 0,
      extraUs: 200 / 3,
    });
    expect(extras.find((entry) => entry.package === 'express')?.extraUs).toBe(0);
  });
});

describe('where code comes from', () => {
  it.each([
    ['file:///repo/node_modules/@node-rs/argon2/index.js', '@node-rs/argon2'],
    ['file:///repo/node_modules/drizzle-orm/pg-core/session.js', 'drizzle'],
    ['file:///repo/node_modules/pg-protocol/dist/parser.js', 'pg'],
    ['file:///repo/node_modules/winston/node_modules/readable-stream/x.js', 'winston'],
    ['file:///repo/node_modules/jose/dist/node/esm/jwt/verify.js', 'jose/jsonwebtoken'],
    ['file:///repo/backend/dist/http/app.js', 'backend'],
    ['file:///repo/packages/contract/dist/index.js', '@gv/contract'],
    ['node:internal/async_hooks', 'node internals'],
    ['wasm://wasm/pglite-0123', 'WebAssembly'],
    ['', 'V8 and native code'],
  ])('%s belongs to %s', (url, name) => {
    expect(packageOf(url)).toBe(name);
  });

  it('shortens locations to the package or the repository, counting lines from 1', () => {
    expect(shortLocation('file:///repo/node_modules/express/lib/router.js', 9, '/repo')).toBe(
      'express/lib/router.js:10',
    );
    expect(shortLocation('file:///repo/backend/dist/server.js', 0, '/repo')).toBe(
      'backend/dist/server.js:1',
    );
    expect(shortLocation('', -1)).toBe('(native)');
  });
});
