import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AnglePick, buildAngles, publicAngles } from '../../src/bestbets/angles.ts';
import { priceCandidate } from '../../src/bestbets/pricing.ts';
import type { UltraHistoryRow } from '../../src/bestbets/types.ts';
import { ultraCriteria, ultraGate } from '../../src/bestbets/ultra.ts';
import { D, engine, line } from './fixtures.ts';

const cfg = engine().bestbets;
const pcfg = cfg.pricing;
const bookRows = [
  line({ book: 'draftkings', line: 24.5, over_price: -110, under_price: -110 }),
  line({ book: 'fanduel', line: 24.5, over_price: -105, under_price: -115 }),
  line({ book: 'betmgm', line: 24.5, over_price: -115, under_price: -105 }),
];

function pick(over: Partial<AnglePick> = {}): AnglePick {
  return {
    direction: 'OVER',
    predicted: 30.6,
    line: 24.5,
    edge: 6.1,
    pricing: priceCandidate(
      bookRows,
      { line: 24.5, direction: 'OVER', p_over: 0.55, book: 'draftkings' },
      pcfg,
    ),
    model_agreement_count: 1,
    majority_direction: 'OVER',
    models_predicting: 1,
    avg_edge_agreeing: 6.1,
    signals: [],
    ultra_criteria: [],
    direction_conflict: false,
    n_over_eligible: 1,
    n_under_eligible: 0,
    contributions: [],
    ...over,
  };
}
const ctx = (over: Record<string, any> = {}) => ({
  cfg,
  signalHealth: {},
  directionHealth: undefined,
  breakEvenHr: 52.4,
  ...over,
});

test('conviction and pricing angles (worked example B)', () => {
  const { angles, warnings } = buildAngles(pick(), ctx());
  assert.deepEqual(angles, [
    'Model projects 30.6 pts vs a 24.5 line: 6.1 pts above',
    'Best price -105 at fanduel: 7.4% expected value (model 55.0% vs fair 50.0%)',
  ]);
  assert.deepEqual(warnings, []);
  const under = buildAngles(pick({ direction: 'UNDER', predicted: 18.4, edge: -6.1 }), ctx()).angles[0];
  assert.equal(under, 'Model projects 18.4 pts vs a 24.5 line: 6.1 pts below');
});

test('assumed price and missing fair probability', () => {
  const assumed = priceCandidate([], { line: 24.5, direction: 'OVER', p_over: 0.6, book: 'x' }, pcfg);
  assert.equal(
    buildAngles(pick({ pricing: assumed }), ctx()).angles[1],
    'No current price at 24.5; valued at -110: 14.5% expected value',
  );
  const oneSided = priceCandidate(
    [line({ line: 24.5, over_price: 120, under_price: null })],
    { line: 24.5, direction: 'OVER', p_over: 0.5, book: 'x' },
    pcfg,
  );
  assert.equal(
    buildAngles(pick({ pricing: oneSided }), ctx()).angles[1],
    'Best price +120 at draftkings: 10.0% expected value',
  );
});

test('agreement, signal angles with graded HR from signal health, drivers, warnings, truncation', () => {
  const p = pick({
    model_agreement_count: 3,
    models_predicting: 4,
    avg_edge_agreeing: 5.43,
    signals: [
      { tag: 'high_edge', strength: 0.61, metadata: { edge: 6.1 } },
      { tag: 'book_disagreement', strength: 0.85, metadata: { std: 1.62, books: 6 } },
      { tag: 'prop_line_drop_over', strength: 0.9, metadata: { delta: -3, prev: 27.5, now: 24.5 } },
    ],
    direction_conflict: true,
    n_over_eligible: 3,
    n_under_eligible: 1,
    contributions: [
      { feature: 'pts_avg_last_5', label: 'Pts avg last 5', value: 2.34 },
      { feature: 'opp_def_rating', label: 'Opp def rating', value: 0.51 },
      { feature: 'minutes_avg', label: 'Minutes avg', value: 1.2 },
      { feature: 'usage', label: 'Usage', value: -3 },
      { feature: 'tiny', label: 'Tiny', value: 0.49 },
    ],
  });
  const health = {
    book_disagreement: { n_season: 20, hr_season: 61.25 },
    prop_line_drop_over: { n_season: 19, hr_season: 70 },
  };
  const dh = { wins: 4, losses: 7, n: 11, hr: 36.36 };
  const r = buildAngles(
    p,
    ctx({
      signalHealth: health,
      directionHealth: dh,
      cfg: { ...cfg, angles: { ...cfg.angles, maxStored: 10 } },
    }),
  );
  assert.deepEqual(r.angles, [
    'Model projects 30.6 pts vs a 24.5 line: 6.1 pts above',
    'Best price -105 at fanduel: 7.4% expected value (model 55.0% vs fair 50.0%)',
    '3 of 4 models lean OVER (avg edge 5.4 pts)',
    'Line down 3.0 pts since his last game (27.5 to 24.5)', // strength 0.9 first; N 19 < 20: no HR
    'Books split: lines spread 1.6 pts across 6 books — 61.3% over 20 graded candidates this season',
    'Pts avg last 5 adds 2.3 pts',
    'Minutes avg adds 1.2 pts',
    'Caution: OVER best bets are 36.4% (4-7) over the last 14 days, under the 52.4% break-even',
    'Models split at edge 5+: 3 OVER vs 1 UNDER',
  ]);
  assert.equal(r.warnings.length, 2);
  const five = buildAngles(p, ctx({ signalHealth: health, directionHealth: dh }));
  assert.equal(five.angles.length, 5);
  assert.equal(five.warnings.length, 2); // warnings are never truncated
  // direction health below N 10 gives no warning
  assert.equal(
    buildAngles(pick(), ctx({ directionHealth: { wins: 3, losses: 6, n: 9, hr: 33.3 } })).warnings.length,
    0,
  );
  // UNDER drivers are the negative contributions
  const u = buildAngles(
    pick({ direction: 'UNDER', edge: -6.1, predicted: 18.4, contributions: p.contributions }),
    ctx({ cfg: { ...cfg, angles: { ...cfg.angles, maxStored: 10 } } }),
  );
  assert.ok(u.angles.includes('Usage takes off 3.0 pts'));
  assert.ok(!u.angles.some((a) => a.startsWith('Pts avg')));
});

const hist = (n: number, wins: number, o: Partial<UltraHistoryRow> = {}): UltraHistoryRow[] =>
  Array.from({ length: n }, (_, i) => ({
    date: '2025-11-10',
    family: 'v12',
    direction: 'OVER',
    edge: 6.5,
    ultra_tier: true,
    result: i < wins ? 'WIN' : 'LOSS',
    ...o,
  }));

test('ultra gate at 50 picks and 80.0%', () => {
  const u = cfg.ultra;
  assert.deepEqual(ultraGate(hist(50, 40), D, u), { met: true, n: 50, hr: 80, target_n: 50, target_hr: 80 });
  assert.equal(ultraGate(hist(49, 40), D, u).met, false); // N 49
  assert.equal(ultraGate(hist(50, 39), D, u).met, false); // 78.0%
  // UNDER, non-ultra, pushes and picks dated D or later never count
  const noise = [
    ...hist(5, 5, { direction: 'UNDER' }),
    ...hist(5, 5, { ultra_tier: false }),
    ...hist(5, 5, { result: 'PUSH' }),
    ...hist(5, 5, { date: D }),
  ];
  assert.equal(ultraGate([...hist(50, 40), ...noise], D, u).n, 50);
  assert.equal(ultraGate(hist(50, 40, { date: '2025-10-01' }), D, { ...u, since: '2025-11-01' }).n, 0);
});

test('ultra criteria carry their own records; the angle quotes the best graded one; public drops it while the gate is unmet', () => {
  const history = [
    ...hist(10, 8, { edge: 6.5 }),
    ...hist(10, 5, { edge: 5.2 }),
    ...hist(4, 4, { family: 'v9', edge: 8 }),
  ];
  const k = ultraCriteria({ family: 'v12_noveg', direction: 'OVER', edge: 6.2 }, history, D, cfg.ultra);
  assert.deepEqual(k, [
    { id: 'v12_edge_6plus', description: 'V12 model, edge 6+', hr: 80, n: 10 },
    { id: 'v12_over_edge_5plus', description: 'V12 model, OVER at edge 5+', hr: 65, n: 20 },
    { id: 'v12_edge_4_5plus', description: 'V12 model, edge 4.5+', hr: 65, n: 20 },
  ]);
  assert.deepEqual(ultraCriteria({ family: 'v9', direction: 'OVER', edge: 9 }, history, D, cfg.ultra), []);
  assert.deepEqual(
    ultraCriteria({ family: 'v12', direction: 'UNDER', edge: -5.5 }, history, D, cfg.ultra).map((x) => x.id),
    ['v12_edge_4_5plus'],
  );
  const angles = buildAngles(pick({ ultra_criteria: k }), ctx()).angles;
  assert.equal(angles[0], 'ULTRA: V12 model, edge 6+ — 80.0% on 10 graded ultra picks');
  assert.deepEqual(publicAngles(angles, false, 3), angles.slice(1, 3));
  assert.deepEqual(publicAngles(angles, true, 3), angles.slice(0, 3));
});
