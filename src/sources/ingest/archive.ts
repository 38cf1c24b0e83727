import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../../store/store.ts';

/**
 * The archive (spec 01 §1): every HTTP attempt or file read is a `source_calls` row; every
 * distinct body is one `raw_payloads` row keyed by the sha256 of its exact bytes (a body seen
 * before is not stored again; the new call row points at the old one).
 */

export function sha256(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

export interface CallRecord {
  source: string;
  /** The payload's key: a file's base name, a game id, an event id, a date. */
  key: string | null;
  /** URL with the API key already redacted (apiKey=REDACTED), or the file path. */
  url?: string | null;
  started_at: string;
  duration_ms?: number | null;
  attempt?: number;
  http_status?: number | null;
  payload_sha256?: string | null;
  quota_remaining?: number | null;
  quota_used?: number | null;
  quota_last?: number | null;
  error?: string | null;
  run_id?: string | null;
}

/** Records one call or file read; returns its call_id. */
export async function recordCall(q: Queryable, c: CallRecord): Promise<string> {
  const callId = `call_${c.started_at.replace(/[^0-9]/g, '').slice(0, 14)}_${randomBytes(6).toString('hex')}`;
  // One row: a plain parameterised INSERT is cheaper than a bulk staging table.
  await q.run(
    `INSERT INTO source_calls (call_id, run_id, source, key, url, started_at, duration_ms, attempt, http_status,
       payload_sha256, quota_remaining, quota_used, quota_last, error)
     VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMPTZ, $7::INTEGER, $8::INTEGER, $9::INTEGER, $10, $11::INTEGER,
       $12::INTEGER, $13::INTEGER, $14)`,
    [
      callId,
      c.run_id ?? null,
      c.source,
      c.key,
      c.url ?? null,
      c.started_at,
      c.duration_ms ?? null,
      c.attempt ?? 1,
      c.http_status ?? null,
      c.payload_sha256 ?? null,
      c.quota_remaining ?? null,
      c.quota_used ?? null,
      c.quota_last ?? null,
      c.error ?? null,
    ],
  );
  return callId;
}

export interface PayloadRecord {
  source: string;
  key: string;
  body: string;
  fetched_at: string;
  content_type?: string | null;
  /**
   * 'ok'; 'invalid' when the body failed its schema (error = the zod message); `http_<status>`
   * for an error response's body kept for the record (re-parse reads only 'ok' bodies).
   */
  status?: 'ok' | 'invalid' | `http_${number}`;
  error?: string | null;
  /**
   * `sha256(body)` when the caller has it already (archivePayloads only: the simulator hashes
   * each body in its fetcher thread, 110 MB a season, instead of again on the writer's).
   */
  sha256?: string;
}

export interface ArchiveResult {
  sha256: string;
  /** The exact body was archived before (any source/key). */
  seen_before: boolean;
  /** Earlier bodies under the same (source, key) with another hash: the file changed. */
  changed_from: string[];
}

/** Archives a body (once per sha256) and tells whether it, or its key, was seen before. */
export async function archivePayload(q: Queryable, p: PayloadRecord): Promise<ArchiveResult> {
  const hash = sha256(p.body);
  const prior = await q.query<{ sha256: string }>(
    'SELECT sha256 FROM raw_payloads WHERE sha256 = $1 OR (source = $2 AND key = $3)',
    [hash, p.source, p.key],
  );
  const seen = prior.some((r) => r.sha256 === hash);
  if (!seen) {
    await q.run(
      `INSERT INTO raw_payloads (sha256, source, key, fetched_at, content_type, body, status, error)
       VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5, $6, $7, $8) ON CONFLICT (sha256) DO NOTHING`,
      [
        hash,
        p.source,
        p.key,
        p.fetched_at,
        p.content_type ?? null,
        p.body,
        p.status ?? 'ok',
        p.error ?? null,
      ],
    );
  }
  return {
    sha256: hash,
    seen_before: seen,
    changed_from: prior.filter((r) => r.sha256 !== hash).map((r) => r.sha256),
  };
}

/**
 * Bulk archive for many bodies at once (the simulator's batches, a backfill): one query for the
 * hashes already stored, one bulk insert of the new bodies. Same rules as archivePayload.
 */
export async function archivePayloads(q: Queryable, list: PayloadRecord[]): Promise<ArchiveResult[]> {
  const hashes = list.map((p) => p.sha256 ?? sha256(p.body));
  const stored = new Set<string>();
  const uniq = [...new Set(hashes)];
  for (let i = 0; i < uniq.length; i += 2000) {
    const chunk = uniq.slice(i, i + 2000);
    const rows = await q.query<{ sha256: string }>(
      `SELECT sha256 FROM raw_payloads WHERE sha256 IN (${chunk.map((h) => `'${h}'`).join(', ')})`,
    );
    for (const r of rows) stored.add(r.sha256);
  }
  const fresh = new Map<string, unknown[]>();
  list.forEach((p, i) => {
    const h = hashes[i];
    if (stored.has(h) || fresh.has(h)) return;
    fresh.set(h, [
      h,
      p.source,
      p.key,
      p.fetched_at,
      p.content_type ?? null,
      p.body,
      p.status ?? 'ok',
      p.error ?? null,
    ]);
  });
  if (fresh.size) {
    await q.insertMany(
      'raw_payloads',
      ['sha256', 'source', 'key', 'fetched_at', 'content_type', 'body', 'status', 'error'],
      [...fresh.values()],
    );
  }
  const firstSeen = new Set<string>();
  return hashes.map((h) => {
    const seen = stored.has(h) || firstSeen.has(h);
    firstSeen.add(h);
    return { sha256: h, seen_before: seen, changed_from: [] };
  });
}

/** Bulk version of recordCall; returns the call ids in order. */
export async function recordCalls(q: Queryable, calls: CallRecord[]): Promise<string[]> {
  const ids = calls.map(
    (c) => `call_${c.started_at.replace(/[^0-9]/g, '').slice(0, 14)}_${randomBytes(6).toString('hex')}`,
  );
  if (!calls.length) return ids;
  await q.insertMany(
    'source_calls',
    [
      'call_id',
      'run_id',
      'source',
      'key',
      'url',
      'started_at',
      'duration_ms',
      'attempt',
      'http_status',
      'payload_sha256',
      'quota_remaining',
      'quota_used',
      'quota_last',
      'error',
    ],
    calls.map((c, i) => [
      ids[i],
      c.run_id ?? null,
      c.source,
      c.key,
      c.url ?? null,
      c.started_at,
      c.duration_ms ?? null,
      c.attempt ?? 1,
      c.http_status ?? null,
      c.payload_sha256 ?? null,
      c.quota_remaining ?? null,
      c.quota_used ?? null,
      c.quota_last ?? null,
      c.error ?? null,
    ]),
  );
  return ids;
}
