/**
 * Manual end-to-end check (not part of the test run): takes a `courtedge backtest
 * --dump-predictions` JSON report, writes its predictions into the store's `predictions` table
 * (batch `bt_grading_check`), grades every date through gradeDates (the live code path), and
 * compares grading's numbers per family with the backtest's own evaluation (src/models), an
 * independent implementation over the same rows.
 *
 *   npx tsx test/grading/tools/grade-backtest.ts STORE REPORT.json
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../../src/config/load.ts';
import { createLogger } from '../../../src/config/log.ts';
import { hrOutcome } from '../../../src/grading/performance.ts';
import { gradeDates } from '../../../src/grading/run.ts';
import type { BacktestResult } from '../../../src/models/backtest.ts';
import { openStore } from '../../../src/store/open.ts';

const [storePath, reportPath] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as BacktestResult;
const preds = report.predictions ?? [];
if (!preds.length)
  throw new Error('the report holds no predictions (run the backtest with --dump-predictions)');
const loaded = loadConfig({ overrides: { store: storePath } });
const store = await openStore(loaded.config);
const BATCH = 'bt_grading_check';
await store.run('DELETE FROM predictions WHERE batch_id = $1', [BATCH]);
const now = new Date().toISOString();
await store.insertMany(
  'predictions',
  [
    'prediction_id',
    'batch_id',
    'mode',
    'game_date',
    'game_id',
    'player_id',
    'system_id',
    'family',
    'line',
    'line_key',
    'book',
    'predicted',
    'edge',
    'p_over',
    'confidence',
    'recommendation',
    'feature_set_version',
    'feature_quality',
    'as_of',
    'created_at',
    'is_active',
  ],
  preds.map((p, i) => [
    `btg_${i}`,
    BATCH,
    'BACKFILL',
    p.game_date,
    p.game_id,
    p.player_id,
    p.system_id,
    p.family,
    p.line,
    p.line ?? -1,
    p.line === null ? null : 'consensus',
    p.predicted,
    p.edge,
    p.p_over,
    p.confidence,
    p.recommendation,
    p.feature_set_version,
    p.feature_quality,
    now,
    now,
    true,
  ]),
);
const dates = [...new Set(preds.map((p) => p.game_date))].sort();
const t0 = Date.now();
const summary = await gradeDates(store, dates, {
  config: loaded.config,
  configHash: loaded.hash,
  log: createLogger('warn'),
  alerts: false,
});
const gradeMs = Date.now() - t0;

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
console.log(
  JSON.stringify({
    dates: dates.length,
    predictions: preds.length,
    grade_ms: gradeMs,
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
