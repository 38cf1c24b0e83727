import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMemoryStore } from '../../src/store/open.ts';
import { insertPredictions, type PredictionRecord } from '../../src/store/tables/predictions.ts';

const base: PredictionRecord = {
  prediction_id: 'x1',
  batch_id: 'pb_1',
  mode: 'FIRST',
  game_date: '2025-11-20',
  game_id: 'G1',
  player_id: 7,
  system_id: 's',
  family: 'v9',
  line: 21.5,
  predicted: 25.1,
  recommendation: 'OVER',
  feature_set_version: 'v9@1',
  as_of: '2025-11-20T17:00:00Z',
  created_at: '2025-11-20T17:00:00Z',
  is_active: true,
};

test('insertPredictions derives line_key (−1 without a line) and applies column defaults', async () => {
  const store = await openMemoryStore();
  const n = await insertPredictions(store, [
    base,
    { ...base, prediction_id: 'x2', line: null, recommendation: 'NO_LINE' },
  ]);
  assert.equal(n, 2);
  const rows = await store.query(
    'SELECT prediction_id, line, line_key, n_books, edge, is_active FROM predictions ORDER BY prediction_id',
  );
  assert.deepEqual(rows, [
    { prediction_id: 'x1', line: 21.5, line_key: 21.5, n_books: 0, edge: null, is_active: true },
    { prediction_id: 'x2', line: null, line_key: -1, n_books: 0, edge: null, is_active: true },
  ]);
  await store.close();
});
