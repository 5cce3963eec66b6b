// A small client for Prometheus's HTTP query API, and the series the deploy gates read. The gates
// read what the recording rules in infra/monitoring/prometheus/rules record, so the alerts, the
// dashboards and the deploy tools judge a release by one definition of "error ratio".
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

  /**
   * The single value of a query that selects one series; null when there is no data. NaN (a
   * ratio of 0/0: no requests in the window) is no data too: nothing to judge.
   */
  async scalar(promql: string): Promise<number | null> {
    const [first] = await this.query(promql);
    if (!first) return null;
    const value = Number(first.value[1]);
    return Number.isFinite(value) ? value : null;
  }
}

/** Series recorded by infra/monitoring/prometheus/rules/gv-backend-recording.yml (5 min windows). */
export const RECORDED_SERIES = {
  requestRate: 'job:http_requests:rate5m',
  errorRatio: 'job:http_request_errors:ratio_rate5m',
  latencyP95: 'job:http_request_duration_seconds:p95_5m',
  trackErrorRatio: 'job_track:http_request_errors:ratio_rate5m',
} as const;

export interface GateQueries {
  /** Number of scrape targets of the job that are up. */
  targetsUp: string;
  /** Requests per second. */
  requestRate: string;
  /** Share of requests answered 5xx (0…1). */
  errorRatio: string;
  /** 95th percentile request latency, in seconds. */
  latencyP95: string;
}

/** What a deploy's monitoring window asks Prometheus about one scrape job. */
export function gateQueries(job: string): GateQueries {
  const selector = `{job="${job}"}`;
  return {
    targetsUp: `sum(up${selector})`,
    requestRate: `${RECORDED_SERIES.requestRate}${selector}`,
    errorRatio: `${RECORDED_SERIES.errorRatio}${selector}`,
    latencyP95: `${RECORDED_SERIES.latencyP95}${selector}`,
  };
}

/** Share of 5xx answers of one blue-green track of a job. */
export function trackErrorRatioQuery(job: string, track: string): string {
  return `${RECORDED_SERIES.trackErrorRatio}{job="${job}",track="${track}"}`;
}
