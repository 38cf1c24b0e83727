import assert from 'node:assert/strict';
import { test } from 'node:test';
import { continuousMedian, negBinCdfTable, probToAmerican } from '../../../src/sources/simulator/dist.ts';
import { Rng } from '../../../src/sources/simulator/rng.ts';

test('rng: same seed and label give the same stream; forks are independent', () => {
  const a = new Rng(42).fork('x');
  const b = new Rng(42).fork('x');
  const c = new Rng(42).fork('y');
  const sa = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    sa,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.notDeepEqual(
    sa,
    Array.from({ length: 5 }, () => c.next()),
  );
  for (const v of sa) assert.ok(v >= 0 && v < 1);
});

test('rng: distributions have their means', () => {
  const r = new Rng(7);
  const n = 20000;
  let g = 0;
  let p = 0;
  let geo = 0;
  let norm = 0;
  for (let i = 0; i < n; i++) {
    g += r.gamma(8, 1 / 8);
    p += r.poisson(12);
    geo += r.geometric(5);
    norm += r.normal(3, 2);
  }
  assert.ok(Math.abs(g / n - 1) < 0.01, `gamma mean ${g / n}`);
  assert.ok(Math.abs(p / n - 12) < 0.1, `poisson mean ${p / n}`);
  assert.ok(Math.abs(geo / n - 5) < 0.15, `geometric mean ${geo / n}`);
  assert.ok(Math.abs(norm / n - 3) < 0.05, `normal mean ${norm / n}`);
});

test('negative binomial: cdf and the continuous median', () => {
  // mu = 2, k = 1 is geometric: P(0) = 1/3, P(≤1) = 1/3 + 2/9 = 5/9.
  const cdf = negBinCdfTable(2, 1, 3);
  assert.ok(Math.abs(cdf[0] - 1 / 3) < 1e-12);
  assert.ok(Math.abs(cdf[1] - 5 / 9) < 1e-12);
  // Median inside x = 1: 1 − ½ + (½ − 1/3) / (2/9) = 1.25.
  assert.ok(Math.abs(continuousMedian(2, 1) - 1.25) < 1e-12);
  // A right-skewed distribution has its median below its mean.
  assert.ok(continuousMedian(20, 8) < 20);
  assert.equal(probToAmerican(0.5), -100);
  assert.equal(probToAmerican(0.5238), -110);
  assert.equal(probToAmerican(0.4), 150);
});
