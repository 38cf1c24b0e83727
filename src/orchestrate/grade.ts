import { emptySummary, type GradeOptions, type GradeSummary, gradeDateInto } from '../grading/index.ts';
import { withRun } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import type { App } from './app.ts';

/**
 * Grades each date, one `pipeline_runs` row (phase `grade`) per date, then the rollups and
 * alerts once on the last date; calls `onGradesChanged` with the dates whose rows changed.
 * What `courtedge grade`, the daily run and the walk-forward backtest call.
 */
export async function gradeDates(
  store: Store,
  dates: readonly string[],
  opts: GradeOptions,
): Promise<GradeSummary> {
  const sorted = [...new Set(dates)].sort();
  const summary = emptySummary();
  for (let i = 0; i < sorted.length; i++) {
    const date = sorted[i];
    await withRun(store, { phase: 'grade', date, configHash: opts.configHash ?? '' }, (run) =>
      gradeDateInto(store, summary, { date, dates: sorted, last: i === sorted.length - 1, run }, opts),
    );
  }
  const changed = summary.per_date.filter((d) => d.rows_changed > 0).map((d) => d.date);
  if (changed.length && opts.onGradesChanged) await opts.onGradesChanged(changed);
  return summary;
}

/** One date: what the daily run calls after each box-score pull. */
export function gradeDate(store: Store, date: string, opts: GradeOptions): Promise<GradeSummary> {
  return gradeDates(store, [date], opts);
}

export interface GradeResult {
  dates: number;
  graded: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  no_bets: number;
  picks: { wins: number; losses: number; pushes: number; voids: number; units: number };
  games_graded: number;
  games_pending: number;
  games_missing_box: number;
  rows_changed: number;
  rollup_dates: number;
  alerts: number;
  rollups: { model_rows: number; signal_rows: number; blacklist_rows: number } | null;
}

/** `courtedge grade` / POST /api/admin/phases/grade: grade the dates, return the counts. */
export async function grade(app: App, req: { dates: string[]; rollups?: boolean }): Promise<GradeResult> {
  const s = await gradeDates(app.store, req.dates, {
    config: app.config,
    configHash: app.configHash,
    log: app.log,
    rollups: req.rollups !== false,
  });
  return {
    dates: s.dates,
    graded: s.graded,
    wins: s.wins,
    losses: s.losses,
    pushes: s.pushes,
    voids: s.voids,
    no_bets: s.no_bets,
    picks: {
      wins: s.picks.wins,
      losses: s.picks.losses,
      pushes: s.picks.pushes,
      voids: s.picks.voids,
      units: s.picks.units,
    },
    games_graded: s.games_graded,
    games_pending: s.games_pending,
    games_missing_box: s.games_missing_box,
    rows_changed: s.rows_changed,
    rollup_dates: s.rollups?.dates.length ?? 0,
    alerts: s.rollups?.alerts.length ?? 0,
    rollups: s.rollups
      ? {
          model_rows: s.rollups.model_rows,
          signal_rows: s.rollups.signal_rows,
          blacklist_rows: s.rollups.blacklist_rows,
        }
      : null,
  };
}
