import type { Logger } from '../config/log.ts';
import type { Store } from '../store/store.ts';
import { type AttemptRecord, HttpError, redactUrl } from './http.ts';
import type { IdentityIndex } from './identity.ts';
import {
  addCounts,
  emptyCounts,
  type IngestCounts,
  ingestPayload,
  type MappedPayload,
  recordCall,
} from './ingest/index.ts';
import type { Transport, TransportResponse } from './transport.ts';

/**
 * What one live fetch run shares across its calls: the transport, the store, the run id, the
 * attempts the transport reported (every attempt becomes a `source_calls` row) and the summed
 * import counts. The Odds API and NBA CDN clients are thin layers over `call` + `ingest`.
 */
export class LiveRun {
  counts: IngestCounts = emptyCounts();
  calls = 0;
  /** Attempts reported by an HttpTransport since the last call finished (failed retries). */
  readonly pending: AttemptRecord[] = [];

  constructor(
    readonly store: Store,
    readonly transport: Transport,
    readonly opts: {
      source: string;
      runId: string | null;
      candidateMinSimilarity: number;
      identity?: IdentityIndex;
      log: Logger;
      now?: () => Date;
    },
  ) {}

  /** Hook for HttpTransport's onAttempt. */
  readonly onAttempt = (a: AttemptRecord): void => {
    this.pending.push(a);
  };

  now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /**
   * One request. Earlier failed attempts are written to source_calls here; the last attempt
   * is returned with its call record for `ingest` (or `recordOnly`). A transport error after
   * its retries is recorded and rethrown as one clear message without the key.
   */
  async call(
    url: string,
    key: string,
  ): Promise<{ res: TransportResponse; started: string; duration: number; attempt: number }> {
    this.pending.length = 0;
    const started = this.now();
    this.calls++;
    try {
      const res = await this.transport.request({ url });
      const attempts = this.pending.splice(0);
      const last = attempts.pop();
      for (const a of attempts) await this.recordAttempt(a, key);
      return {
        res,
        started: last?.started_at ?? started.toISOString(),
        duration: last?.duration_ms ?? Date.now() - started.getTime(),
        attempt: last?.attempt ?? 1,
      };
    } catch (e) {
      for (const a of this.pending.splice(0)) await this.recordAttempt(a, key);
      if (e instanceof HttpError) throw e;
      throw new Error(redactUrl((e as Error).message));
    }
  }

  private async recordAttempt(a: AttemptRecord, key: string): Promise<void> {
    await recordCall(this.store, {
      source: this.opts.source,
      key,
      url: a.url,
      started_at: a.started_at,
      duration_ms: a.duration_ms,
      attempt: a.attempt,
      http_status: a.http_status,
      error: a.error,
      run_id: this.opts.runId,
      ...quotaOf(a.headers),
    });
  }

  /** Records a call that brought no payload to ingest (404, 204, a budget skip). */
  async recordOnly(c: {
    url: string;
    key: string;
    started?: string;
    duration?: number;
    attempt?: number;
    status?: number | null;
    headers?: Record<string, string>;
    error?: string;
  }): Promise<void> {
    await recordCall(this.store, {
      source: this.opts.source,
      key: c.key,
      url: redactUrl(c.url),
      started_at: c.started ?? this.now().toISOString(),
      duration_ms: c.duration ?? 0,
      attempt: c.attempt ?? 1,
      http_status: c.status ?? null,
      error: c.error ?? null,
      run_id: this.opts.runId,
      ...quotaOf(c.headers ?? {}),
    });
  }

  /** Archives the body, records the call and writes the mapped rows, in one transaction. */
  async ingest(
    c: {
      url: string;
      key: string;
      res: TransportResponse;
      started: string;
      duration: number;
      attempt: number;
    },
    map: (body: string) => MappedPayload,
  ): Promise<{ invalid?: string; counts: IngestCounts }> {
    const r = await ingestPayload(this.store, {
      payload: {
        source: this.opts.source,
        key: c.key,
        body: c.res.body,
        fetched_at: this.now().toISOString(),
        content_type: c.res.headers['content-type'] ?? 'application/json',
      },
      call: {
        url: redactUrl(c.url),
        started_at: c.started,
        duration_ms: c.duration,
        attempt: c.attempt,
        http_status: c.res.status,
        ...quotaOf(c.res.headers),
      },
      run_id: this.opts.runId,
      candidateMinSimilarity: this.opts.candidateMinSimilarity,
      identity: this.opts.identity,
      map: (body) => map(body),
    });
    this.counts = addCounts(this.counts, r.counts);
    if (r.invalid) {
      this.warn('invalid_payload');
      this.opts.log.warn({ key: c.key, error: r.invalid }, 'payload failed its schema; archived as invalid');
    }
    return r;
  }

  warn(name: string, n = 1): void {
    this.counts.warnings[name] = (this.counts.warnings[name] ?? 0) + n;
  }
}

function int(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n) : null;
}

/** The Odds API quota headers of a response. */
export function quotaOf(headers: Record<string, string>): {
  quota_remaining: number | null;
  quota_used: number | null;
  quota_last: number | null;
} {
  return {
    quota_remaining: int(headers['x-requests-remaining']),
    quota_used: int(headers['x-requests-used']),
    quota_last: int(headers['x-requests-last']),
  };
}
