import type { Queryable } from '../store/store.ts';
import { json, parseJson } from '../store/store.ts';
import { getBatch } from './batches.ts';
import type { PredictionsCompleteEvent, PredictRuntime } from './runtime.ts';
import type { FailureReason, MissingPlayer } from './types.ts';

/**
 * Finalize, exactly once (spec 04 §6): one conditional UPDATE decides the terminal status;
 * whoever's update matches no row stops. For complete/partial the batch's rows become
 * active, superseding older batches' rows per (system, game, player); the
 * predictions_complete event is sent after commit (afterFinalize).
 */

export interface Outcome {
  status: 'complete' | 'partial' | 'failed';
  failure_reason: FailureReason | null;
  systems: Array<{ system_id: string; status: string; reason: string | null; n_predictions: number }>;
}

/** Pure: the terminal status of a batch whose chunks are all accounted for (00-decisions). */
export function decideOutcome(input: {
  n_viable: number;
  n_players_predicted: number;
  chunks_failed: number;
  partialMinShare: number;
  systems: Array<{ system_id: string; n_requested?: number }>;
  failedSystems: Map<string, string>;
  predictionsBySystem: Map<string, number>;
}): Outcome {
  const systems = input.systems.map((s) => {
    const reason = input.failedSystems.get(s.system_id) ?? null;
    return {
      system_id: s.system_id,
      status: reason ? 'failed' : 'ok',
      reason,
      n_predictions: input.predictionsBySystem.get(s.system_id) ?? 0,
    };
  });
  if (input.n_viable === 0) return { status: 'complete', failure_reason: null, systems };
  const requestedSystems = input.systems.filter((s) => (s.n_requested ?? 1) > 0);
  const allFailed =
    requestedSystems.length > 0 && requestedSystems.every((s) => input.failedSystems.has(s.system_id));
  if (allFailed) return { status: 'failed', failure_reason: 'ALL_SYSTEMS_FAILED', systems };
  const share = input.n_players_predicted / input.n_viable;
  if (input.chunks_failed > 0 && share < input.partialMinShare) {
    return { status: 'failed', failure_reason: 'CHUNK_FAILED', systems };
  }
  if (input.chunks_failed > 0 || input.failedSystems.size > 0)
    return { status: 'partial', failure_reason: null, systems };
  return { status: 'complete', failure_reason: null, systems };
}

/**
 * Run inside the transaction that accounted for the last chunk (or dispatch with zero
 * chunks). Returns the status set, or null when someone else already finalized.
 */
export async function finalizeAccounted(
  rt: PredictRuntime,
  tx: Queryable,
  batchId: string,
): Promise<string | null> {
  const b = await getBatch(tx, batchId);
  if (b?.status !== 'running' || b.chunks_done + b.chunks_failed !== b.n_chunks) return null;
  const chunkRows = await tx.query<{ failed_systems: unknown }>(
    `SELECT failed_systems FROM prediction_requests WHERE batch_id = $1 AND status = 'done'`,
    [batchId],
  );
  const failedSystems = new Map<string, string>();
  for (const r of chunkRows) {
    for (const f of (parseJson(r.failed_systems) as Array<{ system_id: string; reason: string }> | null) ??
      []) {
      if (!failedSystems.has(f.system_id)) failedSystems.set(f.system_id, f.reason);
    }
  }
  const counts = await tx.query<{ system_id: string; n: number }>(
    'SELECT system_id, count(*) AS n FROM predictions WHERE batch_id = $1 GROUP BY system_id',
    [batchId],
  );
  const outcome = decideOutcome({
    n_viable: b.n_viable,
    n_players_predicted: b.n_players_predicted,
    chunks_failed: b.chunks_failed,
    partialMinShare: rt.config.predict.partialMinShare,
    systems: b.systems as Array<{ system_id: string; n_requested?: number }>,
    failedSystems,
    predictionsBySystem: new Map(counts.map((c) => [c.system_id, Number(c.n)])),
  });
  const now = rt.now().toISOString();
  const n = await tx.run(
    `UPDATE prediction_batches SET status = $2, failure_reason = $3, systems = $4::JSON, finished_at = $5::TIMESTAMPTZ,
       last_progress_at = $5::TIMESTAMPTZ, active_key = NULL, current_step = 'finalize',
       error = CASE WHEN $2::TEXT = 'failed' THEN $6::TEXT ELSE error END
     WHERE batch_id = $1 AND status = 'running' AND chunks_done + chunks_failed = n_chunks`,
    [
      batchId,
      outcome.status,
      outcome.failure_reason,
      json(outcome.systems),
      now,
      outcome.failure_reason === 'CHUNK_FAILED'
        ? `${b.n_players_predicted}/${b.n_viable} players predicted (< ${rt.config.predict.partialMinShare})`
        : outcome.failure_reason === 'ALL_SYSTEMS_FAILED'
          ? 'every system failed to load'
          : null,
    ],
  );
  if (!n) return null;
  if (outcome.status !== 'failed') {
    const onArrival = await activate(tx, batchId, b.game_date, b.as_of ?? now);
    const steps = { ...b.steps, finalize: { started_at: now, superseded_on_arrival: onArrival } };
    await tx.run('UPDATE prediction_batches SET steps = $2::JSON WHERE batch_id = $1', [
      batchId,
      json(steps),
    ]);
  }
  return outcome.status;
}

/**
 * Makes the batch's rows the active ones: active rows of batches with as_of ≤ ours for the
 * same (system, game, player) are superseded; our row is activated unless a batch with a
 * later as_of already holds it (then it is `superseded` on arrival). Readers never see two
 * active rows or none.
 */
export async function activate(tx: Queryable, batchId: string, date: string, asOf: string): Promise<number> {
  await tx.run(
    `UPDATE predictions SET is_active = FALSE, invalidation_reason = 'superseded'
     WHERE is_active AND game_date = $2::DATE AND batch_id <> $1 AND as_of <= $3::TIMESTAMPTZ
       AND EXISTS (SELECT 1 FROM predictions n WHERE n.batch_id = $1 AND n.system_id = predictions.system_id
                   AND n.game_id = predictions.game_id AND n.player_id = predictions.player_id)`,
    [batchId, date, asOf],
  );
  const onArrival = await tx.run(
    `UPDATE predictions SET invalidation_reason = 'superseded'
     WHERE batch_id = $1 AND EXISTS (SELECT 1 FROM predictions o WHERE o.is_active AND o.game_date = $2::DATE
       AND o.batch_id <> $1 AND o.system_id = predictions.system_id AND o.game_id = predictions.game_id
       AND o.player_id = predictions.player_id)`,
    [batchId, date],
  );
  await tx.run(
    `UPDATE predictions SET is_active = TRUE WHERE batch_id = $1 AND invalidation_reason IS NULL`,
    [batchId],
  );
  return onArrival;
}

/**
 * Fails a batch from the coordinator or the watchdog. `expectStep` (coordinator) or
 * `stalledBefore` (watchdog) make the UPDATE conditional; no row ⇒ someone else finalized.
 * Unfinished chunks are cancelled and their players listed in `missing`.
 */
export async function finalizeFailure(
  rt: PredictRuntime,
  batchId: string,
  f: {
    expectStatus: string;
    expectStep?: string;
    stalledBefore?: string;
    reason: FailureReason;
    error: string;
    steps?: Record<string, any>;
  },
): Promise<boolean> {
  const now = rt.now().toISOString();
  const done = await rt.commitLock.run(() =>
    rt.store.transaction(async (tx) => {
      const unfinished = await tx.query<{ chunk_no: number; payload: unknown; job_id: string | null }>(
        `SELECT chunk_no, payload, job_id FROM prediction_requests WHERE batch_id = $1 AND status IN ('queued', 'running')`,
        [batchId],
      );
      const b = await getBatch(tx, batchId);
      const missing: MissingPlayer[] = [...(b?.missing ?? [])];
      for (const u of unfinished) {
        for (const p of (parseJson(u.payload) as { players: Array<{ player_id: number; game_id: string }> })
          .players) {
          missing.push({ player_id: p.player_id, game_id: p.game_id, reason: f.reason });
        }
      }
      const n = await tx.run(
        `UPDATE prediction_batches SET status = 'failed', failure_reason = $2, error = $3, finished_at = $4::TIMESTAMPTZ,
           last_progress_at = $4::TIMESTAMPTZ, active_key = NULL, missing = $5::JSON,
           steps = COALESCE($6::JSON, steps)
         WHERE batch_id = $1 AND status = $7
           AND ($8::TEXT IS NULL OR current_step = $8)
           AND ($9::TIMESTAMPTZ IS NULL OR last_progress_at < $9::TIMESTAMPTZ)`,
        [
          batchId,
          f.reason,
          f.error,
          now,
          json(missing),
          f.steps ? json(f.steps) : null,
          f.expectStatus,
          f.expectStep ?? null,
          f.stalledBefore ?? null,
        ],
      );
      if (!n) return null;
      await tx.run(
        `UPDATE prediction_requests SET status = 'cancelled', finished_at = $2::TIMESTAMPTZ
         WHERE batch_id = $1 AND status IN ('queued', 'running')`,
        [batchId, now],
      );
      return unfinished.map((u) => u.job_id).filter((j): j is string => !!j);
    }),
  );
  if (done === null) return false;
  if (done.length) await rt.queue.cancel('predict.chunk', done);
  rt.log.warn({ batch_id: batchId, reason: f.reason, error: f.error }, 'batch failed');
  rt.notifyTerminal(batchId);
  return true;
}

/** After a complete/partial finalize commits: send predictions_complete and record it. */
export async function emitCompletion(
  rt: PredictRuntime,
  batchId: string,
): Promise<PredictionsCompleteEvent | null> {
  const b = await getBatch(rt.store, batchId);
  if (!b || (b.status !== 'complete' && b.status !== 'partial')) return null;
  const event: PredictionsCompleteEvent = {
    event: 'predictions_complete',
    batch_id: b.batch_id,
    game_date: b.game_date,
    mode: b.mode,
    status: b.status,
    n_viable: b.n_viable,
    n_players_predicted: b.n_players_predicted,
    n_predictions: b.n_predictions,
    systems_ok: b.systems.filter((s) => s.status === 'ok').map((s) => s.system_id),
    systems_failed: b.systems
      .filter((s) => s.status === 'failed')
      .map((s) => ({ system_id: s.system_id, reason: s.reason ?? 'UNKNOWN' })),
    n_missing: b.missing.length,
    finished_at: b.finished_at ?? rt.now().toISOString(),
  };
  rt.events.emit('predictions_complete', event);
  await rt.commitLock.run(() =>
    rt.store.run('UPDATE prediction_batches SET event_emitted_at = $2::TIMESTAMPTZ WHERE batch_id = $1', [
      batchId,
      rt.now().toISOString(),
    ]),
  );
  return event;
}
