import type { Transport, TransportRequest, TransportResponse } from './transport.ts';

/**
 * The production Transport (spec 01 §4 "HTTP"): Node's fetch with a timeout, retries on
 * 429/500/502/503/504 and network errors, waits that honour Retry-After or back off
 * exponentially with jitter, and a per-host breaker. Every attempt is reported through
 * `onAttempt` (the caller writes it to `source_calls`) with the URL's apiKey redacted; the
 * key never reaches a log line, a row or an error message.
 */
export interface HttpOptions {
  timeoutMs: number;
  maxRetries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  retryAfterMaxMs: number;
  breakerThreshold: number;
}

export interface AttemptRecord {
  url: string; // redacted
  host: string;
  started_at: string;
  duration_ms: number;
  attempt: number;
  http_status: number | null;
  error: string | null;
  headers: Record<string, string>;
}

export interface HttpDeps {
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); injected so tests are exact. */
  random?: () => number;
  onAttempt?: (a: AttemptRecord) => void | Promise<void>;
  /** Told before each wait: what failed and when the next attempt is (interactive commands print it). */
  onRetry?: (r: { url: string; what: string; attempt: number; maxRetries: number; waitMs: number }) => void;
  /**
   * Total time one request may take, retries and waits included (an interactive command gives
   * up in seconds, not after the full backoff ladder). Absent: only maxRetries bounds it.
   */
  totalTimeoutMs?: number;
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status: number | null,
    readonly code: 'RETRIES_EXHAUSTED' | 'RETRY_AFTER_TOO_LONG' | 'BREAKER_OPEN' | 'NETWORK',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const RETRIABLE = new Set([429, 500, 502, 503, 504]);

/** Replaces the value of any apiKey/api_key query parameter with REDACTED. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:apiKey|api_key|apikey)=)[^&#]*/gi, '$1REDACTED');
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** Backoff without Retry-After: min(max, base·2^(attempt−1)) × jitter in [0.8, 1.2]. */
export function backoffMs(
  attempt: number,
  opts: Pick<HttpOptions, 'backoffBaseMs' | 'backoffMaxMs'>,
  random: () => number,
): number {
  const raw = Math.min(opts.backoffMaxMs, opts.backoffBaseMs * 2 ** (attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export class HttpTransport implements Transport {
  private failuresByHost = new Map<string, number>();
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly opts: HttpOptions,
    private readonly deps: HttpDeps = {},
  ) {
    this.fetchImpl = deps.fetchImpl ?? fetch;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = deps.random ?? Math.random;
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const host = new URL(req.url).host;
    const safeUrl = redactUrl(req.url);
    let firstStart: number | undefined;
    for (let attempt = 1; ; attempt++) {
      if ((this.failuresByHost.get(host) ?? 0) >= this.opts.breakerThreshold) {
        throw new HttpError(
          `${host}: ${this.opts.breakerThreshold} consecutive failures, failing fast`,
          safeUrl,
          null,
          'BREAKER_OPEN',
        );
      }
      const started = Date.now();
      firstStart ??= started;
      let res: TransportResponse | null = null;
      let error: string | null = null;
      try {
        const r = await this.fetchImpl(req.url, {
          headers: req.headers,
          signal: AbortSignal.timeout(this.opts.timeoutMs),
        });
        const headers: Record<string, string> = {};
        r.headers.forEach((v, k) => {
          headers[k.toLowerCase()] = v;
        });
        res = { status: r.status, headers, body: await r.text() };
      } catch (e) {
        // Messages of fetch errors can carry the URL: never let the key through.
        error = redactUrl(
          (e as Error).name === 'TimeoutError'
            ? `timeout after ${this.opts.timeoutMs} ms`
            : String((e as Error).message),
        );
      }
      await this.deps.onAttempt?.({
        url: safeUrl,
        host,
        started_at: new Date(started).toISOString(),
        duration_ms: Date.now() - started,
        attempt,
        http_status: res?.status ?? null,
        error,
        headers: res?.headers ?? {},
      });
      const retriable = res === null || RETRIABLE.has(res.status);
      if (!retriable) {
        this.failuresByHost.set(host, 0);
        return res!;
      }
      this.failuresByHost.set(host, (this.failuresByHost.get(host) ?? 0) + 1);
      const what = res ? `HTTP ${res.status}` : error!;
      if (attempt > this.opts.maxRetries) {
        throw new HttpError(
          `${safeUrl}: ${what} after ${attempt} attempts`,
          safeUrl,
          res?.status ?? null,
          res ? 'RETRIES_EXHAUSTED' : 'NETWORK',
        );
      }
      const retryAfter = parseRetryAfter(res?.headers['retry-after'], Date.now());
      if (retryAfter !== null && retryAfter > this.opts.retryAfterMaxMs) {
        throw new HttpError(
          `${safeUrl}: ${what} with Retry-After ${retryAfter} ms above the ${this.opts.retryAfterMaxMs} ms limit`,
          safeUrl,
          res?.status ?? null,
          'RETRY_AFTER_TOO_LONG',
        );
      }
      const waitMs = retryAfter ?? backoffMs(attempt, this.opts, this.random);
      const total = this.deps.totalTimeoutMs;
      if (total !== undefined && Date.now() + waitMs - firstStart > total) {
        throw new HttpError(
          `${safeUrl}: ${what}; gave up after ${attempt} attempt(s) (total timeout ${(total / 1000).toFixed(0)} s)`,
          safeUrl,
          res?.status ?? null,
          res ? 'RETRIES_EXHAUSTED' : 'NETWORK',
        );
      }
      this.deps.onRetry?.({ url: safeUrl, what, attempt, maxRetries: this.opts.maxRetries, waitMs });
      await this.sleep(waitMs);
    }
  }
}
