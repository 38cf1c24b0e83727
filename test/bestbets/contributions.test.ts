import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Pick } from '../../src/bestbets/aggregator.ts';
import { featureLabel, pickContributions } from '../../src/bestbets/contributions.ts';
import { silentLogger } from '../../src/config/log.ts';
import { predict, serialize, train } from '../../src/gbdt/index.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { insertModels } from '../../src/store/tables/models.ts';

let store: Store;
before(async () => {
  store = await openMemoryStore();
});
after(async () => store.close());

test('feature labels are humanised names', () => {
  assert.equal(featureLabel('pts_avg_last_5'), 'Pts avg last 5');
});

test('drivers: contributions of the source model on the prediction features row sum to its output', async () => {
  // y = 10 + 8·[x0 > 0.5]: every split is on x0, so x1 contributes nothing.
  const n = 200;
  const X = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    X[2 * i] = (i % 10) / 10;
    X[2 * i + 1] = (i % 7) / 7;
    y[i] = 10 + (X[2 * i] > 0.5 ? 8 : 0);
  }
  const model = train({ max_rounds: 30, learning_rate: 0.3, max_depth: 2, min_data_in_leaf: 5 }, {
    X,
    nRows: n,
    nCols: 2,
    y,
    featureNames: ['pts_avg', 'noise'],
  } as any);
  const bundle = {
    bundle_version: 1,
    system_id: 'm1',
    family: 'v12',
    feature_set: 'v12',
    feature_names: ['pts_avg', 'noise'],
    gbdt: JSON.parse(serialize(model)),
  };
  await store.insertMany(
    'model_artifacts',
    ['hash', 'bytes', 'created_at'],
    [['h1', JSON.stringify(bundle), '2025-11-01T00:00:00Z']],
  );
  await insertModels(store, [
    {
      system_id: 'm1',
      family: 'v12',
      feature_set: 'v12',
      contract_hash: 'c',
      loss: 'l2',
      min_edge: 3,
      train_start: '2025-10-01',
      train_end: '2025-11-01',
      window_game_days: 56,
      artifact_hash: 'h1',
      created_at: '2025-11-01T00:00:00Z',
    },
  ]);
  await store.insertMany(
    'features',
    [
      'game_id',
      'player_id',
      'feature_set',
      'feature_set_version',
      'cutoff_kind',
      'game_date',
      'cutoff_at',
      'contract_hash',
      'values',
      'sources',
      'quality_score',
      'required_defaults',
      'is_quality_ready',
      'computed_at',
    ],
    [
      [
        'G1',
        7,
        'v12',
        'v12_r1',
        'asof',
        '2025-11-20',
        '2025-11-20T15:00:00Z',
        'c',
        '[0.9, 0.3]',
        '["box_score","box_score"]',
        100,
        0,
        true,
        '2025-11-20T15:00:00Z',
      ],
    ],
  );
  const pick = {
    system_id: 'm1',
    game_id: 'G1',
    player_id: 7,
    provenance: { features_computed_at: '2025-11-20T15:00:00.000Z' },
  } as unknown as Pick;
  const out = await pickContributions(store, '2025-11-20', [pick], silentLogger);
  const c = out['G1|7'];
  assert.deepEqual(
    c.map((x) => [x.feature, x.label]),
    [
      ['pts_avg', 'Pts avg'],
      ['noise', 'Noise'],
    ],
  );
  assert.equal(c[1].value, 0);
  // Σ contributions + bias = the raw output; the bias is the training mean 13.2 (4 of 10 rows at 18).
  const raw = predict(model, new Float32Array([0.9, 0.3]), 1)[0];
  assert.ok(Math.abs(c[0].value - (raw - 13.2)) < 0.01, `${c[0].value} vs ${raw - 13.2}`);
  assert.ok(c[0].value > 4.5);
  // A pick whose model has no artifact row gets no drivers, and nothing throws.
  const none = await pickContributions(
    store,
    '2025-11-20',
    [{ ...pick, system_id: 'ghost' } as Pick],
    silentLogger,
  );
  assert.deepEqual(none, {});
});
