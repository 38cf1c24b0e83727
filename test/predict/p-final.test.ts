import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Consensus } from '../../src/domain/lines.ts';
import { marketProbability } from '../../src/predict/dispatch.ts';
import { type Bundle, scoreRaw } from '../../src/predict/model-runtime.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import { insertPredictions } from '../../src/store/tables/predictions.ts';

/** Probabilities issue, live side: the market input of p_final and both probabilities stored. */

const con = (contributing: Consensus['contributing'], line = 22.5): Consensus => ({
  line,
  book: 'consensus',
  n_books: contributing.length,
  odds_captured_at: '2026-03-02T15:00:00.000Z',
  contributing,
  stale: [],
  outliers: [],
});
const at = '2026-03-02T14:00:00.000Z';

test('p_market: the first priority book quoting the consensus line with both prices, no-vig', () => {
  const c = con([
    { book: 'fanduel', line: 22.5, captured_at: at, over_price: -120, under_price: 100 },
    { book: 'draftkings', line: 22.5, captured_at: at, over_price: -110, under_price: null },
    { book: 'betmgm', line: 23.5, captured_at: at, over_price: -110, under_price: -110 },
  ]);
  // draftkings lacks an under price, betmgm quotes another line: fanduel, 0.545454/(0.545454 + 0.5).
  const p = marketProbability(c, ['draftkings', 'fanduel', 'betmgm']) as number;
  assert.ok(Math.abs(p - 0.6 / 1.15) < 1e-12, String(p));
  assert.equal(marketProbability(con([]), ['draftkings']), null);
  assert.equal(marketProbability(undefined, ['draftkings']), null);
});

test('scoreRaw: a calibrated bundle publishes p_final as p_over and keeps p_model; residual adds the line', () => {
  const bundle = {
    clamp: [0, 70],
    // F(x) linear on [−10, 10]: predicted 24.5 vs 22.5 ⇒ p_model = 1 − F(−2) = 0.6.
    residual_quantiles: Array.from({ length: 201 }, (_, k) => -10 + k / 10),
    calibration: {
      market: { a: 0, b: 1, c: 0, n: 300 },
      model: { a: 0, c: 0.5, n: 300 },
      fitted_through: '2026-03-01',
    },
  } as unknown as Bundle;
  const s = scoreRaw(bundle, 24.5, 22.5, 3, 0.47);
  assert.equal(s.p_model, 0.6);
  assert.equal(s.p_final, 0.47);
  assert.equal(s.p_over, 0.47);
  assert.equal(s.confidence, 0.53);
  // No market price: σ(0.5·logit 0.6) = 0.550536
  assert.equal(scoreRaw(bundle, 24.5, 22.5, 3, null).p_final, 0.5505);
  const resid = { ...bundle, target: 'residual' } as Bundle;
  assert.equal(scoreRaw(resid, 2, 22.5, 3, 0.47).predicted, 24.5);
});

test('predictions keep p_model and p_final (migration 0610)', async () => {
  const store = await openMemoryStore();
  try {
    await insertPredictions(store, [
      {
        prediction_id: 'p1',
        batch_id: 'b1',
        mode: 'FIRST',
        game_date: '2026-03-02',
        game_id: 'g1',
        player_id: 7,
        system_id: 's1',
        family: 'v9',
        line: 22.5,
        predicted: 24.5,
        edge: 2,
        p_over: 0.47,
        confidence: 0.53,
        recommendation: 'PASS',
        feature_set_version: 'v9',
        as_of: at,
        created_at: at,
        is_active: true,
        p_model: 0.6,
        p_final: 0.47,
      },
    ]);
    const rows = await store.query<{ p_model: number; p_final: number; p_over: number }>(
      'SELECT p_model, p_final, p_over FROM predictions',
    );
    assert.deepEqual(
      rows.map((r) => [Number(r.p_model), Number(r.p_final), Number(r.p_over)]),
      [[0.6, 0.47, 0.47]],
    );
  } finally {
    await store.close();
  }
});
