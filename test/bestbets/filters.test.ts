import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  FILTER_KEYS,
  type FilterSubject,
  firstFailingFilter,
  matchedComboId,
  summarizeFilters,
} from '../../src/bestbets/filters.ts';
import type { Pricing } from '../../src/bestbets/pricing.ts';
import { configSchema } from '../../src/config/schema.ts';
import { base, engine, supp } from './fixtures.ts';

const pricing = (ev: number): Pricing => ({
  best_book: 'dk',
  best_price: -110,
  priced_at: null,
  price_source: 'market',
  decimal: 1.9091,
  fair_prob: 0.5,
  p_direction: 0.6,
  ev,
  kelly_full: 0.1,
  stake_pct: 0.02,
  books_quoting: 1,
});

function subject(over: Partial<FilterSubject> = {}): FilterSubject {
  return {
    base: base(),
    supplements: supp(),
    signals: [],
    real_signal_count: 0,
    pricing: pricing(0.05),
    ...over,
  };
}
const ctx = (over: Record<string, any> = {}, blacklist: number[] = []) => ({
  cfg: engine(over).bestbets,
  blacklist: new Set(blacklist),
});
const under = (o: Partial<ReturnType<typeof base>> = {}) =>
  base({ direction: 'UNDER', edge: -6, line: 20.5, ...o });
const antiCombo = [
  { id: 'anti1', signals: ['book_disagreement'], classification: 'ANTI_PATTERN', direction: 'ANY' },
];
const bookSig = [{ tag: 'book_disagreement', strength: 0.85, metadata: {} }];

test('a clean candidate passes', () => {
  assert.equal(firstFailingFilter(subject(), ctx()), 'passed');
});

test('each filter at both sides of its threshold', () => {
  const f = (s: FilterSubject, c = ctx()) => firstFailingFilter(s, c);
  assert.equal(f(subject(), ctx({}, [1])), 'blacklist');
  assert.equal(f(subject({ base: base({ edge: 4.99 }) })), 'edge_floor');
  assert.equal(f(subject({ base: base({ edge: 5 }) })), 'passed');
  assert.equal(f(subject({ base: under({ edge: -7, family: 'v9' }) })), 'under_edge_7plus');
  assert.equal(f(subject({ base: under({ edge: -6.99, family: 'v9' }) })), 'passed');
  assert.equal(f(subject({ base: under({ edge: -7.4, family: 'v12_noveg' }) })), 'passed'); // exempt prefix
  assert.equal(f(subject({ base: base({ edge: 9, family: 'v9' }) })), 'passed'); // OVERs never
  assert.equal(f(subject({ supplements: supp({ games_vs_opponent: 6 }) })), 'familiar_matchup');
  assert.equal(f(subject({ supplements: supp({ games_vs_opponent: 5 }) })), 'passed');
  assert.equal(f(subject({ base: base({ quality_score: 84.9 }) })), 'quality_floor');
  assert.equal(f(subject({ base: base({ quality_score: 85 }) })), 'passed');
  assert.equal(f(subject({ base: base({ quality_score: null as any }) })), 'quality_floor'); // missing = 0
  assert.equal(f(subject({ base: under({ line: 11.5 }) })), 'bench_under');
  assert.equal(f(subject({ base: under({ line: 12 }) })), 'passed');
  assert.equal(f(subject({ base: base({ line: 10.5 }) })), 'passed'); // OVERs never
  assert.equal(f(subject({ base: under(), supplements: supp({ line_delta: 2 }) })), 'line_jumped_under');
  assert.equal(f(subject({ base: under(), supplements: supp({ line_delta: 1.9 }) })), 'passed');
  assert.equal(f(subject({ base: under(), supplements: supp({ line_delta: -2 }) })), 'line_dropped_under');
  assert.equal(f(subject({ base: under(), supplements: supp({ line_delta: -1.9 }) })), 'passed');
  assert.equal(f(subject({ base: under(), supplements: supp({ line_delta: null }) })), 'passed'); // null never fires
  assert.equal(f(subject({ base: base(), supplements: supp({ line_delta: 3 }) })), 'passed');
  assert.equal(f(subject({ base: under(), supplements: supp({ neg_pm_streak: 3 }) })), 'neg_pm_streak');
  assert.equal(f(subject({ base: under(), supplements: supp({ neg_pm_streak: 2 }) })), 'passed');
  assert.equal(f(subject({ real_signal_count: 0 }), ctx({ filters: { minSignals: 1 } })), 'min_signals');
  assert.equal(f(subject({ real_signal_count: 1 }), ctx({ filters: { minSignals: 1 } })), 'passed');
  assert.equal(f(subject({ real_signal_count: 1 }), ctx({ filters: { minSignals: 2 } })), 'min_signals');
  assert.equal(f(subject({ pricing: pricing(-0.0001) })), 'negative_ev');
  assert.equal(f(subject({ pricing: pricing(0) })), 'passed');
  assert.equal(f(subject({ signals: bookSig }), ctx({ combos: antiCombo })), 'anti_pattern');
  assert.equal(f(subject({ signals: [] }), ctx({ combos: antiCombo })), 'passed');
  const overOnly = [{ ...antiCombo[0], direction: 'UNDER' }];
  assert.equal(f(subject({ signals: bookSig }), ctx({ combos: overOnly })), 'passed'); // direction must match
});

test('filter order: a candidate failing every filter is rejected by the first, counted once', () => {
  const worst = (): FilterSubject => ({
    base: under({ edge: -4, line: 10.5, family: 'v9', quality_score: 10 }),
    supplements: supp({ games_vs_opponent: 9, line_delta: 3, neg_pm_streak: 5 }),
    signals: bookSig,
    real_signal_count: 0,
    pricing: pricing(-0.1),
  });
  // Remove the causes one by one, in order: each step exposes the next key.
  const c = (bl: number[]) => ctx({ combos: antiCombo, filters: { minSignals: 1 } }, bl);
  const steps: Array<[string, (s: FilterSubject) => void, number[]]> = [
    ['blacklist', () => {}, [1]],
    ['edge_floor', () => {}, []],
    [
      'under_edge_7plus',
      (s) => {
        s.base.edge = -7.5;
      },
      [],
    ],
    [
      'familiar_matchup',
      (s) => {
        s.base.family = 'v12';
      },
      [],
    ],
    [
      'quality_floor',
      (s) => {
        s.supplements.games_vs_opponent = 0;
      },
      [],
    ],
    [
      'bench_under',
      (s) => {
        s.base.quality_score = 90;
      },
      [],
    ],
    [
      'line_jumped_under',
      (s) => {
        s.base.line = 20.5;
      },
      [],
    ],
    [
      'line_dropped_under',
      (s) => {
        s.supplements.line_delta = -3;
      },
      [],
    ],
    [
      'neg_pm_streak',
      (s) => {
        s.supplements.line_delta = 0;
      },
      [],
    ],
    [
      'min_signals',
      (s) => {
        s.supplements.neg_pm_streak = 0;
      },
      [],
    ],
    [
      'negative_ev',
      (s) => {
        s.real_signal_count = 1;
      },
      [],
    ],
    [
      'anti_pattern',
      (s) => {
        s.pricing = pricing(0.02);
      },
      [],
    ],
    [
      'passed',
      (s) => {
        s.signals = [];
      },
      [],
    ],
  ];
  const s = worst();
  const results: string[] = [];
  for (const [expected, fix, bl] of steps) {
    fix(s);
    const r = firstFailingFilter(s, c(bl));
    assert.equal(r, expected);
    results.push(r);
  }
  const summary = summarizeFilters(results as any);
  assert.equal(summary.total_candidates, 13);
  assert.equal(summary.passed, 1);
  for (const k of FILTER_KEYS) assert.equal(summary.rejected[k], 1, k);
});

test('filter_summary: all 12 keys on an empty slate, and the Σ check', () => {
  const empty = summarizeFilters([]);
  assert.deepEqual(empty, {
    total_candidates: 0,
    passed: 0,
    rejected: Object.fromEntries(FILTER_KEYS.map((k) => [k, 0])),
  });
  assert.deepEqual(Object.keys(empty.rejected), [...FILTER_KEYS]);
  assert.throws(() => summarizeFilters(['bogus' as any]), /mismatch/);
});

test('matched_combo_id: the non-anti combo with most signals, ties to the smaller id', () => {
  const cfg = engine({
    combos: [
      { id: 'b', signals: ['combo_he_ms'], classification: 'SYNERGISTIC' },
      { id: 'a', signals: ['book_disagreement'], classification: 'NEUTRAL' },
      { id: 'z', signals: ['combo_he_ms', 'book_disagreement'], classification: 'ANTI_PATTERN' },
    ],
  }).bestbets;
  const sigs = [
    { tag: 'combo_he_ms', strength: 0.85, metadata: {} },
    { tag: 'book_disagreement', strength: 0.85, metadata: {} },
  ];
  assert.equal(matchedComboId(sigs, 'OVER', cfg), 'a');
  assert.equal(matchedComboId([], 'OVER', cfg), null);
});

test('config refuses an ANTI_PATTERN combo with high_edge and unknown tags', () => {
  const bad = (combos: unknown) => configSchema.safeParse({ bestbets: { combos } });
  const r1 = bad([{ id: 'x', signals: ['high_edge', 'bench_under'], classification: 'ANTI_PATTERN' }]);
  assert.equal(r1.success, false);
  assert.match(JSON.stringify(r1.error?.issues), /high_edge/);
  const r2 = bad([{ id: 'y', signals: ['no_such_tag'], classification: 'NEUTRAL' }]);
  assert.equal(r2.success, false);
  assert.match(JSON.stringify(r2.error?.issues), /unknown signal tag no_such_tag/);
  assert.equal(bad([{ id: 'ok', signals: ['high_edge'], classification: 'SYNERGISTIC' }]).success, true);
});

test('min_signals: a high_edge-only candidate is rejected; the two minutes-surge combos count once', async () => {
  const { evaluateSignals, realSignalCount } = await import('../../src/bestbets/signals/registry.ts');
  const cfg1 = ctx({ filters: { minSignals: 1 } });
  const cfg2 = ctx({ filters: { minSignals: 2 } });
  const run = (s: ReturnType<typeof supp>, c: ReturnType<typeof ctx>) => {
    const signals = evaluateSignals(base({ edge: 6.1, confidence: 0.72 }), s, c.cfg);
    return {
      tags: signals.map((x) => x.tag),
      result: firstFailingFilter(
        subject({ signals, real_signal_count: realSignalCount(signals), supplements: s }),
        c,
      ),
    };
  };
  assert.deepEqual(run(supp(), cfg1), { tags: ['high_edge'], result: 'min_signals' });
  const surge = supp({ minutes_surge: 4, minutes_avg_last_3: 34 });
  assert.deepEqual(run(surge, cfg1), { tags: ['high_edge', 'combo_he_ms', 'combo_3way'], result: 'passed' });
  assert.equal(run(surge, cfg2).result, 'min_signals'); // two combos, one group
  assert.equal(run({ ...surge, line_std: 1.6, book_count: 5 }, cfg2).result, 'passed');
});
