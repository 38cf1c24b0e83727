import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import type { GateName } from '../../src/models/gates.ts';
import { enableModel, type ModelRow, promoteModel, registerModel } from '../../src/models/registry.ts';
import { openMemoryStore } from '../../src/store/open.ts';

/** The registry's gate rules (gates issue): enabling needs no non-advisory fail, promotion a pass on hr3 or log_loss. */

const cfg = configSchema.parse({}).models.registry; // advisoryGates ['log_loss'], promoteOn ['hr3', 'log_loss']
const g = (gate: GateName, outcome: 'pass' | 'fail' | 'insufficient') => ({
  gate,
  pass: outcome === 'pass',
  outcome,
  figure: 0.5,
  interval: { low: 0.4, high: 0.6 },
  threshold: 0.52,
  n: 100,
  n_needed: 2159,
});

function row(id: string, gates: Record<string, ReturnType<typeof g>>): ModelRow {
  return {
    system_id: id,
    family: id,
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
    gates: gates as any,
    gates_passed: false,
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
  };
}

test('a log_loss fail is advisory for enabling, but blocks promotion; hr3 or log_loss pass promotes', async () => {
  const store = await openMemoryStore();
  try {
    const rows = [
      row('ll_fail', { hr3: g('hr3', 'pass'), log_loss: g('log_loss', 'fail') }),
      row('ll_fail_strict', { hr3: g('hr3', 'insufficient'), log_loss: g('log_loss', 'fail') }),
      row('hr3_pass', { hr3: g('hr3', 'pass'), log_loss: g('log_loss', 'insufficient') }),
      row('ll_pass', { hr3: g('hr3', 'insufficient'), log_loss: g('log_loss', 'pass') }),
      row('none_pass', { hr3: g('hr3', 'insufficient'), log_loss: g('log_loss', 'insufficient') }),
    ];
    for (const r of rows) await registerModel(store, r, { hash: r.artifact_hash, text: '{}' });
    assert.equal((await enableModel(store, 'll_fail', cfg)).status, 'shadow');
    await assert.rejects(
      enableModel(store, 'll_fail_strict', { ...cfg, advisoryGates: [] }),
      /failed gate\(s\) log_loss/,
    );
    for (const id of ['hr3_pass', 'll_pass', 'none_pass']) await enableModel(store, id, cfg);
    const days = async () => 5;
    await assert.rejects(promoteModel(store, 'll_fail', cfg, { shadowDays: days }), /no failed gate/);
    await assert.rejects(
      promoteModel(store, 'none_pass', cfg, { shadowDays: days }),
      /a pass on one of hr3, log_loss/,
    );
    assert.equal((await promoteModel(store, 'hr3_pass', cfg, { shadowDays: days })).is_champion, true);
    assert.equal((await promoteModel(store, 'll_pass', cfg, { shadowDays: days })).is_champion, true);
    await assert.rejects(
      promoteModel(store, 'hr3_pass', { ...cfg, promoteOn: ['log_loss'] }, { shadowDays: days }),
      /a pass on one of log_loss/,
    );
  } finally {
    await store.close();
  }
});
