import { createHash } from 'node:crypto';
import type { Queryable } from '../store/store.ts';
import { json, parseJson } from '../store/store.ts';
import { lineKey, type PredictionRecord } from '../store/tables/predictions.ts';
import type { CommitOutcome } from './commit-group.ts';
import { finalizeAccounted } from './finalize.ts';
import type { Job } from './queue/index.ts';
import { PermanentJobError } from './queue/index.ts';
import type { PredictRuntime } from './runtime.ts';
import {
  type ChunkPayload,
  type ChunkResult,
  chunkJobSchema,
  chunkPayloadSchema,
  type MissingPlayer,
} from './types.ts';
import { computeChunk, ModelCache } from './worker.ts';

/** Main-thread model cache for runtimes without threads (tests). */
const localCaches = new WeakMap<PredictRuntime, ModelCache>();

/**
 * One predict.chunk job (spec 04 §5): claim → compute (a pool thread) → commit. A chunk
 * already done or cancelled is acknowledged without work; a late duplicate loses at commit.
 */
export async function handleChunk(rt: PredictRuntime, job: Job): Promise<void> {
  const parsed = chunkJobSchema.safeParse(job.data);
  if (!parsed.success) throw new PermanentJobError(`invalid predict.chunk payload: ${parsed.error.message}`);
  const { batch_id, chunk_no } = parsed.data;
  const workerId = `${rt.owner}/${job.id.slice(0, 8)}#${job.attempt}`;
  const claimed = await rt.claimer.submit({
    batch_id,
    chunk_no,
    worker_id: workerId,
    job_id: job.id,
    started_at: rt.now().toISOString(),
  });
  if (!claimed) return;
  const pause = rt.config.predict.testPauseAfterClaimMs;
  if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  const payloadCheck = chunkPayloadSchema.safeParse(parseJson(claimed.payload));
  if (!payloadCheck.success)
    throw new PermanentJobError(`invalid stored chunk payload: ${payloadCheck.error.message}`);
  const payload = payloadCheck.data;
  await rt.hooks.beforeCompute?.(payload, claimed.attempts);
  const fetchTexts = (hashes: string[]) => rt.deps.models.artifacts(rt.store, hashes);
  let result: ChunkResult;
  if (rt.pool) result = await rt.pool.compute(payload, fetchTexts, job.signal);
  else {
    let cache = localCaches.get(rt);
    if (!cache) {
      cache = new ModelCache(rt.config.predict.modelCacheSize);
      localCaches.set(rt, cache);
    }
    const need = [...new Set(payload.models.map((m) => m.artifact_hash))].filter((h) => !cache!.has(h));
    result = computeChunk(payload, cache, await fetchTexts(need));
  }
  if (job.signal.aborted) throw job.signal.reason ?? new Error('aborted');
  await commitChunk(rt, payload, result);
}

/** Deterministic id from the unique key, so a retried chunk can never mint a second id. */
function predictionId(
  batchId: string,
  systemId: string,
  gameId: string,
  playerId: number,
  lineKey: number,
): string {
  return createHash('sha1')
    .update(`${batchId}|${systemId}|${gameId}|${playerId}|${lineKey}`)
    .digest('hex')
    .slice(0, 20);
}

/**
 * The commit of one chunk (spec 04 §5 step 4): its rows, its request row running → done and
 * the batch counters in one transaction, shared with other chunks ready at the same moment
 * (commit-group.ts). Returns 'committed', or 'stale' when the batch is no longer running or
 * another attempt already committed this chunk (then nothing is written).
 */
export async function commitChunk(
  rt: PredictRuntime,
  payload: ChunkPayload,
  result: ChunkResult,
): Promise<CommitOutcome> {
  const b = payload.batch_id;
  const createdAt = rt.now().toISOString();
  // Dedupe by the unique key in memory first (DuckDB's ON CONFLICT fails on in-statement twins).
  const seen = new Set<string>();
  const rows: PredictionRecord[] = [];
  for (const r of result.rows) {
    const key = lineKey(r.line);
    const k = `${r.system_id}|${r.game_id}|${r.player_id}|${key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    rows.push({
      prediction_id: predictionId(b, r.system_id, r.game_id, r.player_id, key),
      batch_id: b,
      mode: payload.mode,
      game_date: payload.game_date,
      game_id: r.game_id,
      player_id: r.player_id,
      system_id: r.system_id,
      family: r.family,
      line: r.line,
      book: r.book,
      n_books: r.n_books,
      predicted: r.predicted,
      edge: r.edge,
      p_over: r.p_over,
      confidence: r.confidence,
      p_model: r.p_model ?? null,
      p_final: r.p_final ?? null,
      recommendation: r.recommendation,
      feature_set_version: r.feature_set_version,
      feature_quality: r.feature_quality,
      features_computed_at: r.features_computed_at,
      odds_captured_at: r.odds_captured_at,
      as_of: payload.as_of,
      created_at: createdAt,
      is_active: false,
    });
  }
  return rt.committer.submit({
    batch_id: b,
    chunk_no: payload.chunk_no,
    rows,
    n_players: new Set(result.rows.map((r) => `${r.game_id}|${r.player_id}`)).size,
    failed_systems: result.failed_systems,
  });
}

/**
 * The queue's exhausted hook for predict.chunk: the chunk is failed (unless done), its
 * players go to `missing`, and the batch is finalized once every chunk is accounted for.
 */
export async function chunkExhausted(rt: PredictRuntime, job: Job, error: string): Promise<void> {
  const parsed = chunkJobSchema.safeParse(job.data);
  if (!parsed.success) return;
  const { batch_id, chunk_no } = parsed.data;
  const finalized = await rt.commitLock.run(() =>
    rt.store.transaction(async (tx: Queryable) => {
      const now = rt.now().toISOString();
      const rows = await tx.query<{ payload: unknown }>(
        `UPDATE prediction_requests SET status = 'failed', error = $3, finished_at = $4::TIMESTAMPTZ
         WHERE batch_id = $1 AND chunk_no = $2 AND status IN ('queued', 'running') RETURNING payload`,
        [batch_id, chunk_no, error, now],
      );
      if (!rows[0]) return null;
      const payload = parseJson(rows[0].payload) as ChunkPayload;
      const cur = await tx.query<{ missing: unknown }>(
        'SELECT missing FROM prediction_batches WHERE batch_id = $1',
        [batch_id],
      );
      const missing: MissingPlayer[] = parseJson(cur[0]?.missing) ?? [];
      for (const p of payload.players)
        missing.push({ player_id: p.player_id, game_id: p.game_id, reason: 'CHUNK_FAILED' });
      const counts = await tx.query<{ chunks_done: number; chunks_failed: number; n_chunks: number }>(
        `UPDATE prediction_batches SET chunks_failed = chunks_failed + 1, missing = $2::JSON, last_progress_at = $3::TIMESTAMPTZ
         WHERE batch_id = $1 AND status = 'running' RETURNING chunks_done, chunks_failed, n_chunks`,
        [batch_id, json(missing), now],
      );
      const c = counts[0];
      if (c && Number(c.chunks_done) + Number(c.chunks_failed) === Number(c.n_chunks)) {
        return finalizeAccounted(rt, tx, batch_id);
      }
      return null;
    }),
  );
  rt.log.warn({ batch_id, chunk_no, error }, 'chunk failed after its last try');
  rt.notify(batch_id);
  if (finalized) await rt.afterFinalize(batch_id);
}
