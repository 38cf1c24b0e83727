import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { calibrationReport, calibrationTable, clvReport, roiReport } from '../../src/grading/reports.ts';

describe('reports (spec 06 §7)', () => {
  test('a hand-computed 3-bin calibration table', () => {
    const t = calibrationTable(
      [
        [0.1, 0],
        [0.2, 1],
        [0.5, 1],
        [0.6, 0],
        [0.9, 1],
        [0.95, 1],
      ],
      3,
    );
    assert.deepEqual(
      t.bins.map((b) => [b.n, b.mean_p, b.observed]),
      [
        [2, 0.15, 0.5],
        [2, 0.55, 0.5],
        [2, 0.925, 1],
      ],
    );
    assert.equal(t.n, 6);
    assert.equal(t.brier, 0.212083); // 1.2725 / 6
    assert.equal(t.log_loss, 0.580148); // 3.480891 / 6
    assert.equal(t.ece, 0.158333); // (0.35 + 0.05 + 0.075) / 3
    assert.deepEqual([t.bins[2].ci_low, t.bins[2].ci_high], [0.3424, 1]); // Wilson 2 of 2
  });

  test('calibration population drops pushes, voids and rows without p_over; market beside it', () => {
    const r = calibrationReport(
      [
        { p_over: 0.7, line: 20.5, actual_points: 25, abs_error: 1, market_p_over: 0.5 },
        { p_over: 0.7, line: 20, actual_points: 20, abs_error: 1 }, // push
        { p_over: null, line: 20.5, actual_points: 25, abs_error: 1 },
        { p_over: 0.4, line: 20.5, actual_points: null, abs_error: null }, // void
      ],
      10,
    );
    assert.equal(r.model.n, 1);
    assert.equal(r.market!.n, 1);
    assert.equal(r.market!.brier, 0.25);
    assert.equal(r.model.brier, 0.09);
    assert.equal(r.line_mae, 4.5);
  });

  test('ROI at recorded prices, at -110, break-even; bootstrap identical across runs', () => {
    const bets = [
      { result: 'WIN', price: 100 },
      { result: 'WIN', price: 100 },
      { result: 'WIN', price: 100 },
      { result: 'LOSS', price: 100 },
      { result: 'PUSH', price: -110 },
      { result: 'VOID', price: -110 },
    ];
    const a = roiReport(bets, 2000, 1);
    assert.deepEqual(
      [
        a.bets,
        a.wins,
        a.losses,
        a.pushes,
        a.voids_excluded,
        a.hr,
        a.units,
        a.roi,
        a.roi_at_110,
        a.break_even_hr,
      ],
      [5, 3, 1, 1, 1, 75, 2, 40, 34.55, 50.46],
    );
    assert.ok(a.roi_ci_low! < 40 && a.roi_ci_high! > 40);
    assert.deepEqual(roiReport(bets, 2000, 1), a);
    assert.notDeepEqual(roiReport(bets, 2000, 2).roi_ci_low, undefined);
  });

  test('CLV summary counts picks without a close', () => {
    const r = clvReport([
      { line_clv: 1, price_clv: 0.03, close_line: 25.5 },
      { line_clv: -1, price_clv: -0.01, close_line: 23.5 },
      { line_clv: 0.5, price_clv: null, close_line: 24 },
      { line_clv: null, price_clv: null, close_line: null },
    ]);
    assert.equal(r.availability, 'CLV available for 3 of 4 picks');
    assert.equal(r.line_clv.mean, 0.1667);
    assert.equal(r.price_clv_pp.mean, 1);
    assert.deepEqual([r.beat_close.n, r.beat_close.rate], [2, 50]);
    assert.equal(
      clvReport([{ line_clv: null, price_clv: null, close_line: null }]).availability,
      'CLV unavailable: no closing snapshot for any of 1 picks',
    );
  });
});
