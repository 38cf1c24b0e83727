import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BREAK_EVEN_110,
  type EvalRow,
  evaluate,
  hitRate,
  isoWeekOf,
  roiAt110,
  wilson,
} from '../../src/models/evaluation.ts';

const near = (a: number | null, b: number, eps = 1e-4) =>
  assert.ok(a !== null && Math.abs(a - b) <= eps, `expected ${b}, got ${a}`);

const d = '2025-11-01';
/** The 12-row hand table (pushes, voids, missing prices, a row without a line). */
const rows: EvalRow[] = [
  {
    game_date: d,
    predicted: 26,
    line: 22.5,
    actual: 27,
    over_price: -110,
    under_price: -110,
    p_over: 0.7,
    season_avg_pre: 26,
  },
  {
    game_date: d,
    predicted: 18,
    line: 22.5,
    actual: 20,
    over_price: -120,
    under_price: 100,
    p_over: 0.3,
    season_avg_pre: 20,
  },
  {
    game_date: d,
    predicted: 25,
    line: 20,
    actual: 20,
    over_price: -110,
    under_price: -110,
    p_over: 0.6,
    season_avg_pre: 18,
  },
  {
    game_date: d,
    predicted: 10,
    line: 14.5,
    actual: 16,
    over_price: -140,
    under_price: 120,
    p_over: 0.2,
    season_avg_pre: 12,
  },
  { game_date: d, predicted: 30, line: 25.5, actual: 22, p_over: 0.65, season_avg_pre: 28 },
  {
    game_date: d,
    predicted: 15,
    line: 14.5,
    actual: 15,
    over_price: -110,
    under_price: -110,
    p_over: 0.52,
    season_avg_pre: 14,
  },
  { game_date: d, predicted: 12, line: null, actual: 10, season_avg_pre: 10 },
  { game_date: d, predicted: 20, line: 18.5, actual: null, p_over: 0.6, season_avg_pre: 19 },
  { game_date: d, predicted: 8, line: 6.5, actual: 0, void: true, p_over: 0.6, season_avg_pre: 7 },
  {
    game_date: '2025-11-02',
    predicted: 22,
    line: 20.5,
    actual: 25,
    over_price: 105,
    under_price: -125,
    p_over: 0.55,
    season_avg_pre: 21,
  },
  {
    game_date: '2025-11-02',
    predicted: 5,
    line: 11.5,
    actual: 4,
    under_price: -110,
    p_over: 0.1,
    season_avg_pre: 4,
  },
  {
    game_date: '2025-11-02',
    predicted: 33,
    line: 27.5,
    actual: 35,
    over_price: 100,
    p_over: 0.8,
    season_avg_pre: 30,
  },
];

test('Wilson interval and ROI match the spec examples', () => {
  const w = wilson(60, 100);
  near(w.low, 0.502, 5e-4);
  near(w.high, 0.6906, 5e-4);
  const w2 = wilson(33, 58);
  near(w2.low, 0.4412, 5e-4);
  near(w2.high, 0.6882, 5e-4);
  near(roiAt110(55, 45), 0.05, 1e-3);
  near(BREAK_EVEN_110, 0.5238);
  assert.deepEqual(wilson(0, 0), { low: null, high: null });
});

test('every metric on the 12-row hand table', () => {
  const ev = evaluate(rows);
  assert.equal(ev.n, 10);
  assert.equal(ev.n_void, 2);
  assert.equal(ev.n_lined, 9);
  assert.equal(ev.lined_days, 2);
  near(ev.mae, 3.0);
  near(ev.mae_lined, 28 / 9);
  near(ev.line_mae, 32 / 9);
  near(ev.bias, 0.2);
  near(ev.bias_vs_line, 5 / 9);

  assert.deepEqual([ev.hr1.wins, ev.hr1.losses, ev.hr1.pushes, ev.hr1.n], [5, 2, 1, 7]);
  assert.deepEqual([ev.hr3.wins, ev.hr3.losses, ev.hr3.pushes, ev.hr3.n], [4, 2, 1, 6]);
  near(ev.hr3.hr, 4 / 6);
  near(ev.hr3.ci_low, 0.29999);
  near(ev.hr3.ci_high, 0.90323);
  near(ev.hr3.roi_110, 0.272727);
  assert.equal(ev.hr3.n_priced, 5);
  near(ev.hr3.roi_actual, 0.563636);
  assert.deepEqual([ev.hr5.wins, ev.hr5.losses, ev.hr5.pushes], [2, 0, 1]);
  assert.deepEqual([ev.by_side.over.wins, ev.by_side.over.losses, ev.by_side.over.pushes], [2, 1, 1]);
  assert.deepEqual([ev.by_side.under.wins, ev.by_side.under.losses], [2, 1]);

  assert.deepEqual(ev.tier_bias.star.n, 3);
  near(ev.tier_bias.star.bias, 5 / 3);
  near(ev.tier_bias.starter.bias, 0);
  near(ev.tier_bias.role.bias, -4 / 3);
  assert.equal(ev.tier_bias.bench.n, 1);
  near(ev.tier_bias.bench.bias, 1);

  const c = ev.calibration;
  assert.equal(c.n, 8);
  near(c.brier, 0.215675);
  near(c.log_loss, 0.61911);
  near(c.ece, 0.41);
  assert.equal(c.bins[5].n, 2);
  near(c.bins[5].mean_p, 0.535);
  near(c.bins[5].observed, 1);
  assert.equal(c.bins[0].n, 0);
  assert.equal(c.market.n, 5);
  near(c.market.brier, 0.249508);
  near(c.market.log_loss, 0.692071);
  near(c.market.model_log_loss, 0.71491);
});

test('HR@k counts |edge| ≥ k at 2 dp and ignores a stored recommendation', () => {
  const r: EvalRow[] = [
    { game_date: d, predicted: 26.6, line: 23.6, actual: 30 }, // edge 3.0000000000000036
    { game_date: d, predicted: 21.49, line: 24.5, actual: 20 }, // edge −3.01
    { game_date: d, predicted: 22.51, line: 24.5, actual: 20 }, // edge −1.99
  ];
  const h = hitRate(r, 3);
  assert.equal(h.n, 2);
  assert.equal(h.wins, 2);
  assert.equal(h.roi_actual, null);
});

test('ISO week starts on Monday', () => {
  assert.equal(isoWeekOf('2025-11-09'), '2025-11-03');
  assert.equal(isoWeekOf('2025-11-03'), '2025-11-03');
  assert.equal(isoWeekOf('2025-11-02'), '2025-10-27');
});
