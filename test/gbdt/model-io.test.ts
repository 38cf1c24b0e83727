import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { binColumns, computeBinMapper, NAN_BIN, radixSortF32 } from '../../src/gbdt/binning.ts';
import {
  contributions,
  deserialize,
  GbdtInputError,
  importance,
  type Model,
  predict,
  serialize,
  train,
} from '../../src/gbdt/index.ts';
import { ds, naivePredict, randomDs } from './helpers.ts';

const small = randomDs(1200, 4, 21, 0.1);
const model = train({ max_rounds: 40, max_depth: 5, learning_rate: 0.2, min_data_in_leaf: 5 }, small);

test('packed predictor matches plain traversal (NaN, ±Infinity, thresholds, shallow leaves)', () => {
  const probe = randomDs(300, 4, 22, 0.2);
  probe.X[0] = Number.POSITIVE_INFINITY;
  probe.X[5] = Number.NEGATIVE_INFINITY;
  // exact thresholds must go left
  const t0 = model.trees[0];
  probe.X[8 + t0.feature[0]] = t0.threshold[0];
  const p = predict(model, probe.X, probe.nRows);
  for (let r = 0; r < probe.nRows; r++) {
    const x = probe.X.subarray(r * 4, r * 4 + 4);
    assert.equal(p[r], naivePredict(model, x), `row ${r}`);
  }
  assert.ok(
    model.trees.some((t) => t.feature.length < 63),
    'some trees are not complete',
  );
});

test('packed predictor matches plain traversal for every depth 1–10 and row counts across blocks', () => {
  // Depths up to 8 take the written-out descent, deeper ones the loop; 517 rows = two full
  // blocks of 256 plus a tail of 5 (one four-row group and one single row).
  const data = randomDs(3000, 6, 31, 0.1);
  const probe = randomDs(517, 6, 32, 0.15);
  for (const depth of [1, 2, 3, 6, 8, 9, 10]) {
    const m = train({ max_rounds: 6, max_depth: depth, learning_rate: 0.3, min_data_in_leaf: 2 }, data);
    const p = predict(m, probe.X, probe.nRows);
    for (let r = 0; r < probe.nRows; r++)
      assert.equal(p[r], naivePredict(m, probe.X.subarray(r * 6, r * 6 + 6)), `depth ${depth} row ${r}`);
  }
});

test('serialization: exact round trip, bit-identical predictions, spec layout', () => {
  const s = serialize(model);
  const back = deserialize(s);
  assert.equal(serialize(back), s);
  const a = predict(model, small.X, small.nRows);
  const b = predict(back, small.X, small.nRows);
  assert.deepEqual(b, a);
  const doc = JSON.parse(s);
  assert.deepEqual(Object.keys(doc), [
    'format',
    'version',
    'loss',
    'alpha',
    'huber_delta',
    'params',
    'feature_names',
    'feature_weights',
    'base_score',
    'best_iteration',
    'best_score',
    'history',
    'trees',
  ]);
  assert.deepEqual(Object.keys(doc.trees[0]), [
    'feature',
    'threshold',
    'default_left',
    'left',
    'right',
    'value',
    'gain',
    'cover',
  ]);
  assert.equal(doc.format, 'courtedge-gbdt');
  assert.equal(doc.version, 1);
  assert.equal(doc.alpha, null);
  assert.equal(doc.params.max_depth, 5);
  assert.throws(() => deserialize(s.replace('"courtedge-gbdt"', '"xgboost"')), /unknown format "xgboost"/);
  assert.throws(() => deserialize(s.replace('"version":1', '"version":2')), /version 2 is not supported/);
});

test('quantile model serializes alpha; huber serializes huber_delta', () => {
  const q = train({ loss: 'quantile', alpha: 0.45, max_rounds: 3 }, small);
  const dq = JSON.parse(serialize(q));
  assert.equal(dq.alpha, 0.45);
  assert.equal(dq.huber_delta, null);
  assert.equal(serialize(deserialize(serialize(q))), serialize(q));
  const h = train({ loss: 'huber', max_rounds: 3 }, small);
  assert.equal(JSON.parse(serialize(h)).huber_delta, 4);
});

test('contributions (treeshap and saabas) sum to the prediction (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 4 }), (seed, depth) => {
      const d = randomDs(200, 3, seed, 0.15);
      const m = train({ max_rounds: 8, max_depth: depth, min_data_in_leaf: 3, learning_rate: 0.3 }, d);
      const rows = 10;
      const X = d.X.subarray(0, rows * 3);
      const p = predict(m, X, rows);
      for (const method of ['treeshap', 'saabas'] as const) {
        const c = contributions(m, X, rows, { method });
        for (let r = 0; r < rows; r++) {
          let s = 0;
          for (let k = 0; k < 4; k++) s += c[r * 4 + k];
          if (Math.abs(s - p[r]) > 1e-9) return false;
        }
      }
      return true;
    }),
    { numRuns: 40, seed: 7 },
  );
});

/** Brute-force path-dependent Shapley values: v(S) averages unknown splits by cover. */
function bruteShap(m: Model, x: Float32Array): number[] {
  const n = m.featureNames.length;
  const v = (S: Set<number>): number => {
    let total = 0;
    for (const t of m.trees) {
      const go = (node: number): number => {
        const f = t.feature[node];
        if (f < 0) return t.value[node];
        if (S.has(f)) {
          const xv = x[f];
          const left = Number.isNaN(xv) ? t.defaultLeft[node] === 1 : xv <= t.threshold[node];
          return go(left ? t.left[node] : t.right[node]);
        }
        const l = t.left[node];
        const r = t.right[node];
        return (t.cover[l] * go(l) + t.cover[r] * go(r)) / t.cover[node];
      };
      total += go(0);
    }
    return total;
  };
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Array(n).fill(0);
  for (let i = 0; i < n; i++)
    for (let mask = 0; mask < 1 << n; mask++) {
      if (mask & (1 << i)) continue;
      const S = new Set<number>();
      for (let j = 0; j < n; j++) if (mask & (1 << j)) S.add(j);
      const k = S.size;
      const wgt = (fact(k) * fact(n - k - 1)) / fact(n);
      const withI = new Set(S);
      withI.add(i);
      phi[i] += wgt * (v(withI) - v(S));
    }
  return phi;
}

test('treeshap equals brute-force Shapley values; bias = base + cover-weighted means', () => {
  const d = randomDs(300, 3, 31, 0.1);
  const m = train({ max_rounds: 5, max_depth: 4, min_data_in_leaf: 5, learning_rate: 0.5 }, d);
  const c = contributions(m, d.X.subarray(0, 5 * 3), 5);
  for (let r = 0; r < 5; r++) {
    const want = bruteShap(m, d.X.subarray(r * 3, r * 3 + 3));
    for (let f = 0; f < 3; f++) assert.ok(Math.abs(c[r * 4 + f] - want[f]) < 1e-9, `row ${r} feature ${f}`);
  }
  // stump by hand: one split at x ≤ 2 with leaves ∓10/3 on equal covers ⇒ E = 0
  const stump = train(
    { learning_rate: 1, max_rounds: 1, max_depth: 1, min_data_in_leaf: 1, lambda_l2: 1 },
    ds([[1], [2], [3], [4]], [0, 0, 10, 10]),
  );
  const cs = contributions(stump, Float32Array.from([1, 4]), 2, { method: 'treeshap' });
  assert.ok(Math.abs(cs[0] + 10 / 3) < 1e-12);
  assert.equal(cs[1], 5);
  assert.ok(Math.abs(cs[2] - 10 / 3) < 1e-12);
  const sa = contributions(stump, Float32Array.from([1]), 1, { method: 'saabas' });
  assert.ok(Math.abs(sa[0] + 10 / 3) < 1e-12);
});

test('importance: raw gain and split counts with shares', () => {
  const stump = train(
    {
      learning_rate: 1,
      max_rounds: 1,
      max_depth: 1,
      min_data_in_leaf: 1,
      lambda_l2: 1,
      feature_weights: [1, 0.5],
    },
    ds(
      [
        [1, 0],
        [2, 0],
        [3, 1],
        [4, 1],
      ],
      [0, 0, 10, 10],
      undefined,
      ['a', 'b'],
    ),
  );
  const imp = importance(stump);
  assert.deepEqual(
    imp.map((i) => i.feature),
    ['a', 'b'],
  );
  assert.ok(Math.abs(imp[0].gain - 100 / 3) < 1e-12);
  assert.equal(imp[0].split, 1);
  assert.equal(imp[0].gainShare, 1);
  assert.equal(imp[1].split, 0);
  const all = importance(model);
  assert.ok(Math.abs(all.reduce((s, i) => s + i.gainShare, 0) - 1) < 1e-12);
  assert.ok(all[0].gainShare > all[3].gainShare);
});

test('binning: few distinct values ⇒ one bin each; quantile cuts otherwise; NaN bin 255', () => {
  const X = Float32Array.from([3, 1, Number.NaN, 2, 1, 3]);
  const mp = computeBinMapper(X, 6, 1, 255, 1);
  assert.deepEqual(Array.from(mp.thresholds[0]), [1, 2, 3]);
  assert.deepEqual(Array.from(binColumns(X, 6, 1, mp)), [2, 0, NAN_BIN, 1, 0, 2]);
  const many = Float32Array.from({ length: 1000 }, (_, i) => i); // one column: rows = columns
  const q = computeBinMapper(many, 1000, 1, 4, 1);
  assert.deepEqual(Array.from(q.thresholds[0]), [249, 499, 749, 999]);
  const neg = computeBinMapper(Float32Array.from([-1.5, 2, -0, -1e30, 7, -1.5]), 6, 1, 255, 1);
  assert.deepEqual(Array.from(neg.thresholds[0]), [-1e30, -1.5, 0, 2, 7].map(Math.fround));
  const a = Float32Array.from([3, -2, 0.5, -1e-20, 1e20, -7, 0]);
  radixSortF32(a, new Uint32Array(a.length));
  assert.deepEqual(Array.from(a), [-7, -2, -1e-20, 0, 0.5, 3, 1e20].map(Math.fround));
  // values beyond the last threshold fall into the last bin
  assert.deepEqual(Array.from(binColumns(Float32Array.from([-5, 249, 249.5, 5000]), 4, 1, q)), [0, 0, 1, 3]);
});

test('input errors name the field, row and feature', () => {
  const d = ds(
    [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ],
    [1, 2, 3, 4],
    undefined,
    ['pts', 'min'],
  );
  const p = { min_data_in_leaf: 1 };
  assert.throws(
    () => train(p, { ...d, X: d.X.subarray(0, 7) }),
    /train\.X has length 7, expected nRows × nCols = 4 × 2/,
  );
  const inf = Float32Array.from(d.X);
  inf[5] = Number.POSITIVE_INFINITY;
  assert.throws(() => train(p, { ...d, X: inf }), /Infinity at row 2, feature 1 \(min\)/);
  assert.throws(
    () => train(p, { ...d, y: Float32Array.from([1, Number.NaN, 3, 4]) }),
    /non-finite label NaN at row 1/,
  );
  assert.throws(
    () => train(p, { ...d, weight: Float32Array.from([1, -1, 1, 1]) }),
    /negative weight -1 at row 1/,
  );
  assert.throws(() => train(p, { ...d, weight: new Float32Array(4) }), /total weight is zero/);
  assert.throws(
    () => train({ ...p, feature_weights: [1] }, d),
    /feature_weights has length 1, expected nCols = 2/,
  );
  assert.throws(() => train({ ...p, feature_weights: [1, 11] }, d), GbdtInputError);
  assert.throws(() => train(p, d, ds([[1]], [1])), /valid\.nCols is 1, the training set has 2 columns/);
  assert.throws(() => train({ min_data_in_leaf: 3 }, d), /fewer than 2 × min_data_in_leaf = 6/);
  assert.throws(() => train({ ...p, loss: 'quantile' }, d), /params\.alpha: alpha is required/);
  assert.throws(() => train({ ...p, alpha: 0.4 }, d), /params\.alpha: alpha is only valid for loss=quantile/);
  // NaN in X is always valid
  const nan = Float32Array.from(d.X);
  nan[0] = Number.NaN;
  assert.equal(train({ ...p, max_rounds: 1 }, { ...d, X: nan }).trees.length, 1);
});

test('threaded prediction (≥ 10 000 rows) gives the same bits as one thread', () => {
  const big = randomDs(12_000, 4, 41, 0.1);
  const one = predict(model, big.X, big.nRows);
  const two = predict(model, big.X, big.nRows, { threads: 2 });
  assert.deepEqual(two, one);
  // a shared-memory view with an offset into its buffer (used without a copy)
  const view = new Float32Array(new SharedArrayBuffer(4 * (big.X.length + 4)));
  view.set(big.X, 4);
  assert.deepEqual(predict(model, view.subarray(4), big.nRows, { threads: 2 }), one);
});
