import { describe, expect, it } from 'vitest';
import { atLeast } from './goals.js';
import { ratioTarget } from './ratio-target.js';

describe('ratioTarget', () => {
  const base = {
    name: 'GET /x vs baseline',
    measured: (mean: number) => `800 vs ${mean}`,
    failures: 0,
    bracket: { before: 900, after: 1100 },
    baselineName: 'the baseline',
    goal: atLeast(0.75),
  };

  it('compares the rate with the mean of the baseline runs around it', () => {
    const target = ratioTarget({ ...base, rate: 800 });
    expect(target.value).toBeCloseTo(0.8);
    expect(target.measured).toBe('800 vs 1000');
    expect(target.met).toBe(true);
    expect(target.why).toMatch(/80% of the baseline/);
  });

  it('misses its goal when requests failed, and says so first', () => {
    const target = ratioTarget({ ...base, rate: 800, failures: 3 });
    expect(target.met).toBe(false);
    expect(target.why).toMatch(/^3 requests failed/);
  });

  it('reports a figure without a goal as neither met nor missed', () => {
    const { goal: _goal, ...withoutGoal } = base;
    const target = ratioTarget({ ...withoutGoal, rate: 500 });
    expect(target.met).toBeUndefined();
    expect(target.goal).toBeUndefined();
  });
});
