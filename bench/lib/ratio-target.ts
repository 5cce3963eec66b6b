// A throughput target: the product's rate against the mean of the baseline runs around it, with
// the explanation derived from the same run (profiles and the baselines' spread).
import { bracketMean, explainRatio, type Bracket } from './explain.js';
import { evaluateTarget, type Goal, type TargetResult } from './goals.js';
import type { RunCost } from './profile.js';

export interface RatioMeasurement {
  name: string;
  /** Words for the two rates, given the baseline mean, e.g. "9,800 req/s vs 17,200 req/s". */
  measured: (baselineMean: number) => string;
  rate: number;
  failures: number;
  bracket: Bracket;
  baselineName: string;
  goal?: Goal;
  /** CPU profile costs of the product and the baseline during their runs, when recorded. */
  cost?: RunCost;
  baselineCost?: RunCost;
  /** A further explanation the scenario derived from its own measurements. */
  note?: string;
}

export function ratioTarget(measurement: RatioMeasurement): TargetResult {
  const mean = bracketMean(measurement.bracket);
  const ratio = measurement.rate / mean;
  const goal = measurement.goal ? { goal: measurement.goal } : {};
  return evaluateTarget({
    name: measurement.name,
    measured: measurement.measured(mean),
    value: ratio,
    unit: 'ratio',
    ...goal,
    failures: measurement.failures,
    why: [
      explainRatio({
        ratio,
        ...goal,
        baselineName: measurement.baselineName,
        bracket: measurement.bracket,
        ...(measurement.cost ? { target: measurement.cost } : {}),
        ...(measurement.baselineCost ? { baseline: measurement.baselineCost } : {}),
      }),
      measurement.note ?? '',
    ]
      .filter(Boolean)
      .join(' '),
  });
}
