import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { selectKth, weightedQuantile } from '../../src/gbdt/losses.ts';

test('selectKth returns what a sort puts at k, duplicates and negatives included', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 300 }),
      fc.nat(),
      (xs, kk) => {
        const k = kk % xs.length;
        const sorted = Float64Array.from(xs).sort();
        const work = Float64Array.from(xs);
        assert.equal(selectKth(work, xs.length, k), sorted[k]);
        // only the prefix is reordered, as a permutation
        assert.deepEqual(
          Array.from(work).sort((a, b) => a - b),
          Array.from(sorted),
        );
      },
    ),
  );
});

test('unweighted quantile leaf: the ceil(αn)-th smallest residual', () => {
  // sorted: −5 −2 0 1 3 3 4 7 9 12. α = 0.45 ⇒ ceil(4.5) = 5th smallest = 3; α = 0.5 ⇒ the 5th as
  // well (the 1e−12 shave keeps an exact αn on its own rank); α = 0.51 ⇒ 6th = 3; α = 0.61 ⇒ 7th = 4
  const r = [9, -2, 4, 3, 7, 1, 0, 3, 12, -5];
  assert.equal(weightedQuantile(Float64Array.from(r), null, 0.45, 10), 3);
  assert.equal(weightedQuantile(Float64Array.from(r), null, 0.5, 10), 3);
  assert.equal(weightedQuantile(Float64Array.from(r), null, 0.51, 10), 3);
  assert.equal(weightedQuantile(Float64Array.from(r), null, 0.61, 10), 4);
  assert.equal(weightedQuantile(Float64Array.from(r), null, 0.01, 10), -5);
  assert.equal(weightedQuantile(Float64Array.from(r), null, 1, 10), 12);
});
