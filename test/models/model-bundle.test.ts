import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  pOver,
  residualCdf,
  residualQuantiles,
  roundTo,
  scorePrediction,
} from '../../src/domain/model-bundle.ts';

const linear = (a: number, b: number) => Array.from({ length: 201 }, (_, k) => a + b * k);
const near = (a: number | null, b: number, eps = 1e-6) =>
  assert.ok(a !== null && Math.abs(a - b) <= eps, `expected ${b}, got ${a}`);

test('residual quantiles interpolate between order statistics', () => {
  const q = residualQuantiles(Array.from({ length: 201 }, (_, i) => 200 - i));
  assert.equal(q[0], 0);
  assert.equal(q[37], 37);
  assert.equal(q[200], 200);
  const q3 = residualQuantiles([3, 1, 2]);
  assert.equal(q3[100], 2);
  assert.equal(q3[50], 1.5);
  assert.equal(q3[150], 2.5);
});

test('F is 0 below q0, 1 at or above q200, linear in between', () => {
  const q = linear(-10, 0.1);
  assert.equal(residualCdf(q, -10.01), 0);
  assert.equal(residualCdf(q, 10), 1);
  near(residualCdf(q, 0), 0.5);
  near(residualCdf(q, -9.95), 0.0025);
});

test('p_over at a half-point line (spec example: 24.0 vs 22.5, F(−1.5) = 0.40 ⇒ 0.60)', () => {
  const q = linear(-9.5, 0.1);
  near(residualCdf(q, -1.5), 0.4);
  near(pOver(q, 24, 22.5), 0.6);
  const s = scorePrediction({ raw: 24, residualQuantiles: q, minEdge: 3 }, 22.5);
  assert.deepEqual(s, {
    predicted: 24,
    line: 22.5,
    edge: 1.5,
    p_over: 0.6,
    confidence: 0.6,
    recommendation: 'PASS',
    // Without a calibration in the bundle the published probability is the model's own.
    p_model: 0.6,
    p_final: 0.6,
  });
});

test('p_over at a whole line drops the push mass (spec example: 27.4 vs 24 ⇒ 0.67/0.94)', () => {
  const q = linear(-8.4, 1 / 12);
  near(residualCdf(q, -2.9), 0.33);
  near(residualCdf(q, -3.9), 0.27);
  near(pOver(q, 27.4, 24), 0.67 / 0.94);
  const s = scorePrediction({ raw: 27.4, residualQuantiles: q, minEdge: 3 }, 24);
  assert.equal(s.p_over, 0.7128);
  assert.equal(s.confidence, 0.7128);
  assert.equal(s.edge, 3.4);
  assert.equal(s.recommendation, 'OVER');
});

test('scorePrediction at exactly ±min_edge, clamping and NO_LINE', () => {
  const q = linear(-10, 0.1);
  const rec = (raw: number, line: number, minEdge: number) =>
    scorePrediction({ raw, residualQuantiles: q, minEdge }, line).recommendation;
  assert.equal(rec(27.5, 24.5, 3), 'OVER');
  assert.equal(rec(21.5, 24.5, 3), 'UNDER');
  assert.equal(rec(21.51, 24.5, 3), 'PASS');
  assert.equal(rec(26.6, 23.6, 3), 'OVER'); // 3.0000000000000036 rounds to the boundary
  assert.equal(rec(19.1, 23.5, 4), 'UNDER'); // v9_q43 example: edge −4.4
  assert.equal(rec(19.1, 23.5, 3), 'UNDER');
  assert.equal(rec(19.9, 23.5, 3), 'UNDER'); // edge −3.6: UNDER for v9 …
  assert.equal(rec(19.9, 23.5, 4), 'PASS'); // … PASS for v9_q43
  assert.equal(scorePrediction({ raw: -2, residualQuantiles: q, minEdge: 3 }, 5.5).predicted, 0);
  assert.equal(scorePrediction({ raw: 81.234, residualQuantiles: q, minEdge: 3 }, 30.5).predicted, 70);
  assert.equal(scorePrediction({ raw: 12.345, residualQuantiles: q, minEdge: 3 }, null).predicted, 12.35);
  assert.deepEqual(scorePrediction({ raw: 12, residualQuantiles: q, minEdge: 3 }, null), {
    predicted: 12,
    line: null,
    edge: null,
    p_over: null,
    confidence: null,
    recommendation: 'NO_LINE',
    p_model: null,
    p_final: null,
  });
  assert.equal(roundTo(-4.405, 2), -4.41);
});
