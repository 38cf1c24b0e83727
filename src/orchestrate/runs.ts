import type { App } from './app.ts';

export interface RunsQuery {
  phase?: string | null;
  status?: string | null;
  since?: string | null;
  limit?: number;
}

export interface RunRow {
  run_id: string;
  phase: string;
  date: string | null;
  status: string;
  started_at: string;
  duration_ms: number | null;
  error: string | null;
}

/**
 * `courtedge runs`: the run log (pipeline_runs), failures first, then the newest (issue 20:
 * a failed export said "see courtedge runs", which did not exist).
 */
export async function runsList(app: App, q: RunsQuery = {}): Promise<RunRow[]> {
  const limit = Math.min(Math.max(1, Math.trunc(q.limit ?? 50)), 10_000);
  const rows = await app.store.query<RunRow>(
    `SELECT run_id, phase, CAST(date AS TEXT) AS date, status, CAST(started_at AS TEXT) AS started_at,
            duration_ms, error
     FROM pipeline_runs
     WHERE ($1::TEXT IS NULL OR phase = $1) AND ($2::TEXT IS NULL OR status = $2)
       AND ($3::DATE IS NULL OR started_at >= $3::DATE)
     ORDER BY CASE WHEN status = 'failed' THEN 0 ELSE 1 END, started_at DESC, run_id DESC
     LIMIT ${limit}`,
    [q.phase ?? null, q.status ?? null, q.since ?? null],
  );
  return rows.map((r) => ({ ...r, duration_ms: r.duration_ms === null ? null : Number(r.duration_ms) }));
}
