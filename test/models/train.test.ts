import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { getArtifact, getModel, listModels } from '../../src/models/registry.ts';
import { trainRecorded as runTraining } from '../../src/orchestrate/train.ts';
import { seedStore, testConfig } from './fixture.ts';

test('train: windows, naming, gates on the twin, artifact by hash, duplicate refusal and --force', async () => {
  const config = testConfig();
  const store = await seedStore(config, { days: 40 });
  try {
    const s = await runTraining(store, config, 'cfg', { all: true, end: '2025-02-05', today: '2025-02-10' });
    // 20 game days ending 02-05: 01-17 … 02-05; validation = last ⌈0.15 × 20⌉ = 3 days.
    assert.deepEqual(s.window, { start: '2025-01-17', end: '2025-02-05', game_days: 20 });
    assert.deepEqual(
      s.models.map((m) => m.system_id),
      ['gbdt_v9_train0117_0205', 'gbdt_v9_q43_train0117_0205'],
    );
    const m = s.models[0];
    assert.equal(m.gate_basis, 'twin'); // the 14 days after 02-05 are not in the store
    assert.equal(m.status, 'candidate');
    assert.ok((m.rows ?? 0) > 700);
    assert.deepEqual(Object.keys(m.gates ?? {}), [
      'duplicate_window',
      'line_bias',
      'tier_bias',
      'hr3',
      'directional',
      'mae_vs_line',
      'log_loss',
    ]);
    for (const g of Object.values(m.gates ?? {})) {
      assert.ok(['pass', 'fail', 'insufficient'].includes(g.outcome));
      assert.ok('interval' in g && 'n_needed' in g, 'every gate result carries its interval and n_needed');
    }
    const row = (await getModel(store, 'gbdt_v9_train0117_0205'))!;
    assert.deepEqual([row.val_start, row.val_end], ['2025-02-03', '2025-02-05']);
    assert.equal(row.residual_quantiles?.length, 201);
    assert.equal(row.counts?.train_rows, m.rows! - Number(row.counts?.val_rows));
    const art = (await getArtifact(store, row.artifact_hash))!;
    assert.equal(createHash('sha256').update(art).digest('hex'), row.artifact_hash);
    const bundle = JSON.parse(art);
    assert.equal(bundle.system_id, row.system_id);
    assert.equal(bundle.gbdt.format, 'courtedge-gbdt');
    assert.equal(bundle.gbdt.params.n_threads, undefined, 'runtime-only settings are not serialized');
    // Validation MAE of a model that learned skill beats a constant guess (skill spread 4…30).
    assert.ok((m.metrics as any).mae < 4.5, `val mae ${(m.metrics as any).mae}`);

    const again = await runTraining(store, config, 'cfg', {
      families: ['v9'],
      end: '2025-02-05',
      today: '2025-02-10',
    });
    assert.deepEqual(again.models, [
      { family: 'v9', skipped: 'DUPLICATE_WINDOW', existing: 'gbdt_v9_train0117_0205' },
    ]);
    const forced = await runTraining(store, config, 'cfg', {
      families: ['v9'],
      end: '2025-02-05',
      today: '2025-02-10',
      force: true,
    });
    assert.equal(forced.models[0].system_id, 'gbdt_v9_train0117_0205_r2');
    assert.equal(forced.models[0].gates?.duplicate_window.outcome, 'pass');
    assert.equal((await listModels(store)).length, 3);
    // Same data, params and seed ⇒ same artifact bytes (modulo the id inside).
    const r2 = (await getModel(store, 'gbdt_v9_train0117_0205_r2'))!;
    const a2 = JSON.parse((await getArtifact(store, r2.artifact_hash))!);
    assert.deepEqual(a2.gbdt, bundle.gbdt);

    // --enable: shadows exactly for the models with no failed gate (log_loss is advisory by default).
    const en = await runTraining(store, config, 'cfg', {
      all: true,
      end: '2025-02-02',
      today: '2025-02-10',
      enable: true,
    });
    for (const e of en.models) {
      const noFail = Object.entries(e.gates ?? {}).every(
        ([k, g]) => k === 'log_loss' || g.outcome !== 'fail',
      );
      assert.equal(e.status, noFail ? 'shadow' : 'candidate');
      assert.equal((await getModel(store, e.system_id!))!.enabled, noFail);
    }

    // Self basis when the 14 days after train_end are in the store.
    const self = await runTraining(store, config, 'cfg', {
      families: ['v9'],
      end: '2025-01-25',
      today: '2025-02-10',
    });
    assert.equal(self.models[0].gate_basis, 'self');
    assert.equal(self.models[0].gates?.hr3.n !== undefined, true);
  } finally {
    await store.close();
  }
});

test('train: INSUFFICIENT_ROWS is reported per family, nothing registered', async () => {
  const config = testConfig({ training: { windowGameDays: 20, minTrainRows: 100000, minValRows: 20 } });
  const store = await seedStore(config, { days: 25 });
  try {
    const s = await runTraining(store, config, 'cfg', {
      families: ['v9'],
      end: '2025-01-25',
      today: '2025-02-10',
    });
    assert.match(
      s.models[0].error ?? '',
      /^INSUFFICIENT_ROWS: v9 2025-01-06…2025-01-25: \d+ training rows \(min 100000\)/,
    );
    assert.equal((await listModels(store)).length, 0);
  } finally {
    await store.close();
  }
});

test('train: DATA_INCOMPLETE when box scores cover < 80% of the window, listing the dates; the run is failed', async () => {
  const config = testConfig();
  const store = await seedStore(config, { days: 25 });
  try {
    await store.run(
      "DELETE FROM box_scores WHERE game_date BETWEEN '2025-01-10'::DATE AND '2025-01-14'::DATE",
    );
    await assert.rejects(
      runTraining(store, config, 'cfg', { families: ['v9'], end: '2025-01-25', today: '2025-02-10' }),
      /DATA_INCOMPLETE: box scores cover 75\.0% of the window's 40 Final games \(< 80%\); dates: 2025-01-10, 2025-01-11, 2025-01-12, 2025-01-13, 2025-01-14/,
    );
    const runs = await store.query("SELECT status, error FROM pipeline_runs WHERE phase = 'train'");
    assert.equal(runs.length, 1);
    assert.equal(runs[0].status, 'failed');
  } finally {
    await store.close();
  }
});
