import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deserialize, predict, serialize, train } from '../../src/gbdt/index.ts';
import { ds, randomDs } from './helpers.ts';

const exact = {
  learning_rate: 1,
  max_rounds: 1,
  max_depth: 1,
  min_data_in_leaf: 1,
  min_sum_hessian_in_leaf: 0,
};

test('one split: hand-computed threshold, gain, leaves and cover (l2, λ = 1)', () => {
  // base = 5; g = F − y = [5, 5, −5, −5]; split x ≤ 2: G_L = 10, G_R = −10, H = 2 each
  // gain = ½(100/3 + 100/3 − 0/5) = 100/3; leaves −G/(H+λ) = ∓10/3
  const m = train({ ...exact, lambda_l2: 1 }, ds([[1], [2], [3], [4]], [0, 0, 10, 10]));
  assert.equal(m.baseScore, 5);
  const t = m.trees[0];
  assert.deepEqual(Array.from(t.feature), [0, -1, -1]);
  assert.equal(t.threshold[0], 2);
  assert.ok(Math.abs(t.gain[0] - 100 / 3) < 1e-12);
  assert.ok(Math.abs(t.value[1] + 10 / 3) < 1e-12);
  assert.ok(Math.abs(t.value[2] - 10 / 3) < 1e-12);
  assert.deepEqual(Array.from(t.cover), [4, 2, 2]);
  assert.deepEqual(Array.from(t.left), [1, -1, -1]);
  assert.deepEqual(Array.from(t.right), [2, -1, -1]);
  const p = predict(m, Float32Array.from([2, 2.0001, 100, Number.NaN]), 4);
  assert.ok(Math.abs(p[0] - (5 - 10 / 3)) < 1e-12); // x = threshold goes left
  assert.ok(Math.abs(p[1] - (5 + 10 / 3)) < 1e-12);
  assert.ok(Math.abs(p[2] - (5 + 10 / 3)) < 1e-12);
  // no missing at training: NaN follows the larger child, ties left
  assert.equal(t.defaultLeft[0], 1);
  assert.ok(Math.abs(p[3] - (5 - 10 / 3)) < 1e-12);
});

test('stump with NaN: missing means high ⇒ default_left = false', () => {
  // base 4; g = [4, 4, 4, −6, −6]; non-missing | missing: ½(12²/3 + 12²/2) = 60 beats every other split
  const m = train(
    { ...exact, lambda_l2: 0 },
    ds([[1], [2], [3], [Number.NaN], [Number.NaN]], [0, 0, 0, 10, 10]),
  );
  const t = m.trees[0];
  assert.equal(t.feature[0], 0);
  assert.equal(t.threshold[0], 3);
  assert.equal(t.defaultLeft[0], 0);
  assert.equal(t.gain[0], 60);
  assert.deepEqual(Array.from(t.value), [0, -4, 6]);
  assert.deepEqual(Array.from(predict(m, Float32Array.from([Number.NaN, 2, 3.5]), 3)), [10, 0, 10]);
});

test('missing joins the low side ⇒ default_left = true (missing tried on both sides)', () => {
  // only x ≤ 1 with missing on the left separates y perfectly
  const m = train(
    { ...exact, lambda_l2: 0 },
    ds([[Number.NaN], [Number.NaN], [1], [2], [3], [4]], [0, 0, 0, 10, 10, 10]),
  );
  const t = m.trees[0];
  assert.equal(t.threshold[0], 1);
  assert.equal(t.defaultLeft[0], 1);
  assert.deepEqual(Array.from(predict(m, Float32Array.from([Number.NaN, 1, 2]), 3)), [0, 0, 10]);
});

test('l1 leaf = weighted median of residuals', () => {
  // base = weighted median of y (w = [1,1,4,1,1,1], total 9, 4.5 reached at 9) = 9
  // left residuals [−8, −7, 0] with weights [1, 1, 4]: half (3) reached at 0 ⇒ 9
  // right residuals [1, 2, 21]: 1.5 reached at 2 ⇒ 11
  const d = ds([[0], [0], [0], [1], [1], [1]], [1, 2, 9, 10, 11, 30], [1, 1, 4, 1, 1, 1]);
  const m = train({ ...exact, loss: 'l1', min_data_in_leaf: 3 }, d);
  assert.equal(m.baseScore, 9);
  assert.deepEqual(Array.from(m.trees[0].value), [0, 0, 2]);
  assert.deepEqual(Array.from(predict(m, Float32Array.from([0, 1]), 2)), [9, 11]);
});

test('quantile leaf: the α-quantile of residuals (α = 0.43, 100 rows ⇒ the 43rd smallest)', () => {
  const rows = Array.from({ length: 100 }, () => [1]);
  const y = Array.from({ length: 100 }, (_, i) => 100 - i);
  const m = train({ ...exact, loss: 'quantile', alpha: 0.43 }, ds(rows, y));
  assert.equal(m.baseScore, 43);
  assert.equal(m.alpha, 0.43);
  // single-valued feature never splits; residual quantile of y − 43 is 0
  assert.deepEqual(Array.from(m.trees[0].feature), [-1]);
  assert.equal(m.trees[0].value[0], 0);
});

test('quantile 0.43 leaves 43% ± 2 pp of a fresh sample below its prediction', () => {
  const train1 = randomDs(4000, 3, 1, 0);
  const test1 = randomDs(4000, 3, 2, 0);
  const m = train(
    { loss: 'quantile', alpha: 0.43, max_rounds: 150, learning_rate: 0.1, max_depth: 4 },
    train1,
  );
  const p = predict(m, test1.X, test1.nRows);
  let below = 0;
  for (let i = 0; i < test1.nRows; i++) if (test1.y[i] < p[i]) below++;
  const share = below / test1.nRows;
  assert.ok(Math.abs(share - 0.43) <= 0.02, `share below = ${share}`);
});

test('huber: gradients clipped at δ, Newton leaves', () => {
  // base = median 0 (rows: 0, 0, 0, 100); δ = 1 ⇒ g = [0, 0, 0, −1]; one leaf (constant x)
  // leaf = −G/(H+λ) = 1/(4+0) = 0.25
  const m = train(
    { ...exact, loss: 'huber', huber_delta: 1, lambda_l2: 0 },
    ds([[1], [1], [1], [1]], [0, 0, 0, 100]),
  );
  assert.equal(m.baseScore, 0);
  assert.equal(m.trees[0].value[0], 0.25);
  assert.equal(m.huberDelta, 1);
  // mean huber loss after one round: 3 × ½·0.25² + (1·(99.75 − 0.5)) over 4
  assert.ok(Math.abs(m.history.train[0] - (3 * 0.5 * 0.0625 + 99.25) / 4) < 1e-12);
});

test('recovers a known piecewise function', () => {
  const n = 3000;
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = ((i * 7919) % 1000) / 1000;
    const b = ((i * 104729) % 997) / 997;
    rows.push([a, b]);
    y.push(a < 0.3 ? 3 : a < 0.7 ? 7 : b < 0.5 ? 1 : 5);
  }
  const m = train({ max_rounds: 200, learning_rate: 0.2, max_depth: 3, lambda_l2: 0 }, ds(rows, y));
  const probe = [
    [0.1, 0.2, 3],
    [0.5, 0.9, 7],
    [0.9, 0.2, 1],
    [0.9, 0.8, 5],
  ];
  const p = predict(m, Float32Array.from(probe.flatMap((r) => [r[0], r[1]])), probe.length);
  for (const [i, r] of probe.entries())
    assert.ok(Math.abs(p[i] - r[2]) < 0.05, `f(${r[0]}, ${r[1]}) = ${p[i]}, expected ${r[2]}`);
});

test('training loss decreases monotonically (l2)', () => {
  const m = train({ max_rounds: 60, learning_rate: 0.3, max_depth: 4 }, randomDs(2000, 4, 3));
  const h = m.history.train;
  assert.equal(h.length, 60);
  for (let i = 1; i < h.length; i++) assert.ok(h[i] <= h[i - 1] + 1e-12, `round ${i}: ${h[i]} > ${h[i - 1]}`);
  assert.ok(h[59] < 0.5 * h[0]);
});

test('deterministic: same data, params and seed ⇒ identical bytes at 1, 2 and 4 threads', () => {
  const d = randomDs(3000, 6, 4);
  const p = { max_rounds: 30, subsample: 0.7, colsample_bytree: 0.5, seed: 9 };
  const a = serialize(train({ ...p, n_threads: 1 }, d));
  const c = serialize(train({ ...p, seed: 10, n_threads: 1 }, d));
  assert.notEqual(a, c);
  assert.ok(!a.includes('n_threads'));
  // parallel_min_cells 0 puts every phase (histograms, split search, partition, leaf updates)
  // on the team for every node: unit weights, row weights (Σh per bin), column sampling,
  // leaf renewal, more threads than 4-feature words (13 columns = 4 words)
  const wide = randomDs(2500, 13, 14);
  const w = new Float32Array(wide.nRows).map((_, i) => 0.5 + (i % 5) / 2);
  const cases: [string, Record<string, unknown>, typeof d][] = [
    ['bagged + column sample', p, d],
    ['all rows', { max_rounds: 25, seed: 9 }, wide],
    ['weighted', { max_rounds: 20, subsample: 0.8, seed: 2 }, { ...wide, weight: w }],
    ['quantile', { loss: 'quantile', alpha: 0.45, max_rounds: 15, colsample_bytree: 0.6 }, wide],
    ['deep', { max_rounds: 6, max_depth: 9, min_data_in_leaf: 2 }, wide],
  ];
  for (const [name, q, data] of cases) {
    const one = serialize(train({ ...q, n_threads: 1 }, data));
    for (const n_threads of [2, 4, 8])
      assert.equal(
        serialize(train({ ...q, n_threads, parallel_min_cells: 0 }, data)),
        one,
        `${name}, ${n_threads} threads`,
      );
  }
});

test('worker threads in one process train datasets of different row widths correctly', () => {
  // 45 and 49 columns pad to 12 and 13 words a row; with 2 threads both give the worker words
  // [0, 6): its compiled kernel must not be reused across the two widths.
  const q = { max_rounds: 8, seed: 3 };
  for (const nCols of [45, 49, 45]) {
    const d = randomDs(1500, nCols, nCols);
    const one = serialize(train({ ...q, n_threads: 1 }, d));
    assert.equal(serialize(train({ ...q, n_threads: 2, parallel_min_cells: 0 }, d)), one, `${nCols} columns`);
  }
});

test('early stopping keeps best_iteration + 1 trees and both histories', () => {
  const tr = randomDs(1500, 3, 5);
  const va = randomDs(500, 3, 6);
  // validation labels unrelated to X: the metric stops improving early
  for (let i = 0; i < va.nRows; i++) va.y[i] = (i * 37) % 11;
  const m = train({ max_rounds: 500, learning_rate: 0.3, early_stopping_rounds: 5 }, tr, va);
  assert.equal(m.trees.length, m.bestIteration + 1);
  assert.equal(m.history.valid.length, m.bestIteration + 1 + 5);
  assert.equal(m.history.train.length, m.history.valid.length);
  assert.equal(m.bestScore, Math.min(...m.history.valid));
  assert.equal(m.history.valid[m.bestIteration], m.bestScore);
});

test('feature weight 0 removes a feature from all splits; a multiplier breaks a tie', () => {
  const d = randomDs(1000, 3, 7, 0);
  const m = train({ max_rounds: 20, feature_weights: [0, 1, 1] }, d);
  for (const t of m.trees) for (const f of t.feature) assert.notEqual(f, 0);
  // two identical columns: tie ⇒ lower index; weight 1.5 on the second ⇒ the second
  const rows = Array.from({ length: 40 }, (_, i) => [i, i]);
  const y = rows.map((r) => (r[0] < 20 ? 0 : 1));
  const tie = train({ ...exact }, ds(rows, y));
  assert.equal(tie.trees[0].feature[0], 0);
  const weighted = train({ ...exact, feature_weights: [1, 1.5] }, ds(rows, y));
  assert.equal(weighted.trees[0].feature[0], 1);
  assert.deepEqual(weighted.featureWeights, [1, 1.5]);
});

test('row weights move a split; zero-weight rows change nothing', () => {
  // x = 0..3, y = [0, 5, 5, 10]: base 5, x ≤ 0 and x ≤ 2 tie (gain ½(25 + 25/3)) ⇒ lower threshold.
  // Weight 3 on the last row: base 40/6, x ≤ 2 scores ½(10²/3 + 10²/3) > x ≤ 0's ½(6.67² + 6.67²/5)
  const rows = [[0], [1], [2], [3]];
  const y = [0, 5, 5, 10];
  const plain = train({ ...exact, lambda_l2: 0 }, ds(rows, y));
  assert.equal(plain.trees[0].threshold[0], 0);
  const heavy = train({ ...exact, lambda_l2: 0 }, ds(rows, y, [1, 1, 1, 3]));
  assert.equal(heavy.trees[0].threshold[0], 2);
  // add zero-weight junk rows: same model, byte for byte
  const d = randomDs(800, 3, 8);
  const base = { max_rounds: 15, seed: 3 };
  const a = serialize(train(base, d));
  const junk = randomDs(200, 3, 99);
  const X = new Float32Array((d.nRows + junk.nRows) * 3);
  X.set(d.X);
  X.set(junk.X, d.X.length);
  const yy = new Float32Array(d.nRows + junk.nRows);
  yy.set(d.y);
  yy.set(
    junk.y.map((v) => v * 100),
    d.nRows,
  );
  const w = new Float32Array(d.nRows + junk.nRows).fill(1, 0, d.nRows);
  const b = serialize(train(base, { ...d, X, y: yy, weight: w, nRows: d.nRows + junk.nRows }));
  assert.equal(a, b);
});

test('subsampling and column sampling are seeded and still learn', () => {
  const d = randomDs(2000, 5, 10);
  const m = train({ max_rounds: 40, subsample: 0.5, colsample_bytree: 0.4, learning_rate: 0.2 }, d);
  assert.ok(m.history.train[39] < 0.5 * m.history.train[0]);
  for (const t of m.trees) {
    const used = new Set(Array.from(t.feature).filter((f) => f >= 0));
    assert.ok(used.size <= 2, `tree uses ${used.size} features with colsample 0.4 of 5`);
  }
  const again = train({ max_rounds: 40, subsample: 0.5, colsample_bytree: 0.4, learning_rate: 0.2 }, d);
  assert.equal(serialize(m), serialize(again));
  assert.equal(serialize(deserialize(serialize(m))), serialize(m));
});

test('a constant column and a zero feature weight do not change the other splits', () => {
  const d = randomDs(1500, 3, 12, 0.05);
  const base = { max_rounds: 10, seed: 1 };
  const ref = train(base, d);
  // add a constant 4th column: same trees (feature indices unchanged), any thread count
  const X = new Float32Array(d.nRows * 4);
  for (let r = 0; r < d.nRows; r++) {
    X.set(d.X.subarray(r * 3, r * 3 + 3), r * 4);
    X[r * 4 + 3] = 7;
  }
  const wide = { ...d, X, nCols: 4, featureNames: [...d.featureNames, 'const'] };
  for (const opts of [{}, { n_threads: 2, parallel_min_cells: 0 }]) {
    const m = train({ ...base, ...opts }, wide);
    assert.deepEqual(
      m.trees.map((t) => Array.from(t.feature)),
      ref.trees.map((t) => Array.from(t.feature)),
    );
    assert.deepEqual(
      m.trees.map((t) => Array.from(t.value)),
      ref.trees.map((t) => Array.from(t.value)),
    );
  }
});
