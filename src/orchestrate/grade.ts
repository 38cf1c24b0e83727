import { emptySummary, type GradeOptions, type GradeSummary, gradeDateInto } from '../grading/index.ts';
import { withRun } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import type { App } from './app.ts';
import { type Republished, republish } from './publish-after.ts';

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

/** The counts of a grading pass as `courtedge grade --json` prints them (no per-date detail). */
export function gradeCounts(s: GradeSummary) {
  const { per_date: _d, rollups, picks, ...counts } = s;
  const { graded: _g, ...pickCounts } = picks;
  return {
    ...counts,
    picks: pickCounts,
    rollup_dates: rollups?.dates.length ?? 0,
    alerts: rollups?.alerts.length ?? 0,
    rollups: rollups
      ? {
          model_rows: rollups.model_rows,
          signal_rows: rollups.signal_rows,
          blacklist_rows: rollups.blacklist_rows,
        }
      : null,
  };
}

export type GradeResult = ReturnType<typeof gradeCounts>;

/** `courtedge grade` / POST /api/admin/phases/grade: grade the dates, return the counts. */
export async function grade(
  app: App,
  req: { dates: string[]; rollups?: boolean; publish?: boolean },
): Promise<GradeResult & { published: Republished | null }> {
  const s = await gradeDates(app.store, req.dates, {
    config: app.config,
    configHash: app.configHash,
    log: app.log,
    rollups: req.rollups !== false,
  });
  // Spec 07 §1: a grading pass that changed rows re-exports as of its latest changed date (the
  // record files cover every date; earlier dates' results files: `courtedge export --date D`).
  const changed = s.per_date.filter((d) => d.rows_changed > 0).map((d) => d.date);
  const published =
    req.publish && changed.length ? await republish(app, changed[changed.length - 1], 'grade') : null;
  return { ...gradeCounts(s), published };
}
