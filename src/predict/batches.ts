import { timeId } from '../domain/ids.ts';
import type { BatchStatus } from '../domain/types.ts';
import type { Queryable } from '../store/store.ts';
import { parseJson } from '../store/store.ts';
import type { PredictRuntime } from './runtime.ts';
import type { MissingPlayer, Mode, RequestedBy } from './types.ts';

/** A prediction_batches row with its JSON columns parsed. */
export interface BatchRow {
  batch_id: string;
  game_date: string;
  mode: Mode;
  status: BatchStatus;
  active_key: string | null;
  force: boolean;
  skip_completeness: boolean;
  as_of: string | null;
  requested_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  last_progress_at: string;
  n_candidates: number;
  n_viable: number;
  n_chunks: number;
  chunks_done: number;
  chunks_failed: number;
  n_predictions: number;
  n_players_predicted: number;
  steps: Record<string, any>;
  systems: Array<{ system_id: string; status: string; reason: string | null; n_predictions: number }>;
  missing: MissingPlayer[];
  failure_reason: string | null;
  error: string | null;
  superseded_by: string | null;
  current_step: string | null;
  event_emitted_at: string | null;
  config_hash: string | null;
  run_id: string | null;
  owner: string | null;
}

export const TERMINAL: ReadonlySet<string> = new Set(['complete', 'partial', 'failed']);

function parseBatch(r: any): BatchRow {
  return {
    ...r,
    steps: parseJson(r.steps) ?? {},
    systems: parseJson(r.systems) ?? [],
    missing: parseJson(r.missing) ?? [],
  };
}

export async function getBatch(store: Queryable, batchId: string): Promise<BatchRow | null> {
  const rows = await store.query('SELECT * FROM prediction_batches WHERE batch_id = $1', [batchId]);
  return rows[0] ? parseBatch(rows[0]) : null;
}

/** Batches of a date (optionally one mode), newest first. */
export async function listBatches(store: Queryable, date: string, mode?: string): Promise<BatchRow[]> {
  const rows = await store.query(
    `SELECT * FROM prediction_batches WHERE game_date = $1::DATE AND ($2::TEXT IS NULL OR mode = $2)
     ORDER BY created_at DESC, batch_id DESC`,
    [date, mode ?? null],
  );
  return rows.map(parseBatch);
}

export interface ChunkRow {
  chunk_no: number;
  status: string;
  attempts: number;
  n_players: number;
  n_predictions: number;
  worker_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  failed_systems: Array<{ system_id: string; reason: string }> | null;
}

export async function listChunks(store: Queryable, batchId: string): Promise<ChunkRow[]> {
  const rows = await store.query(
    `SELECT chunk_no, status, attempts, n_players, n_predictions, worker_id, started_at, finished_at, error, failed_systems
     FROM prediction_requests WHERE batch_id = $1 ORDER BY chunk_no`,
    [batchId],
  );
  return rows.map((r: any) => ({ ...r, failed_systems: parseJson(r.failed_systems) }));
}

export interface StartRequest {
  date: string;
  mode: Mode;
  force?: boolean;
  skipCompleteness?: boolean;
  requestedBy: RequestedBy;
}

export type StartResult =
  | {
      outcome: 'started';
      batch_id: string;
      run_id: string | null;
      status: 'queued';
      superseded: string | null;
    }
  | { outcome: 'conflict'; batch_id: string; status: BatchStatus };

/**
 * Embedded: a batch left queued/running by another process is orphaned (only one process
 * owns a DuckDB file), so it is failed ORPHANED before a new start (00-decisions).
 * PostgreSQL: only batches without progress for the stall period.
 */
export async function markOrphans(rt: PredictRuntime): Promise<string[]> {
  const now = rt.now().toISOString();
  const stalled = new Date(rt.now().getTime() - rt.config.predict.stallAfterS * 1000).toISOString();
  const rows = await rt.writeQuery<{ batch_id: string }>(
    `UPDATE prediction_batches SET status = 'failed', failure_reason = 'ORPHANED', active_key = NULL,
       finished_at = $2::TIMESTAMPTZ, last_progress_at = $2::TIMESTAMPTZ,
       error = 'left ' || status || ' by a process that no longer runs (' || COALESCE(owner, '?') || ')'
     WHERE status IN ('queued', 'running') AND COALESCE(owner, '') <> $1
       AND substr(COALESCE(owner, ''), 1, length($5::TEXT)) <> $5::TEXT
       AND ($3::TEXT = 'duckdb' OR last_progress_at < $4::TIMESTAMPTZ)
     RETURNING batch_id`,
    // Another runtime of this same process (the server's and the scheduler's daily run) is
    // alive: its batches are not orphans. Owners are host:pid:random.
    [rt.owner, now, rt.store.dialect, stalled, rt.owner.slice(0, rt.owner.lastIndexOf(':') + 1)],
  );
  for (const r of rows) {
    await rt.write(
      `UPDATE prediction_requests SET status = 'cancelled', finished_at = $2::TIMESTAMPTZ
       WHERE batch_id = $1 AND status IN ('queued', 'running')`,
      [r.batch_id, now],
    );
    await closeOrphanRun(rt, r.batch_id, now);
    rt.log.warn({ batch_id: r.batch_id }, 'batch marked ORPHANED');
  }
  return rows.map((r) => r.batch_id);
}

async function closeOrphanRun(rt: PredictRuntime, batchId: string, now: string): Promise<void> {
  await rt.write(
    `UPDATE pipeline_runs SET status = 'failed', finished_at = $2::TIMESTAMPTZ, error = 'ORPHANED'
     WHERE run_id = (SELECT run_id FROM prediction_batches WHERE batch_id = $1) AND status = 'running'`,
    [batchId, now],
  );
}

/** Fails the running batch of a key as SUPERSEDED (its own commit: DuckDB checks unique keys eagerly). */
async function supersede(rt: PredictRuntime, key: string, by: string): Promise<string | null> {
  const now = rt.now().toISOString();
  const rows = await rt.writeQuery<{ batch_id: string }>(
    `UPDATE prediction_batches SET status = 'failed', failure_reason = 'SUPERSEDED', active_key = NULL,
       superseded_by = $2, finished_at = $3::TIMESTAMPTZ, last_progress_at = $3::TIMESTAMPTZ
     WHERE active_key = $1 RETURNING batch_id`,
    [key, by, now],
  );
  const old = rows[0]?.batch_id ?? null;
  if (!old) return null;
  const jobs = await rt.writeQuery<{ job_id: string | null }>(
    `UPDATE prediction_requests SET status = 'cancelled', finished_at = $2::TIMESTAMPTZ
     WHERE batch_id = $1 AND status IN ('queued', 'running') RETURNING job_id`,
    [old, now],
  );
  await rt.queue.cancel(
    'predict.chunk',
    jobs.map((j) => j.job_id).filter((j): j is string => !!j),
  );
  rt.log.info({ batch_id: old, superseded_by: by }, 'batch superseded');
  rt.notifyTerminal(old);
  return old;
}

/**
 * Starts a batch (spec 04 §3), the same code for HTTP and CLI: the unique active_key in
 * the database decides, never an in-memory flag. Returns at once; the batch runs on the
 * queue. A running batch of the same date and mode ⇒ conflict with its id; `force`
 * supersedes it first.
 */
export async function startBatch(
  rt: PredictRuntime,
  req: StartRequest,
  supervise?: BatchSupervisor,
): Promise<StartResult> {
  await rt.start();
  await markOrphans(rt);
  const key = `${req.date}|${req.mode}`;
  let superseded: string | null = null;
  const tries = req.force ? 3 : 2;
  for (let attempt = 0; attempt < tries; attempt++) {
    const batchId = timeId('pb', rt.now());
    if (req.force) superseded = (await supersede(rt, key, batchId)) ?? superseded;
    const now = rt.now().toISOString();
    const rows = await rt.writeQuery<{ batch_id: string }>(
      `INSERT INTO prediction_batches (batch_id, game_date, mode, status, active_key, force, skip_completeness,
         requested_by, created_at, last_progress_at, config_hash, owner, steps, systems, missing)
       VALUES ($1, $2::DATE, $3, 'queued', $4, $5, $6, $7, $8::TIMESTAMPTZ, $8::TIMESTAMPTZ, $9, $10, '{}', '[]', '[]')
       ON CONFLICT (active_key) DO NOTHING RETURNING batch_id`,
      [
        batchId,
        req.date,
        req.mode,
        key,
        !!req.force,
        !!req.skipCompleteness,
        req.requestedBy,
        now,
        rt.configHash,
        rt.owner,
      ],
    );
    if (rows[0]) {
      // Without a supervisor (tests of the phase alone) the batch is enqueued with no run row.
      const runId = supervise ? await supervise(rt, batchId, req.date) : null;
      if (!supervise) await enqueueBatch(rt, batchId);
      return { outcome: 'started', batch_id: batchId, run_id: runId, status: 'queued', superseded };
    }
    if (req.force) continue;
    const active = await rt.store.query<{ batch_id: string; status: BatchStatus }>(
      'SELECT batch_id, status FROM prediction_batches WHERE active_key = $1',
      [key],
    );
    if (active[0]) return { outcome: 'conflict', batch_id: active[0].batch_id, status: active[0].status };
    // It ended between our insert and this read: try the insert once more.
  }
  throw new Error(`could not start a batch for ${key}: another start keeps winning`);
}

/** Hands a queued batch to the coordinator (a queue job with retries and expiry). */
export async function enqueueBatch(rt: PredictRuntime, batchId: string): Promise<void> {
  await rt.queue.send(
    'predict.coordinate',
    { batch_id: batchId },
    { tries: 3, expireInSeconds: rt.config.predict.coordinateExpiryS },
  );
}

/** Records the batch's pipeline_runs row id on the batch. */
export async function linkBatchRun(rt: PredictRuntime, batchId: string, runId: string): Promise<void> {
  await rt.write('UPDATE prediction_batches SET run_id = $2 WHERE batch_id = $1', [batchId, runId]);
}

/**
 * Supervises a started batch for its caller: opens the batch's run record, enqueues the
 * batch and resolves with the run id at once (the use case owns the pipeline_runs row).
 */
export type BatchSupervisor = (rt: PredictRuntime, batchId: string, date: string) => Promise<string>;

/**
 * Waits until a batch is terminal: woken by this process's notifications (throttled to one
 * read per `minReadMs`), and polling the store in case another process moves it.
 */
export async function waitForBatch(
  rt: PredictRuntime,
  batchId: string,
  onProgress?: (b: BatchRow) => void,
  pollMs = 1000,
  minReadMs = 100,
): Promise<BatchRow> {
  let lastRead = 0;
  for (;;) {
    lastRead = performance.now();
    const b = await getBatch(rt.store, batchId);
    if (!b) throw new Error(`no batch ${batchId}`);
    onProgress?.(b);
    if (TERMINAL.has(b.status)) return b;
    await new Promise<void>((resolve) => {
      let t: NodeJS.Timeout;
      const done = () => {
        clearTimeout(t);
        rt.events.off(`batch:${batchId}`, onNotify);
        rt.events.off(`terminal:${batchId}`, done);
        resolve();
      };
      const onNotify = () => {
        if (!onProgress) return;
        clearTimeout(t);
        t = setTimeout(done, Math.max(0, minReadMs - (performance.now() - lastRead)));
      };
      t = setTimeout(done, pollMs);
      rt.events.on(`batch:${batchId}`, onNotify);
      rt.events.on(`terminal:${batchId}`, done);
    });
  }
}
