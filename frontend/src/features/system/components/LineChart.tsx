// A small SVG line chart: enough for "the last few minutes" of one number, with no library.

export interface Sample {
  /** Milliseconds since the epoch. */
  at: number;
  value: number | null;
}

interface LineChartProps {
  title: string;
  samples: Sample[];
  /** Formats a value for the labels, e.g. `(v) => `${v.toFixed(1)} ms``. */
  format: (value: number) => string;
  /** The smallest top of the y axis, so a quiet system does not look busy. */
  minMax?: number;
  /** How much time the x axis spans. */
  spanMs: number;
}

const WIDTH = 320;
const HEIGHT = 120;
const PAD = { top: 8, right: 4, bottom: 4, left: 4 };

/** Splits the series where values are missing, so gaps show as gaps instead of false lines. */
export function toPaths(
  samples: Sample[],
  scaleX: (at: number) => number,
  scaleY: (value: number) => number,
): string[] {
  const paths: string[] = [];
  let current = '';
  for (const sample of samples) {
    if (sample.value === null) {
      if (current) paths.push(current);
      current = '';
      continue;
    }
    const point = `${scaleX(sample.at).toFixed(1)},${scaleY(sample.value).toFixed(1)}`;
    current += current ? ` L${point}` : `M${point}`;
  }
  if (current) paths.push(current);
  return paths;
}

export function LineChart({ title, samples, format, minMax = 1, spanMs }: LineChartProps) {
  const values = samples
    .map((sample) => sample.value)
    .filter((value): value is number => value !== null);
  const latest = values.at(-1);
  const peak = values.length > 0 ? Math.max(...values) : 0;
  const top = Math.max(peak * 1.15, minMax);
  const end = samples.at(-1)?.at ?? Date.now();
  const start = end - spanMs;
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const scaleX = (at: number) => PAD.left + ((at - start) / spanMs) * innerWidth;
  const scaleY = (value: number) => PAD.top + innerHeight - (value / top) * innerHeight;
  const paths = toPaths(
    samples.filter((sample) => sample.at >= start),
    scaleX,
    scaleY,
  );
  const minutes = Math.round(spanMs / 60_000);
  const summary =
    latest === undefined
      ? `${title}: no data yet`
      : `${title}: now ${format(latest)}, peak ${format(peak)} over the last ${minutes} minutes`;

  return (
    <figure className="card" data-testid="chart" data-samples={samples.length}>
      <figcaption className="flex items-baseline justify-between gap-2">
        <span className="text-sm font-medium">{title}</span>
        <span className="text-xl font-semibold tabular-nums">
          {latest === undefined ? '—' : format(latest)}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="mt-3 h-28 w-full overflow-visible"
        role="img"
        aria-label={summary}
        preserveAspectRatio="none"
      >
        {[0, 0.5, 1].map((fraction) => (
          <line
            key={fraction}
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={PAD.top + innerHeight * fraction}
            y2={PAD.top + innerHeight * fraction}
            className="stroke-slate-200 dark:stroke-slate-700"
            strokeWidth="1"
            vectorEffect="non-scaling-stroke"
          />
        ))}
        {paths.map((d) => (
          <path
            key={d}
            d={d}
            fill="none"
            className="stroke-indigo-600 dark:stroke-indigo-400"
            strokeWidth="2"
            strokeLinejoin="round"
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <div className="muted mt-1 flex justify-between text-xs">
        <span>{minutes} min ago</span>
        <span>max {format(top)}</span>
        <span>now</span>
      </div>
    </figure>
  );
}
