import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type PricingConfig, priceCandidate } from '../../src/bestbets/pricing.ts';
import {
  combineProbability,
  IDENTITY_CALIBRATION,
  logit,
  noVigOver,
  type ProbabilityCalibration,
  pOverConditional,
  scorePrediction,
  sigmoid,
  spreadAt,
} from '../../src/domain/model-bundle.ts';
import { fitCalibration } from '../../src/models/calibration/combine.ts';
import { probabilityReport } from '../../src/models/calibration/measure.ts';
import { fitSpread } from '../../src/models/calibration/spread.ts';
import { rng } from './fixture.ts';

const near = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) <= eps, `${a} vs ${b}`);
const cal = (a: number, b: number, c: number, ma = 0, mc = 1): ProbabilityCalibration => ({
  market: { a, b, c, n: 100 },
  model: { a: ma, c: mc, n: 100 },
  fitted_through: '2025-11-05',
});

test('combination: hand-computed examples', () => {
  // σ(0.1 + 0.8·logit 0.6 + 0.3·logit 0.7) = σ(0.1 + 0.8·0.405465 + 0.3·0.847298) = σ(0.678561)
  near(combineProbability(cal(0.1, 0.8, 0.3), 0.6, 0.7), 0.663417551154873, 1e-12);
  // No market price: the model-only map σ(−0.05 + 0.5·logit 0.7)
  near(combineProbability(cal(0.1, 0.8, 0.3, -0.05, 0.5), null, 0.7), 0.592340393481194, 1e-12);
  // (0, 1, 0) with a price gives the market; the model-only identity gives the model.
  near(combineProbability(IDENTITY_CALIBRATION, 0.47, 0.8), 0.47, 1e-12);
  near(combineProbability(IDENTITY_CALIBRATION, null, 0.8), 0.8, 1e-12);
  // No-vig of −110/−110 is 0.5; of −120/+100: 0.545454/(0.545454 + 0.5) = 0.521739.
  near(noVigOver(-110, -110) as number, 0.5, 1e-12);
  near(noVigOver(-120, 100) as number, 0.6 / 1.15, 1e-9);
  assert.equal(noVigOver(-110, null), null);
});

test('property: with (a, b, c) = (0, 1, 0) p_final equals the market probability', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (pm, pmod) => {
        near(combineProbability(cal(0, 1, 0), pm, pmod), pm, 1e-12);
      },
    ),
  );
});

test('property: calibration maps are monotone in both probabilities (b, c ≥ 0)', () => {
  const p = fc.double({ min: 0.001, max: 0.999, noNaN: true });
  const coef = fc.double({ min: 0, max: 3, noNaN: true });
  fc.assert(
    fc.property(fc.double({ min: -2, max: 2, noNaN: true }), coef, coef, p, p, p, (a, b, c, pm, x, y) => {
      const [lo, hi] = x <= y ? [x, y] : [y, x];
      const k = cal(a, b, c, a, c);
      assert.ok(combineProbability(k, pm, lo) <= combineProbability(k, pm, hi) + 1e-15);
      assert.ok(combineProbability(k, lo, pm) <= combineProbability(k, hi, pm) + 1e-15);
      assert.ok(combineProbability(k, null, lo) <= combineProbability(k, null, hi) + 1e-15);
    }),
  );
  // Fitted maps keep b, c ≥ 0 even when the data say the model points the wrong way.
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 5, max: 300 }), (seed, n) => {
      const r = rng(seed);
      const rows = Array.from({ length: n }, (_, i) => {
        const pm = 0.3 + 0.4 * r();
        const pmod = 0.1 + 0.8 * r();
        // Outcome anti-correlated with the model: an unconstrained fit would make c < 0.
        const y: 0 | 1 = r() < 1 - pmod ? 1 : 0;
        return {
          game_date: `2025-11-${String(1 + (i % 5)).padStart(2, '0')}`,
          p_market: pm,
          p_model: pmod,
          y,
        };
      });
      const f = fitCalibration(rows, { prior: 1, trainEnd: '2025-11-05' });
      assert.ok(f.market.b >= 0 && f.market.c >= 0 && f.model.c >= 0, JSON.stringify(f));
    }),
    { numRuns: 40 },
  );
});

test('fit: no rows gives the identity; a strong prior stays at (0, 1, 0); many rows recover the truth', () => {
  assert.deepEqual(fitCalibration([], { prior: 10, trainEnd: '2025-11-05' }), IDENTITY_CALIBRATION);
  const r = rng(7);
  const rows = Array.from({ length: 20_000 }, () => {
    const pm = 0.25 + 0.5 * r();
    const pmod = 0.15 + 0.7 * r();
    const p = sigmoid(0.2 + 0.5 * logit(pm) + 0.9 * logit(pmod));
    return { game_date: '2025-11-01', p_market: pm, p_model: pmod, y: (r() < p ? 1 : 0) as 0 | 1 };
  });
  const strong = fitCalibration(rows.slice(0, 50), { prior: 1e7, trainEnd: '2025-11-05' });
  near(strong.market.a, 0, 1e-4);
  near(strong.market.b, 1, 1e-4);
  near(strong.market.c, 0, 1e-4);
  const f = fitCalibration(rows, { prior: 1, trainEnd: '2025-11-05' });
  assert.equal(f.market.n, 20_000);
  near(f.market.a, 0.2, 0.08);
  near(f.market.b, 0.5, 0.15);
  near(f.market.c, 0.9, 0.1);
  assert.equal(f.fitted_through, '2025-11-01');
  // Shrinkage: with few rows the coefficients sit between the truth and (0, 1, 0).
  const few = fitCalibration(rows.slice(0, 200), { prior: 30, trainEnd: '2025-11-05' });
  assert.ok(few.market.b > 0.5 && few.market.c < 0.9, JSON.stringify(few.market));
});

test('fit: rows dated after the train end are never read', () => {
  const r = rng(3);
  const mk = (date: string) => ({
    game_date: date,
    p_market: 0.3 + 0.4 * r(),
    p_model: r(),
    y: (r() < 0.5 ? 1 : 0) as 0 | 1,
  });
  const before = Array.from({ length: 300 }, (_, i) =>
    mk(`2025-10-${String(20 + (i % 10)).padStart(2, '0')}`),
  );
  const after = Array.from({ length: 300 }, () => mk('2025-10-30'));
  const a = fitCalibration(before, { prior: 5, trainEnd: '2025-10-29' });
  const b = fitCalibration([...before, ...after], { prior: 5, trainEnd: '2025-10-29' });
  assert.deepEqual(b, a);
  assert.equal(a.fitted_through, '2025-10-29');
});

test('conditional spread: hand-computed example', () => {
  // |r| = 2, 4, 6 at predicted 10, 20, 30: slope 0.2, intercept 0, floor 0.25·4 = 1.
  const s = fitSpread([10, 20, 30], [-2, 4, -6]);
  near(s.slope, 0.2, 1e-12);
  near(s.intercept, 0, 1e-12);
  near(s.floor, 1, 1e-12);
  near(spreadAt(s, 20), 4, 1e-12);
  near(spreadAt(s, 0), 1, 1e-12);
  // z = −1, 1, −1: quantile k is −1 up to level 100, then −1 + 2·(k/100 − 1).
  near(s.z_quantiles[0], -1, 1e-12);
  near(s.z_quantiles[150], 0, 1e-12);
  near(s.z_quantiles[200], 1, 1e-12);
  // predicted 20, line 21.5: x = 1.5/4 = 0.375, F_z(0.375) = 168.75/200 ⇒ p_over = 0.15625.
  near(pOverConditional(s, 20, 21.5), 0.15625, 1e-12);
  // The same edge on a bench player (predicted 10, scale 2) is a bigger share of his spread:
  // x = 1.5/2 = 0.75, F_z = 187.5/200 ⇒ p_over 0.0625.
  near(pOverConditional(s, 10, 11.5), 0.0625, 1e-12);
  // A whole line drops the push mass: predicted 20, line 22: over = 1 − F(2.5/4), under = F(1.5/4).
  const over = 1 - (100 + (1 + 0.625) * 50) / 200;
  const under = (100 + (1 + 0.375) * 50) / 200;
  near(pOverConditional(s, 20, 22), over / (over + under), 1e-12);
});

test('scorePrediction: p_model, p_final and p_over with and without a calibration', () => {
  const s = fitSpread([10, 20, 30], [-2, 4, -6]);
  const plain = scorePrediction({ raw: 20, residualQuantiles: [0], minEdge: 3, spread: s }, 21.5);
  assert.equal(plain.p_model, 0.1563);
  assert.equal(plain.p_final, 0.1563);
  assert.equal(plain.p_over, 0.1563);
  const k = cal(0, 1, 0);
  const withMarket = scorePrediction(
    { raw: 20, residualQuantiles: [0], minEdge: 3, spread: s, calibration: k, pMarket: 0.48 },
    21.5,
  );
  assert.equal(withMarket.p_model, 0.1563);
  assert.equal(withMarket.p_final, 0.48);
  assert.equal(withMarket.p_over, 0.48);
  assert.equal(withMarket.confidence, 0.52);
  const none = scorePrediction({ raw: 20, residualQuantiles: [0], minEdge: 3, calibration: k }, null);
  assert.equal(none.p_final, null);
  assert.equal(none.p_model, null);
});

test('Kelly is 0 when EV at p_final ≤ 0', () => {
  const cfg: PricingConfig = {
    kellyFraction: 0.25,
    maxStakePct: 0.02,
    assumedAmericanPrice: -110,
  } as PricingConfig;
  const rows = [
    {
      book: 'draftkings',
      line: 24.5,
      over_price: -110,
      under_price: -110,
      captured_at: '2025-11-01T17:00:00Z',
    },
  ] as any[];
  // The model alone says 0.62 (EV +18%); the market-aware p_final is 0.51: EV = 0.51·1.9091 − 1 < 0.
  const k = cal(0, 1, 0.05);
  const pFinal = combineProbability(k, noVigOver(-110, -110), 0.62);
  assert.ok(pFinal < 0.52);
  const priced = priceCandidate(
    rows,
    { line: 24.5, direction: 'OVER', p_over: pFinal, book: 'draftkings' },
    cfg,
  );
  assert.ok(priced.ev <= 0);
  assert.equal(priced.kelly_full, 0);
  assert.equal(priced.stake_pct, 0);
  fc.assert(
    fc.property(
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (pm, pmod) => {
        const p = combineProbability(cal(0.05, 0.9, 0.2), pm, pmod);
        for (const direction of ['OVER', 'UNDER'] as const) {
          const x = priceCandidate(rows, { line: 24.5, direction, p_over: p, book: null }, cfg);
          if (x.ev <= 0) assert.equal(x.kelly_full, 0);
        }
      },
    ),
  );
});

test('probabilityReport: p_model, p_final and the market on the same priced rows', () => {
  const base = { game_date: '2025-11-01', predicted: 20, line: 19.5, over_price: -110, under_price: -110 };
  const rows = [
    { ...base, actual: 25, p_model: 0.8, p_final: 0.6 },
    { ...base, actual: 10, p_model: 0.8, p_final: 0.6 },
    { ...base, actual: 10, p_model: 0.3, p_final: 0.45 },
    // No prices: counted apart, scored nowhere.
    { ...base, actual: 10, p_model: 0.3, p_final: 0.45, over_price: null },
    // Void.
    { ...base, actual: null, void: true, p_model: 0.3, p_final: 0.45 },
  ];
  const r = probabilityReport(rows);
  assert.equal(r.n, 3);
  assert.equal(r.n_unpriced, 1);
  // Market p = 0.5 on every row: log loss ln 2.
  near(r.market_log_loss as number, Math.LN2, 1e-4);
  // p_model: −(ln 0.8 + ln 0.2 + ln 0.7)/3 = (0.2231 + 1.6094 + 0.3567)/3 = 0.7298
  near(r.p_model.log_loss as number, 0.7298, 1e-4);
  // p_final: −(ln 0.6 + ln 0.4 + ln 0.55)/3 = (0.5108 + 0.9163 + 0.5978)/3 = 0.6750
  near(r.p_final.log_loss as number, 0.675, 1e-4);
  // ECE of p_model: bin 8 (p 0.8, obs 0.5) weight 2/3, bin 3 (p 0.3, obs 0) weight 1/3 ⇒ 0.2 + 0.1.
  near(r.p_model.ece as number, 0.3, 1e-4);
  assert.deepEqual(
    r.p_model.reliability.map((b) => [b.bin, b.n]),
    [
      [3, 1],
      [8, 2],
    ],
  );
});
