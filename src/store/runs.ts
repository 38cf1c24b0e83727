import { AsyncLocalStorage } from 'node:async_hooks';
import { timeId } from '../domain/ids.ts';
import type { RunStatus } from '../domain/types.ts';
import type { Queryable } from './store.ts';
import { json, parseJson } from './store.ts';

export interface RunHandle {
  readonly runId: string;
  /** Counts recorded with the run; phases add to it as they go. */
  counts: Record<string, unknown>;
}

export interface RunOptions {
  phase: string;
  date?: string | null;
  configHash: string;
}

export interface PipelineRun {
  run_id: string;
  phase: string;
  date: string | null;
  status: RunStatus;
  counts: Record<string, unknown> | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
  config_hash: string | null;
}

export type RunObserver = (run: { runId: string; phase: string; date: string | null }) => void;
const runObserver = new AsyncLocalStorage<RunObserver>();

/**
 * Runs `fn` so that every run withRun opens inside it (however deep) is reported to `observer`
 * as soon as its row exists: how `courtedge serve` answers 202 {run_id} at once while the
 * use case goes on.
 */
export function observeRuns<T>(observer: RunObserver, fn: () => T): T {
  return runObserver.run(observer, fn);
}

/**
 * Records one phase run in pipeline_runs (DESIGN principle 5). The row is written as
 * `running` before fn starts and always closed: `succeeded` with its counts, or `failed`
 * with the error, which is then rethrown. A run is never left `running` by a throw.
 */
/** This process's runs still `running`, so a signal can close them (00-decisions "Interrupted runs"). */
const openRuns = new Map<string, { store: Queryable; started: number }>();

/**
 * Marks every run this process still has open `failed` with `INTERRUPTED: <why>` (the CLI's
 * SIGINT/SIGTERM handler calls it before exiting). Returns how many rows it closed.
 */
export async function interruptOpenRuns(why: string): Promise<number> {
  let n = 0;
  for (const [runId, r] of [...openRuns]) {
    openRuns.delete(runId);
    try {
      await r.store.run(
        `UPDATE pipeline_runs SET status = 'failed', finished_at = $2::TIMESTAMPTZ, duration_ms = $3, error = $4
         WHERE run_id = $1 AND status = 'running'`,
        [runId, new Date().toISOString(), Date.now() - r.started, `INTERRUPTED: ${why}`],
      );
      n++;
    } catch {
      // the store may be closing under the signal; the run is then found running with its pid gone
    }
  }
  return n;
}

export async function withRun<T>(
  store: Queryable,
  opts: RunOptions,
  fn: (run: RunHandle) => Promise<T>,
): Promise<T> {
  const run: RunHandle = { runId: timeId('run'), counts: {} };
  const started = Date.now();
  await store.run(
    `INSERT INTO pipeline_runs (run_id, phase, date, status, started_at, config_hash, pid)
     VALUES ($1, $2, $3::DATE, 'running', $4::TIMESTAMPTZ, $5, $6)`,
    [run.runId, opts.phase, opts.date ?? null, new Date(started).toISOString(), opts.configHash, process.pid],
  );
  openRuns.set(run.runId, { store, started });
  runObserver.getStore()?.({ runId: run.runId, phase: opts.phase, date: opts.date ?? null });
  const finish = (status: RunStatus, error: string | null) =>
    !openRuns.delete(run.runId)
      ? Promise.resolve() // already closed as INTERRUPTED by a signal
      : store.run(
          `UPDATE pipeline_runs SET status = $2, counts = $3::JSON, finished_at = $4::TIMESTAMPTZ, duration_ms = $5, error = $6
       WHERE run_id = $1`,
          [run.runId, status, json(run.counts), new Date().toISOString(), Date.now() - started, error],
        );
  try {
    const out = await fn(run);
    await finish('succeeded', null);
    return out;
  } catch (e) {
    await finish('failed', e instanceof Error ? e.message : String(e));
    throw e;
  }
}

export async function getRun(store: Queryable, runId: string): Promise<PipelineRun | null> {
  const rows = await store.query<PipelineRun>('SELECT * FROM pipeline_runs WHERE run_id = $1', [runId]);
  if (!rows[0]) return null;
  return { ...rows[0], counts: parseJson(rows[0].counts) };
}

/** Latest runs, newest first, optionally of one phase. */
export async function listRuns(
  store: Queryable,
  opts: { phase?: string; limit?: number } = {},
): Promise<PipelineRun[]> {
  const rows = await store.query<PipelineRun>(
    `SELECT * FROM pipeline_runs WHERE ($1::TEXT IS NULL OR phase = $1) ORDER BY started_at DESC, run_id DESC LIMIT ${Math.max(1, opts.limit ?? 50)}`,
    [opts.phase ?? null],
  );
  return rows.map((r) => ({ ...r, counts: parseJson(r.counts) }));
}
