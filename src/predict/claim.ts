import type { Queryable } from '../store/store.ts';
import { Grouped, type GroupResult } from './group.ts';
import type { PredictRuntime } from './runtime.ts';

/** A worker's claim of one chunk (spec 04 §5 step 1). */
export interface ClaimRequest {
  batch_id: string;
  chunk_no: number;
  worker_id: string;
  job_id: string;
  started_at: string;
}

/** The claimed chunk's stored payload and its try number, or null: done or cancelled, ack the job. */
export type Claimed = { payload: unknown; attempts: number } | null;

/**
 * Chunk claims of one process, grouped like the commits (group.ts): the jobs that start while
 * the commit lock is held claim their chunks in one UPDATE … FROM (VALUES …) when it frees,
 * each still conditional on its own row being queued or running.
 */
export function chunkClaimer(rt: PredictRuntime): Grouped<ClaimRequest, Claimed> {
  return new Grouped(rt.commitLock, async (reqs) => {
    const results: GroupResult<Claimed>['results'] = [];
    // One statement per round; a chunk asked for twice in a group (a retry meeting its
    // expired try) waits for the next round, so each round names a row at most once.
    let pending = reqs.map((req, i) => ({ req, i }));
    while (pending.length) {
      const keys = new Set<string>();
      const round: typeof pending = [];
      const later: typeof pending = [];
      for (const p of pending) {
        const k = `${p.req.batch_id}|${p.req.chunk_no}`;
        (keys.has(k) ? later : round).push(p);
        keys.add(k);
      }
      const got = await claimRows(
        rt.store,
        round.map((p) => p.req),
      );
      for (const p of round) results[p.i] = { ok: got.get(`${p.req.batch_id}|${p.req.chunk_no}`) ?? null };
      pending = later;
    }
    return { results };
  });
}

async function claimRows(store: Queryable, reqs: ClaimRequest[]): Promise<Map<string, Claimed>> {
  const params: unknown[] = [];
  const values = reqs.map((r) => {
    const i = params.length + 1;
    params.push(r.batch_id, r.chunk_no, r.worker_id, r.started_at, r.job_id);
    return `($${i}::TEXT, $${i + 1}::INTEGER, $${i + 2}::TEXT, $${i + 3}::TIMESTAMPTZ, $${i + 4}::TEXT)`;
  });
  const rows = await store.query<{ batch_id: string; chunk_no: number; payload: unknown; attempts: number }>(
    `UPDATE prediction_requests SET status = 'running', attempts = attempts + 1, worker_id = v.worker_id,
       started_at = v.started_at, job_id = v.job_id
     FROM (VALUES ${values.join(', ')}) AS v(batch_id, chunk_no, worker_id, started_at, job_id)
     WHERE prediction_requests.batch_id = v.batch_id AND prediction_requests.chunk_no = v.chunk_no
       AND prediction_requests.status IN ('queued', 'running')
     RETURNING prediction_requests.batch_id, prediction_requests.chunk_no, prediction_requests.payload,
       prediction_requests.attempts`,
    params,
  );
  return new Map(
    rows.map((r) => [
      `${r.batch_id}|${Number(r.chunk_no)}`,
      { payload: r.payload, attempts: Number(r.attempts) },
    ]),
  );
}
