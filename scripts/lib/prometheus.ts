// A small client for Prometheus's HTTP query API and the PromQL the deploy gates use.
import { httpRequest, parseJson } from './http.js';

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: VectorSample[] };
}

export class PrometheusClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Runs an instant query; returns the samples of the resulting vector. */
  async query(promql: string): Promise<VectorSample[]> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(promql)}`;
    const response = await httpRequest(url, { timeoutMs: this.timeoutMs });
    const body = parseJson(response, 'Prometheus answer') as QueryResponse;
    if (response.status !== 200 || body.status !== 'success' || !body.data) {
      throw new Error(`Prometheus refused the query ${promql}: ${body.error ?? response.status}`);
    }
    if (body.data.resultType !== 'vector') {
      throw new Error(`expected a vector from ${promql}, got ${body.data.resultType}`);
    }
    return body.data.result;
  }

  /** The single value of a query that aggregates to one series; null when there is no data. */
  async scalar(promql: string): Promise<number | null> {
    const [first] = await this.query(promql);
    if (!first) return null;
    const value = Number(first.value[1]);
    return Number.isFinite(value) ? value : null;
  }
}

export interface GateQueries {
  /** Number of scrape targets of the job that are up. */
  targetsUp: string;
  /** Requests per second over the window. */
  requestRate: string;
  /** Share of requests answered 5xx over the window (0…1). */
  errorRatio: string;
  /** 95th percentile request latency over the window, in seconds. */
  latencyP95: string;
}

/**
 * The PromQL behind a deploy's monitoring window, over the backend's own metrics
 * (`http_requests_total`, `http_request_duration_seconds`). `selector` adds label matchers,
 * e.g. `track="green"` to watch only the new track of a blue-green deploy.
 */
export function gateQueries(job: string, window: string, selector = ''): GateQueries {
  const labels = [`job="${job}"`, selector].filter(Boolean).join(',');
  const rate = (metric: string, extra = '') => `sum(rate(${metric}{${labels}${extra}}[${window}]))`;
  return {
    targetsUp: `sum(up{${labels}})`,
    requestRate: rate('http_requests_total'),
    errorRatio: `(${rate('http_requests_total', ',status_code=~"5.."')} or vector(0)) / ${rate('http_requests_total')}`,
    latencyP95: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{${labels}}[${window}])))`,
  };
}
