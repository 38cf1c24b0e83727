import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import {
  autoEnable,
  blockModel,
  disableModel,
  enableModel,
  getModel,
  listModels,
  type ModelRow,
  promoteModel,
  registerModel,
  retireModel,
} from '../../src/models/registry.ts';
import { openMemoryStore } from '../../src/store/open.ts';

const cfg = configSchema.parse({}).models.registry; // minEnabled 3, minShadowDays 2
const gate = (outcome: 'pass' | 'fail' | 'insufficient') => ({
  gate: 'hr3' as const,
  pass: outcome === 'pass',
  outcome,
  figure: 0.5,
  threshold: 0.53,
  n: 60,
});

function row(id: string, family: string, over: Partial<ModelRow> = {}): ModelRow {
  return {
    system_id: id,
    family,
    feature_set: 'v9',
    contract_hash: 'h',
    loss: 'l2',
    quantile_alpha: null,
    feature_weights: null,
    min_edge: 3,
    train_start: '2025-01-01',
    train_end: '2025-02-01',
    window_game_days: 20,
    val_start: null,
    val_end: null,
    params: {},
    best_iteration: 1,
    counts: {},
    metrics: {},
    gates: { hr3: gate('pass') } as any,
    gates_passed: true,
    gate_basis: 'twin',
    importance: [],
    vegas_gain_share: 0,
    residual_quantiles: [],
    status: 'candidate',
    enabled: false,
    is_champion: false,
    shadow_since: null,
    status_changed_at: null,
    status_reason: null,
    artifact_hash: `a_${id}`,
    config_hash: 'c',
    seed: 42,
    duration_ms: 1,
    run_id: null,
    created_at: '2025-02-02T00:00:00.000Z',
    ...over,
  };
}

const days = (n: number) => async () => n;

test('transitions, the floor of enabled models, forced enable with a reason, one champion', async () => {
  const store = await openMemoryStore();
  try {
    for (const id of ['a', 'b', 'c'])
      await registerModel(store, row(id, id), { hash: `a_${id}`, text: '{}' });
    await registerModel(
      store,
      row('bad', 'x', { gates: { hr3: gate('fail') } as any, gates_passed: false }),
      { hash: 'a_bad', text: '{}' },
    );
    for (const id of ['a', 'b', 'c']) assert.equal((await enableModel(store, id, cfg)).status, 'shadow');
    await assert.rejects(enableModel(store, 'bad', cfg), /failed gate\(s\) hr3/);
    await assert.rejects(enableModel(store, 'bad', cfg, { force: true }), /--reason/);
    const forced = await enableModel(store, 'bad', cfg, { force: true, reason: 'analyst wants a look' });
    assert.equal(forced.status_reason, 'forced: analyst wants a look');
    assert.equal(forced.enabled, true);
    // 4 enabled: one may go, then the floor of 3 refuses.
    assert.equal((await disableModel(store, 'bad', cfg)).status, 'candidate');
    await assert.rejects(retireModel(store, 'c', cfg), /below the floor models.registry.minEnabled = 3/);

    await assert.rejects(
      promoteModel(store, 'a', cfg, { shadowDays: days(1) }),
      /fewer than models.registry.minShadowDays = 2/,
    );
    assert.equal((await promoteModel(store, 'a', cfg, { shadowDays: days(2) })).is_champion, true);
    await assert.rejects(disableModel(store, 'a', cfg), /is the champion/);
    await assert.rejects(retireModel(store, 'a', cfg), /is the champion/);
    const b = await promoteModel(store, 'b', cfg, { shadowDays: days(5) });
    assert.equal(b.status, 'champion');
    const champs = (await listModels(store)).filter((m) => m.is_champion).map((m) => m.system_id);
    assert.deepEqual(champs, ['b']);
    assert.equal((await getModel(store, 'a'))!.status, 'shadow');
    await assert.rejects(promoteModel(store, 'bad', cfg, { shadowDays: days(9) }), /only a shadow/);

    // Decay blocking keeps the model enabled when disabling it would break the floor.
    assert.equal(await blockModel(store, 'c', cfg, 'decay: HR@3 7d below 45%'), true);
    const c = (await getModel(store, 'c'))!;
    assert.equal(c.status, 'blocked');
    assert.equal(c.enabled, true);
  } finally {
    await store.close();
  }
});

test('weekly auto-enable: the new model becomes shadow and older non-champion shadows of the family retire', async () => {
  const store = await openMemoryStore();
  try {
    const now = new Date('2025-02-10T00:00:00Z');
    for (const id of ['x1', 'y1', 'z1'])
      await registerModel(store, row(id, id[0]), { hash: `a_${id}`, text: '{}' });
    for (const id of ['x1', 'y1', 'z1']) await enableModel(store, id, cfg, { now });
    await registerModel(store, row('x2', 'x'), { hash: 'a_x2', text: '{}' });
    assert.deepEqual(await autoEnable(store, 'x2', cfg, now), ['x1']);
    assert.equal((await getModel(store, 'x1'))!.status, 'retired');
    assert.equal((await getModel(store, 'x2'))!.status, 'shadow');
  } finally {
    await store.close();
  }
});
