import { configHash as hashConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import {
  BadRequestError,
  type BatchRow,
  type BatchSummary,
  type BatchSupervisor,
  batchSummary,
  defaultFeatureProvider,
  enqueueBatch,
  type FeatureProvider,
  getBatch,
  linkBatchRun,
  PredictRuntime,
  type PredictRuntimeOptions,
  resolveRequest,
  type StartRequest,
  startBatch as startPhaseBatch,
  waitForBatch,
} from '../predict/index.ts';
import { resolveClock } from '../store/clock.ts';
import { withRun } from '../store/runs.ts';
import type { App } from './app.ts';
import { UsageError } from './app.ts';

/**
 * The batch's pipeline_runs row (phase `predict`) mirrors it: opened at start, closed when the
 * batch reaches a terminal status (failed ⇒ failed run). Resolves with the run id once the row
 * exists; the supervision continues in the background.
 */
export const superviseBatch: BatchSupervisor = (rt, batchId, date) =>
  new Promise<string>((resolveRunId, rejectRunId) => {
    let gotId = false;
    withRun(rt.store, { phase: 'predict', date, configHash: rt.configHash }, async (run) => {
      await linkBatchRun(rt, batchId, run.runId);
      gotId = true;
      resolveRunId(run.runId);
      await enqueueBatch(rt, batchId);
      const b = await waitForBatch(rt, batchId);
      run.counts = {
        batch_id: batchId,
        mode: b.mode,
        status: b.status,
        n_candidates: b.n_candidates,
        n_viable: b.n_viable,
        n_predictions: b.n_predictions,
        n_chunks: b.n_chunks,
        chunks_failed: b.chunks_failed,
      };
      if (b.status === 'failed')
        throw new Error(`batch ${batchId} failed: ${b.failure_reason}${b.error ? ` (${b.error})` : ''}`);
    }).catch((e) => {
      if (!gotId) rejectRunId(e);
      else rt.log.debug({ batch_id: batchId, err: (e as Error).message }, 'predict run closed as failed');
    });
  });

/** Each batch's feature rebuild is its own `features` run, as every features build is. */
export const recordedFeatures: FeatureProvider = {
  ...defaultFeatureProvider,
  rebuild: (store, req) =>
    withRun(store, { phase: 'features', date: req.date, configHash: hashConfig(req.config) }, (run) =>
      defaultFeatureProvider.rebuild(store, { ...req, run }),
    ),
};

/** A batch runtime whose feature rebuilds are recorded runs (the server keeps one open). */
export function predictRuntime(app: App, o: Partial<PredictRuntimeOptions> = {}): PredictRuntime {
  return new PredictRuntime({
    store: app.store,
    config: app.config,
    configHash: app.configHash,
    log: app.log,
    ...o,
    deps: { features: recordedFeatures, ...o.deps },
  });
}

/** Starts a batch with its run record (what the CLI, the server and the daily run call). */
export function startBatch(rt: PredictRuntime, req: StartRequest) {
  return startPhaseBatch(rt, req, superviseBatch);
}

/** "today"/"tomorrow" or a date, and the mode (default FIRST; BACKFILL for a past date). */
export async function batchRequest(
  app: App,
  req: { date: string; mode?: string },
): Promise<{ date: string; mode: StartRequest['mode']; now: () => Date }> {
  const { today, now } = await resolveClock(app.store, { configToday: app.config.today });
  const raw = req.date === 'today' ? today : req.date === 'tomorrow' ? addDays(today, 1) : req.date;
  try {
    const r = resolveRequest({ date: raw, mode: req.mode }, today, app.config.predict.maxDaysAhead);
    return { date: r.date, mode: r.mode, now };
  } catch (e) {
    if (e instanceof BadRequestError) throw new UsageError(e.message);
    throw e;
  }
}

export interface PredictRequest {
  date: string;
  mode?: string;
  force?: boolean;
  skipCompleteness?: boolean;
  /** Follow a running batch of the same date and mode instead of reporting the conflict. */
  wait?: boolean;
  requestedBy?: StartRequest['requestedBy'];
  onProgress?: (b: BatchRow) => void;
}

/**
 * `courtedge predict`: start a batch and wait for its end (or report a conflict with the
 * running batch's id). Returns the batch summary and how it ended.
 */
export async function predict(app: App, req: PredictRequest) {
  const r = await batchRequest(app, req);
  const rt = predictRuntime(app, { now: r.now });
  try {
    const started = await startBatch(rt, {
      date: r.date,
      mode: r.mode,
      force: !!req.force,
      skipCompleteness: !!req.skipCompleteness,
      requestedBy: req.requestedBy ?? 'cli',
    });
    if (started.outcome === 'conflict' && !req.wait)
      return {
        conflict: true as const,
        batch_id: started.batch_id,
        status: started.status,
        date: r.date,
        mode: r.mode,
      };
    const final = await waitForBatch(rt, started.batch_id, req.onProgress);
    return { conflict: false as const, batch: final, summary: batchSummary(final) };
  } finally {
    await rt.close();
  }
}

export { MODES, type Mode } from '../predict/index.ts';
/** One batch as GET /api/admin/batches/:id shows it (null when there is none). */
export async function batchStatus(app: App, batchId: string) {
  const b = await getBatch(app.store, batchId);
  return b ? batchSummary(b) : null;
}

export type { BatchRow, BatchSummary, Config };
