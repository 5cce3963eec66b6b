import { describe, expect, it } from 'vitest';
import { atLeast, atMost, evaluateTarget } from './goals.js';
import type { LoadResult } from './load.js';
import { runCost } from './profile.js';
import { consoleSummary, markdownReport, type Report } from './report.js';

function run(label: string, requestsPerSecond: number, p99: number): LoadResult {
  return {
    label,
    connections: 50,
    durationSeconds: 10,
    requestsPerSecond,
    total: requestsPerSecond * 10,
    failures: 0,
    statusCounts: { '200': requestsPerSecond * 10 },
    latencyMs: { p50: 5, p90: 8, p97_5: 10, p99, max: 40, mean: 6 },
    window: { startUs: 0, endUs: 10_000_000 },
    generatorCores: 0.75,
    machineCores: 1.9,
  };
}

const live = run('GET /api/health/live', 4_000, 21);
const floor = run('baseline: Express 5, no middleware', 8_000, 9);

function report(overrides: Partial<Report> = {}): Report {
  return {
    machine: {
      date: '2026-12-01',
      cpus: 2,
      cpuModel: 'Test CPU',
      memoryGiB: 4,
      node: '20.19.0',
      os: 'Debian',
      postgres: 'PostgreSQL 15.0',
      loadAverage: 0.5,
    },
    settings: [['LOG_LEVEL', 'not set']],
    targets: [
      evaluateTarget({
        name: 'GET /api/health/live vs bare Express 5',
        measured: '4,000 req/s vs 8,000 req/s',
        value: 0.5,
        unit: 'ratio',
        goal: atLeast(0.85),
        why: '50% of bare Express 5; winston +80 µs.',
      }),
      evaluateTarget({
        name: 'GET /api/health vs bare Express 5',
        measured: '3,000 req/s vs 8,000 req/s',
        value: 0.375,
        unit: 'ratio',
        why: 'reported only',
      }),
      evaluateTarget({
        name: 'Start to ready, embedded PGlite (nothing changed)',
        measured: 'median of 900, 1,000, 1,100 ms',
        value: 1_000,
        unit: 'ms',
        goal: atMost(3_000),
        why: 'fast enough',
      }),
    ],
    runs: [floor, live, floor],
    latency: [
      {
        route: 'GET /api/health/live',
        connections: 50,
        run: live,
        baselineName: 'bare Express 5',
        baselines: [floor, { ...floor, latencyMs: { ...floor.latencyMs, p99: 11 } }],
      },
    ],
    profiles: [
      {
        title: 'GET /api/health/live, 50 connections',
        target: runCost('GET /api/health/live', 1_000, {
          busyUs: 200_000,
          samples: 180,
          frames: [
            {
              functionName: 'transform',
              location: 'logform/json.js:12',
              package: 'winston',
              selfUs: 50_000,
              share: 0.25,
            },
          ],
          packages: [
            { package: 'express', us: 120_000, share: 0.6 },
            { package: 'winston', us: 80_000, share: 0.4 },
          ],
        }),
        baseline: runCost('floor', 1_000, {
          busyUs: 100_000,
          samples: 90,
          frames: [],
          packages: [{ package: 'express', us: 100_000, share: 1 }],
        }),
        baselineName: 'bare Express 5',
      },
    ],
    memory: [
      {
        what: '`node` with nothing loaded',
        sample: { rss: 41.5, heapUsed: 3.5, heapTotal: 4.2, external: 1.4, arrayBuffers: 0 },
      },
      { what: 'backend, embedded PGlite, after start', sample: { rss: 390 } },
    ],
    notes: ['Bare Express 5 served 13% of bare node:http.'],
    totalSeconds: 300,
    ...overrides,
  };
}

describe('the performance report', () => {
  const markdown = markdownReport(report(), '## How it is measured\n\nLike this.');

  it('marks each target met, missed or reported without a goal', () => {
    expect(markdown).toContain(
      '| GET /api/health/live vs bare Express 5 | 50% | ≥ 85% | **no** | 4,000 req/s vs 8,000 req/s |',
    );
    expect(markdown).toContain('| GET /api/health vs bare Express 5 | 38% | — | — |');
    expect(markdown).toContain('| 1,000 ms | ≤ 3,000 ms | yes |');
  });

  it('explains only the missed targets, with the reason the run derived', () => {
    const why = markdown.slice(markdown.indexOf('### Why targets were missed'));
    expect(why).toContain(
      '- **GET /api/health/live vs bare Express 5**: 50% of bare Express 5; winston +80 µs.',
    );
    expect(why.slice(0, why.indexOf('\n## '))).not.toContain('reported only');
    expect(markdownReport(report({ targets: [] }), '')).toContain(
      'Every target with a goal was met in this run.',
    );
  });

  it('puts closed-loop p99 next to the p99 of each baseline run', () => {
    expect(markdown).toContain(
      '| GET /api/health/live | 50 | 4,000 | 5 | 21 | bare Express 5 | 9, 11 |',
    );
  });

  it('shows the CPU per request by package against the baseline, and the top frames', () => {
    expect(markdown).toContain('Main-thread CPU per request: 200 µs; bare Express 5: 100 µs');
    expect(markdown).toContain('| express | 120 | 60% | 100 µs |');
    expect(markdown).toContain('| winston | 80 | 40% | — |');
    expect(markdown).toContain('| `transform` | `logform/json.js:12` | winston | 25% |');
  });

  it('shows the memory of each part, with dashes where only RSS is known', () => {
    expect(markdown).toContain('| `node` with nothing loaded | 41.5 | 3.5 | 4.2 | 1.4 | 0.0 |');
    expect(markdown).toContain('| backend, embedded PGlite, after start | 390.0 | — | — | — | — |');
  });

  it('says under the memory table what was cut to hold less, with the decisions behind it', () => {
    const memory = markdown.slice(markdown.indexOf('## Memory'));
    const cuts = memory.slice(memory.indexOf('### What was cut'), memory.indexOf('\n## '));
    expect(cuts).toContain('16 MB of shared buffers');
    expect(cuts).toContain('(decisions/226-heap-growth-and-modules-loaded-on-use.md)');
    expect(cuts).toContain("Kept: argon2id's 19 MiB per hash");
  });

  it('prints the targets and the reasons for the misses on the console', () => {
    const text = consoleSummary(report());
    expect(text).toContain('Why missed');
    expect(text).toContain(
      '- GET /api/health/live vs bare Express 5: 50% of bare Express 5; winston +80 µs.',
    );
    expect(text).toMatch(/GET \/api\/health vs bare Express 5\s+38%\s+—\s+—/);
  });
});
