import type { Queryable } from '../store/store.ts';
import { type BatchRow, listBatches } from './batches.ts';

/** The `predict --json` output contract (issue 8): one object per batch. */
export interface BatchSummary {
  batch_id: string;
  date: string;
  mode: string;
  status: string;
  failure_reason: string | null;
  error: string | null;
  requested: number;
  viable: number;
  predicted_players: number;
  predictions: number;
  systems: BatchRow['systems'];
  blocked_by_reason: Record<string, number>;
  line_diagnostics: {
    NO_PROP_LINE: number;
    LINE_SOURCE: Record<string, number>;
    LINE_SANITY_REJECT: number;
    STALE_LINE: number;
    LINE_OUTLIER: number;
  };
  missing: BatchRow['missing'];
  steps_ms: Record<string, number>;
  seconds: number;
}

export function batchSummary(b: BatchRow): BatchSummary {
  const lines = b.steps.lines ?? {};
  const steps_ms: Record<string, number> = {};
  for (const [k, v] of Object.entries(b.steps)) if (typeof v?.ms === 'number') steps_ms[k] = v.ms;
  const end = b.finished_at ? Date.parse(b.finished_at) : Date.now();
  return {
    batch_id: b.batch_id,
    date: b.game_date,
    mode: b.mode,
    status: b.status,
    failure_reason: b.failure_reason,
    error: b.error,
    requested: b.n_candidates,
    viable: b.n_viable,
    predicted_players: b.n_players_predicted,
    predictions: b.n_predictions,
    systems: b.systems.map((s) => ({
      system_id: s.system_id,
      status: s.status,
      reason: s.reason,
      n_predictions: s.n_predictions,
    })),
    blocked_by_reason: b.steps.gate?.blocked_by_reason ?? {},
    line_diagnostics: {
      NO_PROP_LINE: lines.NO_PROP_LINE ?? 0,
      LINE_SOURCE: lines.LINE_SOURCE ?? {},
      LINE_SANITY_REJECT: lines.LINE_SANITY_REJECT ?? 0,
      STALE_LINE: lines.STALE_LINE ?? 0,
      LINE_OUTLIER: lines.LINE_OUTLIER ?? 0,
    },
    missing: b.missing,
    steps_ms,
    seconds: Math.round((end - Date.parse(b.created_at)) / 10) / 100,
  };
}

/** `GET /api/admin/batches?date=…[&mode=…]` (spec 04 §8): newest first. */
export async function batchList(store: Queryable, date: string, mode?: string) {
  const rows = await listBatches(store, date, mode);
  return {
    batches: rows.map((b) => ({
      batch_id: b.batch_id,
      mode: b.mode,
      status: b.status,
      failure_reason: b.failure_reason,
      created_at: b.created_at,
      finished_at: b.finished_at,
      n_predictions: b.n_predictions,
      chunks_done: b.chunks_done,
      n_chunks: b.n_chunks,
    })),
  };
}
