import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  americanToDecimal,
  BREAK_EVEN_110,
  decimalToAmerican,
  expectedValue,
  fractionalKelly,
  impliedProbability,
  kellyFraction,
  noVigProbabilities,
  overround,
  unitsWon,
} from '../../src/domain/odds.ts';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≈ ${b}`);
const american = fc.oneof(fc.integer({ min: -2000, max: -100 }), fc.integer({ min: 100, max: 2000 }));

test('spec 05 §14 B: fanduel −105 at p 0.55 → EV +0.0738, f* 0.0775', () => {
  close(americanToDecimal(-105), 1.952381, 1e-6);
  assert.equal(Math.round(expectedValue(0.55, -105) * 10000) / 10000, 0.0738);
  assert.equal(Math.round(kellyFraction(0.55, -105) * 10000) / 10000, 0.0775);
  assert.equal(Math.round(fractionalKelly(0.55, -105, 0.25, 0.02) * 10000) / 10000, 0.0194);
});

test('worked examples: −110/−110 has a 4.76% overround and a 52.38% break-even', () => {
  close(impliedProbability(-110), 110 / 210);
  close(overround(-110, -110), 220 / 210 - 1);
  assert.equal(Math.round(overround(-110, -110) * 10000) / 100, 4.76);
  assert.equal(Math.round(BREAK_EVEN_110 * 10000) / 100, 52.38);
  assert.deepEqual(noVigProbabilities(-110, -110), [0.5, 0.5]);
  close(impliedProbability(150), 0.4);
  close(americanToDecimal(-110), 1 + 100 / 110);
  close(americanToDecimal(150), 2.5);
  close(expectedValue(BREAK_EVEN_110, -110), 0);
});

test('−130/+110: implied 56.52% + 47.62%, no-vig 54.27% / 45.73%', () => {
  const [a, b] = noVigProbabilities(-130, 110);
  close(a, 130 / 230 / (130 / 230 + 100 / 210));
  assert.equal(Math.round(a * 10000) / 100, 54.27);
  assert.equal(Math.round(overround(-130, 110) * 10000) / 100, 4.14);
  close(a + b, 1);
});

test('property: no-vig probabilities of a pair sum to 1 and keep their order', () => {
  fc.assert(
    fc.property(american, american, (x, y) => {
      const [a, b] = noVigProbabilities(x, y);
      close(a + b, 1, 1e-12);
      if (impliedProbability(x) > impliedProbability(y)) assert.ok(a > b);
    }),
  );
});

test('property: American → decimal → American round-trips', () => {
  fc.assert(
    fc.property(american, (x) => {
      const back = decimalToAmerican(americanToDecimal(x));
      // −100 and +100 are the same even price.
      close(Math.abs(x) === 100 ? 100 : x, Math.abs(back) === 100 ? 100 : back, 1e-9);
    }),
  );
});

test('property: Kelly is 0 exactly when EV ≤ 0, positive otherwise, and capped', () => {
  fc.assert(
    fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), american, (p, x) => {
      const ev = expectedValue(p, x);
      const k = kellyFraction(p, x);
      if (ev <= 0) assert.equal(k, 0);
      else assert.ok(k > 0);
      assert.ok(fractionalKelly(p, x, 0.25, 0.03) <= 0.03);
    }),
  );
  // 55% at −110: f* = (0.9091·0.55 − 0.45)/0.9091 = 0.055; quarter = 0.01375.
  close(kellyFraction(0.55, -110), (0.55 * (100 / 110) - 0.45) / (100 / 110));
  close(fractionalKelly(0.55, -110, 0.25, 1), 0.25 * 0.055, 1e-12);
});

test('units of a one-unit bet', () => {
  close(unitsWon('WIN', -110), 100 / 110);
  close(unitsWon('WIN', 150), 1.5);
  assert.equal(unitsWon('LOSS', -110), -1);
  assert.equal(unitsWon('PUSH', -110), 0);
  assert.equal(unitsWon('VOID', 120), 0);
});

test('invalid prices are refused', () => {
  assert.throws(() => impliedProbability(50), /not an American price/);
  assert.throws(() => impliedProbability(0), /not an American price/);
  assert.throws(() => decimalToAmerican(1), /above 1/);
});
