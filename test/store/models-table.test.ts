import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openMemoryStore } from '../../src/store/open.ts';
import { parseJson } from '../../src/store/store.ts';
import { insertModels, type ModelRecord } from '../../src/store/tables/models.ts';

const base: ModelRecord = {
  system_id: 'gbdt_v9_train1001_1115',
  family: 'v9',
  feature_set: 'v9',
  contract_hash: 'c',
  loss: 'l2',
  min_edge: 3,
  train_start: '2025-10-01',
  train_end: '2025-11-15',
  window_game_days: 56,
  artifact_hash: 'h',
  created_at: '2025-11-16T00:00:00Z',
};

test('insertModels applies the table defaults and encodes JSON columns', async () => {
  const store = await openMemoryStore();
  await insertModels(store, [{ ...base, residual_quantiles: [-1.5, 0, 2.25], params: { max_depth: 6 } }]);
  const [row] = await store.query<any>('SELECT * FROM models');
  assert.equal(row.status, 'candidate');
  assert.equal(row.enabled, false);
  assert.equal(row.is_champion, false);
  assert.equal(row.gates_passed, false);
  assert.equal(row.min_edge, 3);
  assert.equal(row.window_game_days, 56);
  assert.deepEqual(parseJson(row.residual_quantiles), [-1.5, 0, 2.25]);
  assert.deepEqual(parseJson(row.params), { max_depth: 6 });
  assert.equal(row.metrics, null);
  await store.close();
});

test('insertModels with ifNew leaves a stored model untouched; without it a duplicate is refused', async () => {
  const store = await openMemoryStore();
  await insertModels(store, [{ ...base, status: 'shadow', enabled: true }]);
  const written = await insertModels(store, [{ ...base, status: 'retired' }], { ifNew: true });
  assert.equal(written, 0);
  const [row] = await store.query<any>('SELECT status, enabled FROM models');
  assert.deepEqual({ ...row }, { status: 'shadow', enabled: true });
  await assert.rejects(insertModels(store, [base]));
  await store.close();
});
