import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeClv, NO_CLOSE } from '../../src/grading/clv.ts';
import { gradePick, type PickRow, pickUnits } from '../../src/grading/picks.ts';
import {
  classifyGame,
  type GradingGame,
  gradePrediction,
  latestInjuriesBeforeTip,
  type PredictionRow,
  playerOutcome,
} from '../../src/grading/predictions.ts';

const pred = (o: Partial<PredictionRow>): PredictionRow => ({
  game_date: '2025-11-03',
  game_id: 'G',
  player_id: 1,
  system_id: 'm',
  family: 'v9',
  batch_id: 'b',
  recommendation: 'OVER',
  line: 24.5,
  book: 'consensus',
  predicted: 26.1,
  p_over: 0.6,
  confidence: 0.6,
  ...o,
});

describe('prediction rules (spec 06 §2 table)', () => {
  test('over hits: WIN, abs_error 0.9', () => {
    const g = gradePrediction(
      pred({}),
      playerOutcome(
        { game_id: 'G', player_id: 1, minutes: 34, points: 27, dnp: false, dnp_reason: null },
        undefined,
      ),
    );
    assert.equal(g.result, 'WIN');
    assert.equal(g.abs_error, 0.9);
    assert.equal(g.signed_error, -0.9);
    assert.equal(g.edge, 1.6);
    assert.equal(g.line_abs_error, 2.5);
  });
  test('whole-number line: PUSH', () => {
    const g = gradePrediction(pred({ predicted: 19.4, line: 22, recommendation: 'UNDER' }), {
      played: true,
      points: 22,
      minutes: 30,
    });
    assert.equal(g.result, 'PUSH');
    assert.equal(g.edge, -2.6);
  });
  test('under wins below the line, loses above it', () => {
    assert.equal(
      gradePrediction(pred({ recommendation: 'UNDER', line: 22 }), { played: true, points: 21, minutes: 30 })
        .result,
      'WIN',
    );
    assert.equal(
      gradePrediction(pred({ recommendation: 'UNDER', line: 22 }), { played: true, points: 23, minutes: 30 })
        .result,
      'LOSS',
    );
    assert.equal(
      gradePrediction(pred({ recommendation: 'OVER', line: 22 }), { played: true, points: 21, minutes: 30 })
        .result,
      'LOSS',
    );
  });
  test('late scratch with dnp row: VOID dnp, null errors', () => {
    const o = playerOutcome(
      { game_id: 'G', player_id: 1, minutes: 0, points: 0, dnp: true, dnp_reason: "coach's decision" },
      undefined,
    );
    const g = gradePrediction(pred({ predicted: 23, line: 17.5 }), o);
    assert.deepEqual([g.result, g.void_reason, g.abs_error, g.actual_points], ['VOID', 'dnp', null, null]);
  });
  test('no row at all: VOID dnp; inactive via the row or the latest injury report before tip', () => {
    assert.deepEqual(playerOutcome(undefined, undefined), { played: false, reason: 'dnp', minutes: null });
    const rowInactive = playerOutcome(
      { game_id: 'G', player_id: 1, minutes: 0, points: 0, dnp: true, dnp_reason: 'INACTIVE_INJURY' },
      undefined,
    );
    assert.equal(rowInactive.played === false && rowInactive.reason, 'inactive');
    const tip = '2025-11-03T23:30:00Z';
    const reports = latestInjuriesBeforeTip(
      [
        { game_id: 'G', player_id: 1, report_time: '2025-11-03T18:00:00Z', status: 'Out' },
        { game_id: 'G', player_id: 1, report_time: '2025-11-03T22:00:00Z', status: 'Available' },
        { game_id: 'G', player_id: 2, report_time: '2025-11-03T22:00:00Z', status: 'Out' },
        { game_id: 'G', player_id: 3, report_time: '2025-11-03T23:45:00Z', status: 'Out' }, // after tip
      ],
      () => tip,
    );
    const o1 = playerOutcome(undefined, reports.get('G|1'));
    const o2 = playerOutcome(undefined, reports.get('G|2'));
    const o3 = playerOutcome(undefined, reports.get('G|3'));
    assert.equal(!o1.played && o1.reason, 'dnp'); // latest report said Available
    assert.equal(!o2.played && o2.reason, 'inactive');
    assert.equal(!o3.played && o3.reason, 'dnp');
  });
  test('NO_LINE and PASS: NO_BET with errors (MAE only)', () => {
    const g = gradePrediction(pred({ predicted: 12.3, line: null, recommendation: 'NO_LINE' }), {
      played: true,
      points: 14,
      minutes: 20,
    });
    assert.deepEqual(
      [g.result, g.abs_error, g.signed_error, g.line_abs_error, g.edge],
      ['NO_BET', 1.7, -1.7, null, null],
    );
    const p = gradePrediction(pred({ predicted: 21, line: 20.5, recommendation: 'PASS' }), {
      played: true,
      points: 25,
      minutes: 20,
    });
    assert.deepEqual([p.result, p.line_abs_error], ['NO_BET', 4.5]);
  });
});

describe('game states (spec 06 §1)', () => {
  const g = (o: Partial<GradingGame>): GradingGame => ({
    game_id: 'G',
    game_date: '2025-11-03',
    start_utc: null,
    status: 3,
    home: 'H',
    away: 'A',
    home_score: 100,
    away_score: 90,
    ...o,
  });
  const five = new Map([
    ['H', 5],
    ['A', 5],
  ]);
  test('Final with five played rows per team is gradable; four is missing_box', () => {
    assert.equal(classifyGame(g({}), false, five, 5), 'gradable');
    assert.equal(
      classifyGame(
        g({}),
        false,
        new Map([
          ['H', 5],
          ['A', 4],
        ]),
        5,
      ),
      'missing_box',
    );
    assert.equal(classifyGame(g({}), false, undefined, 5), 'missing_box');
  });
  test('in progress, scheduled, or Final without a score is pending; postponed wins', () => {
    assert.equal(classifyGame(g({ status: 2 }), false, five, 5), 'pending');
    assert.equal(classifyGame(g({ status: 1 }), false, five, 5), 'pending');
    assert.equal(classifyGame(g({ home_score: null }), false, five, 5), 'pending');
    assert.equal(classifyGame(g({}), true, five, 5), 'postponed');
  });
});

describe('pick grading and CLV (spec 06 §3)', () => {
  const pick = (o: Partial<PickRow>): PickRow => ({
    date: '2025-11-03',
    game_id: 'G',
    player_id: 1,
    rank: 1,
    system_id: 'm',
    direction: 'OVER',
    line: 24.5,
    best_price: -105,
    fair_prob: 0.5,
    stake_pct: 0.01,
    priced_at: '2025-11-03T16:00:00Z',
    ...o,
  });
  test('units at +100, -115 and the assumed -110', () => {
    assert.equal(pickUnits('WIN', 100), 1);
    assert.equal(pickUnits('WIN', -115), 0.8696);
    assert.equal(pickUnits('LOSS', -115), -1);
    assert.equal(pickUnits('PUSH', -115), 0);
    const assumed = gradePick(
      pick({ best_price: null }),
      { played: true, points: 30, minutes: 30 },
      NO_CLOSE,
      -110,
    );
    assert.deepEqual([assumed.price, assumed.price_source, assumed.units_won], [-110, 'assumed', 0.9091]);
    // best bets stores the assumed -110 with price_source 'assumed' (docs/notes/bestbets.md)
    const stored = gradePick(
      pick({ best_price: -110, price_source: 'assumed' }),
      { played: true, points: 30, minutes: 30 },
      NO_CLOSE,
      -110,
    );
    assert.deepEqual([stored.price, stored.price_source], [-110, 'assumed']);
    const v = gradePick(pick({}), 'postponed', NO_CLOSE, -110);
    assert.deepEqual([v.result, v.void_reason, v.units_won, v.stake_return_pct], ['VOID', 'postponed', 0, 0]);
  });

  const tip = '2025-11-03T23:30:00Z';
  const opts = {
    tip,
    pricedAt: '2025-11-03T16:00:00Z',
    windowMinutes: 90,
    staleAfterHours: 12,
    outlierPoints: 6,
  };
  const close = (book: string, line: number, o: number, u: number, at = '2025-11-03T23:00:00Z') => ({
    book,
    captured_at: at,
    line,
    over_price: o,
    under_price: u,
  });
  const rows = [
    ...['b1', 'b2', 'b3', 'b4', 'b5'].map((b) => close(b, 25.5, -110, -110)),
    close('c1', 24.5, -130, 100),
    close('c2', 24.5, -125, -105),
    close('c3', 24.5, -135, 105),
  ];
  test('worked example: OVER 24.5 at -105 → line CLV +1.0, price CLV +0.0306', () => {
    const c = computeClv({ direction: 'OVER', line: 24.5, fair_prob: 0.5 }, rows, opts);
    assert.deepEqual(c, {
      close_line: 25.5,
      close_captured_at: '2025-11-03T23:00:00.000Z',
      line_clv: 1,
      fair_close: 0.5306,
      price_clv: 0.0306,
    });
    const g = gradePick(pick({}), { played: true, points: 27, minutes: 30 }, c, -110);
    assert.equal(g.units_won, 0.9524);
  });
  test('UNDER signs: line CLV = line − close; fair of the under side', () => {
    const c = computeClv({ direction: 'UNDER', line: 24.5, fair_prob: 0.5 }, rows, opts);
    assert.equal(c.line_clv, -1);
    assert.equal(c.fair_close, 0.4694);
    assert.equal(c.price_clv, -0.0306);
  });
  test('no close: a morning-only feed, or snapshots before the pick was priced → nulls', () => {
    const morning = rows.map((r) => ({ ...r, captured_at: '2025-11-03T17:00:00Z' }));
    assert.deepEqual(computeClv({ direction: 'OVER', line: 24.5, fair_prob: 0.5 }, morning, opts), NO_CLOSE);
    assert.deepEqual(
      computeClv({ direction: 'OVER', line: 24.5, fair_prob: 0.5 }, rows, {
        ...opts,
        pricedAt: '2025-11-03T23:10:00Z',
      }),
      NO_CLOSE,
    );
    const noFair = computeClv({ direction: 'OVER', line: 24.5, fair_prob: null }, rows, opts);
    assert.equal(noFair.line_clv, 1);
    assert.equal(noFair.price_clv, null);
  });
});
