// Goals and whether a measured figure meets them.
import { formatNumber, formatValue, type Unit } from './format.js';

export interface Goal {
  comparison: 'at least' | 'at most';
  threshold: number;
}

export const atLeast = (threshold: number): Goal => ({ comparison: 'at least', threshold });
export const atMost = (threshold: number): Goal => ({ comparison: 'at most', threshold });

export interface TargetResult {
  name: string;
  /** What was measured, in words with the numbers (e.g. "9,800 req/s vs 17,200 req/s"). */
  measured: string;
  /** The figure compared with the goal: a ratio (0.57) or an absolute value. */
  value: number;
  unit: Unit;
  /** Absent for figures that are reported without a goal. */
  goal?: Goal;
  /** Undefined when there is no goal. */
  met?: boolean;
  /** Why the figure is what it is, derived from this run's measurements. */
  why: string;
}

export function meets(value: number, goal: Goal): boolean {
  return goal.comparison === 'at least' ? value >= goal.threshold : value <= goal.threshold;
}

export function formatGoal(goal: Goal | undefined, unit: Unit): string {
  if (!goal) return '—';
  const sign = goal.comparison === 'at least' ? '≥' : '≤';
  const threshold =
    unit === 'ms' ? `${formatNumber(goal.threshold)} ms` : formatValue(goal.threshold, unit);
  return `${sign} ${threshold}`;
}

/**
 * A target meets its goal when the figure does and no request failed: a fast answer that is an
 * error does not count.
 */
export function evaluateTarget(
  target: Omit<TargetResult, 'met'> & { failures?: number },
): TargetResult {
  const { failures = 0, ...rest } = target;
  if (!rest.goal) return rest;
  const met = meets(rest.value, rest.goal) && failures === 0;
  const why =
    failures > 0
      ? `${formatNumber(failures)} requests failed during the run. ${rest.why}`
      : rest.why;
  return { ...rest, met, why };
}
