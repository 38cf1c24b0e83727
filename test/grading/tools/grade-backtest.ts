/**
 * Manual end-to-end check (not part of the test run): takes a `courtedge backtest
 * --dump-predictions` JSON report, writes its predictions into the store's `predictions` table
 * (batch `bt_grading_check`), grades every date through gradeDates (the live code path), and
 * compares grading's numbers per family with the backtest's own evaluation (src/models), an
 * independent implementation over the same rows.
 *
 *   npx tsx test/grading/tools/grade-backtest.ts STORE REPORT.json [--bestbets]
 *
 * With --bestbets the backtest's system_ids are registered as enabled shadow models in this
 * (scratch) store and each date runs the live order: best bets for D at 18:00Z (reading the
 * grading tables of earlier dates), then grading of D; picks, CLV and ROI are reported too.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/config/log.ts';
import { hrOutcome } from '../../../src/grading/performance.ts';
import { runReport } from '../../../src/grading/report-run.ts';
import { addSummary, emptySummary, type GradeSummary } from '../../../src/grading/run.ts';
import type { BacktestResult } from '../../../src/models/backtest.ts';
import { runBestBetsRecorded as runBestBets } from '../../../src/orchestrate/bestbets.ts';
import { gradeDates } from '../../../src/orchestrate/grade.ts';
import { openStore } from '../../../src/store/open.ts';
import { insertModels } from '../../../src/store/tables/models.ts';
import { insertPredictions } from '../../../src/store/tables/predictions.ts';

const [storePath, reportPath, flag] = process.argv.slice(2);
const withBestBets = flag === '--bestbets';
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as BacktestResult;
const preds = report.predictions ?? [];
if (!preds.length)
  throw new Error('the report holds no predictions (run the backtest with --dump-predictions)');
const loaded = loadConfig({ overrides: { store: storePath } });
const store = await openStore(loaded.config);
const BATCH = 'bt_grading_check';
await store.run('DELETE FROM predictions WHERE batch_id = $1', [BATCH]);
const now = new Date().toISOString();
await insertPredictions(
  store,
  preds.map((p, i) => ({
    ...p,
    prediction_id: `btg_${i}`,
    batch_id: BATCH,
    mode: 'BACKFILL',
    book: p.line === null ? null : 'consensus',
    as_of: now,
    created_at: now,
    is_active: true,
  })),
);
const dates = [...new Set(preds.map((p) => p.game_date))].sort();
const log = createLogger('warn');
const gOpts = { config: loaded.config, configHash: loaded.hash, log, alerts: false };
let summary: GradeSummary;
let gradeMs = 0;
let bestBetsMs = 0;
if (withBestBets) {
  const systems = new Map(preds.map((p) => [p.system_id, p]));
  await insertModels(
    store,
    [...systems.values()].map((p) => ({
      system_id: p.system_id,
      family: p.family,
      feature_set: p.feature_set_version,
      contract_hash: 'x',
      loss: 'l2',
      min_edge: p.min_edge,
      train_start: dates[0],
      train_end: dates[0],
      window_game_days: 56,
      status: 'shadow',
      enabled: true,
      artifact_hash: 'x',
      created_at: now,
    })),
    { ifNew: true },
  );
  await store.run('DELETE FROM best_bets_picks WHERE date BETWEEN $1::DATE AND $2::DATE', [
    dates[0],
    dates[dates.length - 1],
  ]);
  // A fresh walk-forward: no grades or rollups of later dates exist yet when D is graded.
  for (const [t, c] of [
    ['prediction_grades', 'game_date'],
    ['pick_grades', 'game_date'],
    ['model_performance_daily', 'date'],
    ['signal_health_daily', 'date'],
    ['player_blacklist_daily', 'date'],
    ['direction_health_daily', 'date'],
  ]) {
    await store.run(`DELETE FROM ${t} WHERE ${c} >= $1::DATE`, [dates[0]]);
  }
  const per: GradeSummary[] = [];
  for (const d of dates) {
    let t = Date.now();
    await runBestBets(store, {
      date: d,
      config: loaded.config,
      configHash: loaded.hash,
      now: new Date(`${d}T18:00:00Z`), // the daily run's best bets, before most tips: closes come later
      log,
      ultraPublishedOnly: false,
      contributions: false,
    });
    bestBetsMs += Date.now() - t;
    t = Date.now();
    per.push(await gradeDates(store, [d], gOpts));
    gradeMs += Date.now() - t;
  }
  summary = per.reduce(addSummary, emptySummary());
} else {
  const t0 = Date.now();
  summary = await gradeDates(store, dates, gOpts);
  gradeMs = Date.now() - t0;
}

const grades = await store.query(
  `SELECT g.family, g.predicted, g.line, g.actual_points, g.abs_error, g.result FROM prediction_grades g
   JOIN predictions p ON p.system_id = g.system_id AND p.game_id = g.game_id AND p.player_id = g.player_id
   WHERE p.batch_id = $1`,
  [BATCH],
);
const families: Record<string, unknown> = {};
for (const [fam, fr] of Object.entries(report.families)) {
  const rows = grades.filter((g) => g.family === fam);
  let w = 0;
  let l = 0;
  let ae = 0;
  let lae = 0;
  let nl = 0;
  for (const g of rows) {
    const o = hrOutcome({ predicted: g.predicted, line: g.line, actual_points: g.actual_points }, 3);
    if (o === true) w++;
    if (o === false) l++;
    if (g.line !== null && g.actual_points !== null) {
      nl++;
      ae += g.abs_error;
      lae += Math.abs(g.line - g.actual_points);
    }
  }
  families[fam] = {
    grading: {
      wins: w,
      losses: l,
      n: w + l,
      mae_lined: +(ae / nl).toFixed(4),
      line_mae: +(lae / nl).toFixed(4),
      n_lined: nl,
    },
    backtest: {
      wins: fr.hr3.wins,
      losses: fr.hr3.losses,
      n: fr.hr3.n,
      mae_lined: fr.mae_lined,
      line_mae: fr.line_mae,
      n_lined: fr.n_lined,
    },
    agree: fr.hr3.wins === w && fr.hr3.losses === l,
  };
}
const perf = await store.query(
  `SELECT state, COUNT(*) AS n FROM model_performance_daily WHERE date BETWEEN $1::DATE AND $2::DATE GROUP BY state ORDER BY state`,
  [dates[0], dates[dates.length - 1]],
);
const q = { from: dates[0], to: dates[dates.length - 1] };
const picksReports = withBestBets
  ? {
      picks: summary.picks,
      roi: (await runReport(store, 'roi', q, loaded.config)).report,
      clv: (await runReport(store, 'clv', q, loaded.config)).report,
      independent_units: (
        await store.query(
          `SELECT SUM(CASE g.result WHEN 'WIN' THEN CASE WHEN g.price > 0 THEN g.price / 100.0 ELSE 100.0 / (-g.price) END
                              WHEN 'LOSS' THEN -1 ELSE 0 END) AS u,
                  SUM(CASE WHEN p.best_price IS DISTINCT FROM g.price THEN 1 ELSE 0 END) AS price_mismatch
           FROM pick_grades g JOIN best_bets_picks p ON p.date = g.game_date AND p.game_id = g.game_id
             AND p.player_id = g.player_id AND p.status = 'active'
           WHERE g.game_date BETWEEN $1::DATE AND $2::DATE`,
          [q.from, q.to],
        )
      )[0],
    }
  : null;
console.log(
  JSON.stringify({
    dates: dates.length,
    predictions: preds.length,
    grade_ms: gradeMs,
    bestbets_ms: bestBetsMs,
    ...picksReports,
    graded: summary.graded,
    wins: summary.wins,
    losses: summary.losses,
    pushes: summary.pushes,
    voids: summary.voids,
    no_bets: summary.no_bets,
    games_graded: summary.games_graded,
    games_missing_box: summary.games_missing_box,
    rollup_dates: summary.rollups?.dates.length,
    model_rows: summary.rollups?.model_rows,
    states: perf,
    families,
  }),
);
await store.close();
