import assert from 'node:assert/strict';
import { test } from 'node:test';
import { qualityGate, setBlock } from '../../src/predict/quality-gate.ts';
import { type EnabledModel, type FeatureRow, MODES } from '../../src/predict/types.ts';

const model = (id: string, set = 'v12_noveg', contract = 'c1'): EnabledModel => ({
  system_id: id,
  family: set,
  feature_set: set,
  contract_hash: contract,
  artifact_hash: `h_${id}`,
  min_edge: 3,
});

const row = (pid: number, patch: Partial<FeatureRow> = {}): FeatureRow => ({
  game_id: 'g1',
  player_id: pid,
  feature_set: 'v12_noveg',
  feature_set_version: 'v12_noveg@1',
  contract_hash: 'c1',
  quality_score: 92,
  required_defaults: 0,
  is_quality_ready: true,
  reason: null,
  line_at_cutoff: 20.5,
  values: [1, 2, 3],
  computed_at: '2026-03-02T15:00:00.000Z',
  cutoff_at: '2026-03-02T15:00:00.000Z',
  ...patch,
});

test('quality 85.0 passes FIRST, 84.9 is below_mode_quality and passes LAST_CALL', () => {
  assert.equal(setBlock(row(1, { quality_score: 85.0 }), 85, 20.5), null);
  assert.equal(setBlock(row(1, { quality_score: 84.9 }), 85, 20.5), 'below_mode_quality');
  assert.equal(setBlock(row(1, { quality_score: 84.9 }), 70, 20.5), null);
});

test('zero tolerance: required_defaults > 0 blocks under every mode, even with force', () => {
  for (const mode of MODES) {
    const g = qualityGate({
      mode,
      minQuality: 0,
      force: true,
      candidates: [{ game_id: 'g1', player_id: 1, line: 20.5 }],
      models: [model('m1')],
      rows: [row(1, { required_defaults: 1, quality_score: 99, is_quality_ready: true })],
      active: [],
    });
    assert.equal(g.viable.length, 0, mode);
    assert.deepEqual(g.blocked_by_reason, { required_defaults: 1 }, mode);
  }
});

test('blocks are counted by reason per set and per system; the first matching rule wins', () => {
  const g = qualityGate({
    mode: 'FIRST',
    minQuality: 85,
    force: false,
    candidates: [1, 2, 3, 4, 5, 6, 7, 8].map((p) => ({
      game_id: 'g1',
      player_id: p,
      line: p === 6 ? 21.5 : 20.5,
    })),
    models: [model('m1'), model('m2', 'v12_noveg', 'c2')],
    rows: [
      row(2, { required_defaults: 2, is_quality_ready: false, quality_score: 49 }),
      row(3, { is_quality_ready: false, reason: 'INSUFFICIENT_HISTORY' }),
      row(4, { quality_score: 80 }),
      row(5, { quality_score: 84.9 }),
      row(6),
      row(7),
      row(8),
    ],
    active: [{ system_id: 'm1', game_id: 'g1', player_id: 8, line: 20.5 }],
  });
  assert.deepEqual(g.by_set.v12_noveg, {
    no_features: 1,
    required_defaults: 1,
    not_quality_ready: 1,
    below_mode_quality: 2,
    line_changed_since_features: 1,
    pass: 2,
  });
  // m2 expects another contract: every passing row is contract_mismatch for it.
  assert.deepEqual(g.by_system.m2, { contract_mismatch: 2 });
  assert.deepEqual(g.by_system.m1, { run: 1, already_predicted: 1 });
  assert.deepEqual(
    g.viable.map((v) => [v.player_id, v.systems]),
    [[7, ['m1']]],
  );
  assert.equal(g.blocked_by_reason.below_mode_quality, 2);
  assert.equal(g.blocked_by_reason.contract_mismatch, 2);
});

test('predict once: skipped unless force; LINE_UPDATE predicts moved lines only (NULL vs number differs)', () => {
  const base = {
    minQuality: 85,
    candidates: [
      { game_id: 'g1', player_id: 1, line: 20.5 },
      { game_id: 'g1', player_id: 2, line: 22.5 },
      { game_id: 'g1', player_id: 3, line: 19.5 },
    ],
    models: [model('m1')],
    rows: [row(1), row(2, { line_at_cutoff: 22.5 }), row(3, { line_at_cutoff: 19.5 })],
    active: [
      { system_id: 'm1', game_id: 'g1', player_id: 1, line: 20.5 },
      { system_id: 'm1', game_id: 'g1', player_id: 2, line: 21.5 },
      { system_id: 'm1', game_id: 'g1', player_id: 3, line: null },
    ],
  };
  assert.equal(qualityGate({ ...base, mode: 'RETRY', force: false }).viable.length, 0);
  assert.equal(qualityGate({ ...base, mode: 'RETRY', force: true }).viable.length, 3);
  const lu = qualityGate({ ...base, mode: 'LINE_UPDATE', force: false });
  assert.deepEqual(
    lu.viable.map((v) => v.player_id),
    [2, 3],
  );
  assert.deepEqual(lu.by_system.m1, { line_unchanged: 1, run: 2 });
});
