import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilson } from '../../src/models/evaluation.ts';
import {
  betsToDetectEdge,
  bootstrapMeanEstimate,
  judgeAtLeast,
  judgeAtMost,
  judgeWithin,
  logLossGainOfEdge,
  meanEstimate,
  nToDetect,
  proportionEstimate,
  seedFor,
  tQuantile975,
} from '../../src/models/evidence.ts';

const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);

test('proportions use the one Wilson interval: 60 of 100 ⇒ [50.2%, 69.1%] (spec 03 §7)', () => {
  const e = proportionEstimate(60, 100);
  assert.equal(e.figure, 0.6);
  assert.deepEqual([r4(e.low), r4(e.high)], [0.502, 0.6906]);
  assert.deepEqual({ low: e.low, high: e.high }, wilson(60, 100));
  assert.deepEqual(proportionEstimate(0, 0), { figure: null, low: null, high: null, n: 0, sd: null });
});

test('mean interval: mean ± t(0.975, n − 1)·sd/√n', () => {
  // 1, 2, 3, 4, 5: mean 3, sd 1.5811, t(4) 2.776 ⇒ half-width 1.9630.
  const e = meanEstimate([1, 2, 3, 4, 5]);
  assert.equal(e.figure, 3);
  assert.deepEqual([r4(e.low), r4(e.high)], [1.0371, 4.9629]);
  assert.equal(tQuantile975(1), 12.706);
  assert.equal(tQuantile975(35), 2.021);
  assert.equal(tQuantile975(500), 1.96);
  assert.equal(meanEstimate([2]).low, null);
});

test('paired bootstrap: seeded, reproducible, percentile interval around the mean', () => {
  const d = Array.from({ length: 300 }, (_, i) => [0, 0.13, 0.37, 0.6, 0.41, -0.2, 0.9][i % 7]);
  const a = bootstrapMeanEstimate(d, seedFor(42, 'mae_vs_line'), 2000);
  const b = bootstrapMeanEstimate(d, seedFor(42, 'mae_vs_line'), 2000);
  assert.deepEqual(a, b);
  const c = bootstrapMeanEstimate(d, seedFor(7, 'mae_vs_line'), 2000);
  assert.notDeepEqual([c.low, c.high], [a.low, a.high]);
  assert.notEqual(seedFor(42, 'mae_vs_line'), seedFor(42, 'log_loss'));
  // mean 0.3138; sd 0.3447 ⇒ normal-theory 95% half-width 1.96·0.3447/√300 = 0.0390.
  assert.equal(r4(a.figure), 0.3138);
  assert.ok(Math.abs(a.low! - (0.3138 - 0.039)) < 0.006, `low ${a.low}`);
  assert.ok(Math.abs(a.high! - (0.3138 + 0.039)) < 0.006, `high ${a.high}`);
  // A constant difference has a point interval.
  const k = bootstrapMeanEstimate([0.25, 0.25, 0.25], 1, 200);
  assert.deepEqual([k.low, k.high], [0.25, 0.25]);
});

test('judging: wholly on the right side passes, wholly on the wrong side fails, else insufficient', () => {
  const e = (low: number, high: number) => ({ figure: (low + high) / 2, low, high, n: 10, sd: 1 });
  assert.equal(judgeAtLeast(e(0.52, 0.6), 0.52), 'pass');
  assert.equal(judgeAtLeast(e(0.45, 0.5199), 0.52), 'fail');
  assert.equal(judgeAtLeast(e(0.45, 0.52), 0.52), 'insufficient');
  assert.equal(judgeAtMost(e(0.1, 0.3), 0.3), 'pass');
  assert.equal(judgeAtMost(e(0.3001, 0.5), 0.3), 'fail');
  assert.equal(judgeAtMost(e(0.29, 0.31), 0.3), 'insufficient');
  assert.equal(judgeWithin(e(-1.5, 1.5), 1.5), 'pass');
  assert.equal(judgeWithin(e(1.51, 2), 1.5), 'fail');
  assert.equal(judgeWithin(e(-3, -1.51), 1.5), 'fail');
  assert.equal(judgeWithin(e(1.4, 1.6), 1.5), 'insufficient');
  assert.equal(judgeAtLeast({ figure: null, low: null, high: null, n: 0, sd: null }, 0.5), 'insufficient');
});

test('N to detect: ((1.96 + 0.8416)·sd/δ)² rounded up', () => {
  // A 3-point edge over 52%: sd √(0.55·0.45) = 0.4975 ⇒ 2159 bets; over 50% (sd 0.4991): 2173.
  assert.equal(betsToDetectEdge(0.52), 2159);
  assert.equal(betsToDetectEdge(0.5), 2173);
  assert.equal(nToDetect(1, 0.5), 32); // (2.8016·2)² = 31.4
  assert.equal(nToDetect(0, 0.5), null);
  assert.equal(nToDetect(1, 0), null);
  // KL(0.53 ‖ 0.5) = 0.53 ln 1.06 + 0.47 ln 0.94 = 0.0018011 nats.
  assert.equal(r4(logLossGainOfEdge(0.03) * 1000), 1.8011);
});
