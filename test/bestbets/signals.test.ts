import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  evaluateSignals,
  realSignalCount,
  SIGNAL_BY_TAG,
  SIGNALS,
} from '../../src/bestbets/signals/registry.ts';
import { SIGNAL_COUNTS_TOWARD_MIN } from '../../src/config/groups/bestbets.ts';
import { base, engine, supp } from './fixtures.ts';

const cfg = engine().bestbets;
const ev = (tag: string, b = base(), s = supp()) => SIGNAL_BY_TAG.get(tag)!.evaluate(b, s, cfg);

test('registry: order, flags and the config tag table agree', () => {
  assert.deepEqual(
    SIGNALS.map((s) => s.tag),
    Object.keys(SIGNAL_COUNTS_TOWARD_MIN),
  );
  for (const s of SIGNALS) assert.equal(s.countsTowardMin, SIGNAL_COUNTS_TOWARD_MIN[s.tag], s.tag);
  assert.deepEqual(
    SIGNALS.filter((s) => s.modelDependent).map((s) => s.tag),
    ['high_edge', 'combo_he_ms', 'combo_3way', 'model_consensus'],
  );
});

test('high_edge at 5.0 vs 4.9; strength |edge|/10', () => {
  assert.deepEqual(ev('high_edge', base({ edge: -5 }))?.strength, 0.5);
  assert.equal(ev('high_edge', base({ edge: 4.9 })), null);
  assert.equal(ev('high_edge', base({ edge: 12 }))?.strength, 1);
  const all = evaluateSignals(base({ edge: 12 }), supp(), cfg);
  assert.equal(all.find((s) => s.tag === 'high_edge')?.strength, 1);
});

test('three_pt_bounce: qualifies below season − 1 std; boundaries and nulls', () => {
  const s = supp({
    games_played: 5,
    three_pa_per_game: 4,
    three_pct_season: 0.4,
    three_pct_std: 0.1,
    three_pct_last_3: 0.25,
  });
  const hit = ev('three_pt_bounce', base(), s)!;
  assert.ok(Math.abs(hit.strength - 0.5) < 1e-9); // z = 1.5 → 0.5
  assert.equal(ev('three_pt_bounce', base(), { ...s, three_pct_last_3: 0.3 }), null); // exactly 1 std: not below
  assert.equal(ev('three_pt_bounce', base(), { ...s, games_played: 4 }), null);
  assert.equal(ev('three_pt_bounce', base(), { ...s, three_pa_per_game: 3.9 }), null);
  assert.equal(ev('three_pt_bounce', base(), { ...s, three_pct_std: 0 }), null);
  assert.equal(ev('three_pt_bounce', base(), { ...s, three_pct_std: null }), null);
  assert.equal(ev('three_pt_bounce', base(), { ...s, three_pct_last_3: null }), null);
});

test('blowout_recovery: deficit 6.0 vs 5.9; rest 2 or null qualifies, 1 does not', () => {
  const s = supp({ minutes_avg_season: 32, prev_minutes: 26, rest_days: 2 });
  assert.equal(ev('blowout_recovery', base(), s)?.strength, 6 / 16);
  assert.equal(ev('blowout_recovery', base(), { ...s, prev_minutes: 26.1 }), null);
  assert.equal(ev('blowout_recovery', base(), { ...s, rest_days: 1 }), null);
  assert.ok(ev('blowout_recovery', base(), { ...s, rest_days: null }));
  assert.equal(ev('blowout_recovery', base(), { ...s, prev_minutes: null }), null);
});

test('combo_he_ms and combo_3way: edge, surge, confidence and the excluded band', () => {
  const s = supp({ minutes_surge: 3, minutes_avg_last_3: 33, minutes_avg_season: 30 });
  assert.equal(ev('combo_he_ms', base({ edge: 5 }), s)?.strength, 0.85);
  assert.equal(ev('combo_he_ms', base({ edge: 4.99 }), s), null);
  assert.equal(ev('combo_he_ms', base(), { ...s, minutes_surge: 2.9 }), null);
  assert.equal(ev('combo_he_ms', base(), { ...s, minutes_surge: null }), null);
  assert.equal(ev('combo_3way', base({ confidence: 0.7 }), s)?.strength, 0.95);
  assert.equal(ev('combo_3way', base({ confidence: 0.69 }), s), null);
  assert.equal(ev('combo_3way', base({ confidence: 0.88 }), s), null);
  assert.equal(ev('combo_3way', base({ confidence: 0.9 }), s), null);
  assert.ok(ev('combo_3way', base({ confidence: 0.901 }), s));
  assert.ok(ev('combo_3way', base({ confidence: 0.879 }), s));
  assert.equal(ev('combo_3way', base({ confidence: 0.75 }), { ...s, minutes_surge: 2 }), null);
});

test('b2b_fatigue_under: rest 1 and 35.0 minutes; strength 0.5 + (avg − 35)/10', () => {
  const u = base({ direction: 'UNDER', edge: -6 });
  assert.equal(ev('b2b_fatigue_under', u, supp({ rest_days: 1, minutes_avg_season: 35 }))?.strength, 0.5);
  assert.ok(
    Math.abs(ev('b2b_fatigue_under', u, supp({ rest_days: 1, minutes_avg_season: 38 }))!.strength - 0.8) <
      1e-9,
  );
  assert.equal(ev('b2b_fatigue_under', u, supp({ rest_days: 1, minutes_avg_season: 34.9 })), null);
  assert.equal(ev('b2b_fatigue_under', u, supp({ rest_days: 2, minutes_avg_season: 38 })), null);
  assert.equal(ev('b2b_fatigue_under', u, supp({ rest_days: null, minutes_avg_season: 38 })), null);
  // direction: never on an OVER
  assert.equal(
    evaluateSignals(base(), supp({ rest_days: 1, minutes_avg_season: 38 }), cfg).some(
      (s) => s.tag === 'b2b_fatigue_under',
    ),
    false,
  );
});

test('rest_advantage_2d: week 15, rest 2, opponent rest 1', () => {
  const s = supp({ season_week: 15, rest_days: 3, opp_rest_days: 1 });
  assert.ok(Math.abs(ev('rest_advantage_2d', base(), s)!.strength - 0.85) < 1e-9);
  assert.equal(ev('rest_advantage_2d', base(), { ...s, season_week: 16 }), null);
  assert.equal(ev('rest_advantage_2d', base(), { ...s, rest_days: 1 }), null);
  assert.equal(ev('rest_advantage_2d', base(), { ...s, opp_rest_days: 2 }), null);
  assert.equal(ev('rest_advantage_2d', base(), { ...s, opp_rest_days: null }), null);
  assert.equal(ev('rest_advantage_2d', base(), { ...s, season_week: null }), null);
});

test('bench_under signal: non-starters only; null starter does not qualify; proxy source kept', () => {
  const u = base({ direction: 'UNDER', edge: -6, line: 14.5 });
  assert.deepEqual(ev('bench_under', u, supp({ starter: false, starter_source: 'proxy_top5_minutes' })), {
    strength: 0.85,
    metadata: { starter_source: 'proxy_top5_minutes' },
  });
  assert.equal(ev('bench_under', u, supp({ starter: true })), null);
  assert.equal(ev('bench_under', u, supp({ starter: null, starter_source: null })), null);
});

test('prop_line_drop_over: delta −2.0 vs −1.9', () => {
  assert.equal(ev('prop_line_drop_over', base(), supp({ line_delta: -2 }))?.strength, 0.85);
  assert.ok(Math.abs(ev('prop_line_drop_over', base(), supp({ line_delta: -3 }))!.strength - 0.9) < 1e-9);
  assert.equal(ev('prop_line_drop_over', base(), supp({ line_delta: -1.9 })), null);
  assert.equal(ev('prop_line_drop_over', base(), supp({ line_delta: null })), null);
});

test('book_disagreement: std 1.5 and 5 books; strength capped at 0.95', () => {
  assert.equal(ev('book_disagreement', base(), supp({ line_std: 1.5, book_count: 5 }))?.strength, 0.85);
  assert.equal(ev('book_disagreement', base(), supp({ line_std: 1.49, book_count: 5 })), null);
  assert.equal(ev('book_disagreement', base(), supp({ line_std: 2, book_count: 4 })), null);
  assert.equal(ev('book_disagreement', base(), supp({ line_std: 3, book_count: 6 }))?.strength, 0.95);
  assert.equal(ev('book_disagreement', base(), supp({ line_std: null, book_count: 1 })), null);
});

test('model_consensus: 3 agreeing models in the pick direction', () => {
  assert.ok(
    Math.abs(
      ev('model_consensus', base({ model_agreement_count: 4, majority_direction: 'OVER' }))!.strength - 0.7,
    ) < 1e-9,
  );
  assert.equal(ev('model_consensus', base({ model_agreement_count: 2 })), null);
  assert.equal(ev('model_consensus', base({ model_agreement_count: 3, majority_direction: 'UNDER' })), null);
});

test('real_signal_count: high_edge never counts; the two minutes-surge combos count once', () => {
  const s = supp({ minutes_surge: 4, minutes_avg_last_3: 34, line_std: 1.6, book_count: 6 });
  const sigs = evaluateSignals(base({ edge: 6.1, confidence: 0.72 }), s, cfg);
  assert.deepEqual(
    sigs.map((x) => x.tag),
    ['high_edge', 'combo_he_ms', 'combo_3way', 'book_disagreement'],
  );
  assert.equal(realSignalCount(sigs), 2);
  assert.equal(realSignalCount(sigs.filter((x) => x.tag === 'high_edge')), 0);
});
