// A small client for Prometheus's HTTP API (/api/v1/query, /api/v1/query_range and /api/v1/alerts),
// with a deadline on every request: the System page would rather show local numbers than wait.
// While Prometheus does not answer, one request at a time finds out whether it is back.

/** Prometheus did not answer, answered late, or refused the query. */
export class PrometheusUnavailable extends Error {
  override name = 'PrometheusUnavailable';
}

export interface InstantSample {
  labels: Record<string, string>;
  /** null for NaN and ±Inf, which PromQL returns for 0/0 or a quantile of an empty histogram. */
  value: number | null;
}

export interface RangeSeries {
  labels: Record<string, string>;
  /** [unix seconds, value] pairs, oldest first. */
  values: Array<[number, number | null]>;
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing' | 'inactive';
  activeAt?: string;
}

interface ApiData<T> {
  resultType: string;
  result: T;
  /** Only /api/v1/alerts answers with this instead of a result. */
  alerts?: PrometheusAlert[];
}

interface ApiResponse<T> {
  status: 'success' | 'error';
  data?: ApiData<T>;
  error?: string;
}

type RawVector = Array<{ metric: Record<string, string>; value: [number, string] }>;
type RawMatrix = Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;

const toNumber = (text: string): number | null => {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
};

export interface PrometheusClientOptions {
  /** How long one request may take. */
  timeoutMs?: number;
  /** After Prometheus failed to answer, how long requests fail at once before one asks again. */
  retryAfterMs?: number;
}

export class PrometheusClient {
  private readonly baseUrl: URL;
  private readonly timeoutMs: number;
  private readonly retryAfterMs: number;
  /** Whether the last request got an HTTP answer; false until the first one does. */
  private answering = false;
  /** Why Prometheus is taken to be away, and until when no request goes to it. */
  private away: { error: PrometheusUnavailable; until: number } | undefined;
  /** The one request finding out whether Prometheus answers; settles with it, never rejects. */
  private probe: Promise<void> | undefined;

  constructor(baseUrl: string, options: PrometheusClientOptions = {}) {
    // Keep a path prefix (Prometheus behind --web.route-prefix or a proxy path) when resolving.
    this.baseUrl = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.retryAfterMs = options.retryAfterMs ?? 15_000;
  }

  /** Evaluates `promql` now; an instant vector's samples (a scalar comes back as one sample). */
  async query(promql: string): Promise<InstantSample[]> {
    const data = await this.get<RawVector | [number, string]>('api/v1/query', { query: promql });
    if (data.resultType === 'scalar') {
      const [, value] = data.result as [number, string];
      return [{ labels: {}, value: toNumber(value) }];
    }
    return (data.result as RawVector).map((sample) => ({
      labels: sample.metric,
      value: toNumber(sample.value[1]),
    }));
  }

  /** Alerts pending or firing now, from /api/v1/alerts. */
  async alerts(): Promise<PrometheusAlert[]> {
    const data = await this.get<unknown>('api/v1/alerts', {});
    return data.alerts ?? [];
  }

  /** Evaluates `promql` every `stepSeconds` from `start` to `end` (unix seconds). */
  async queryRange(
    promql: string,
    range: { start: number; end: number; stepSeconds: number },
  ): Promise<RangeSeries[]> {
    const data = await this.get<RawMatrix>('api/v1/query_range', {
      query: promql,
      start: String(range.start),
      end: String(range.end),
      step: String(range.stepSeconds),
    });
    return data.result.map((series) => ({
      labels: series.metric,
      values: series.values.map(([at, value]) => [at, toNumber(value)]),
    }));
  }

  /**
   * Until Prometheus has answered, requests go to it one at a time: the System page asks for a
   * dozen figures at once, and each request to a host that is away can hold a libuv thread for
   * the resolver's whole timeout (10 s for a compose service name that is not running), the
   * threads the password hashing and file reads also wait for. After a failure, requests fail at
   * once for `retryAfterMs`.
   */
  private async get<T>(path: string, params: Record<string, string>): Promise<ApiData<T>> {
    while (!this.answering) {
      if (this.probe) {
        await this.probe;
        continue;
      }
      if (this.away && Date.now() < this.away.until) throw this.away.error;
      const attempt = this.request<T>(path, params);
      const settled = () => {
        this.probe = undefined;
      };
      this.probe = attempt.then(settled, settled);
      return attempt;
    }
    return this.request<T>(path, params);
  }

  private async request<T>(path: string, params: Record<string, string>): Promise<ApiData<T>> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : error;
      const message = `Prometheus did not answer: ${String(reason)}`;
      const unavailable = new PrometheusUnavailable(message, { cause: error });
      this.answering = false;
      this.away = { error: unavailable, until: Date.now() + this.retryAfterMs };
      throw unavailable;
    }
    this.answering = true;
    this.away = undefined;
    // Prometheus explains a refused query in a JSON body, with a 400 or 422 status.
    const body = (await response.json().catch(() => undefined)) as ApiResponse<T> | undefined;
    if (!response.ok || body?.status !== 'success' || !body.data) {
      throw new PrometheusUnavailable(
        `Prometheus answered ${response.status}: ${body?.error ?? 'not a query result'}`,
      );
    }
    return body.data;
  }
}
