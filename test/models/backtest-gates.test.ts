import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BacktestPick,
  type BacktestPrediction,
  backtestJson,
  runBacktest,
} from '../../src/models/backtest.ts';
import { renderReport } from '../../src/models/report.ts';
import { seedStore, testConfig } from './fixture.ts';

/**
 * The backtest respects the gates by default, as live operation would (gates issue): a family
 * whose model fails a gate feeds no best bets (or, when an earlier model of it was enabled,
 * that one keeps predicting, as the live registry keeps it); `allModels` is the research view.
 * v9_q10 predicts the 10th percentile: ~4 points under the line, so line_bias and mae_vs_line
 * fail with intervals far from their bars whenever its twin has evaluation rows.
 */

const config = testConfig({
  families: [
    { name: 'v9', featureSet: 'v9', loss: 'l2', minEdge: 3 },
    { name: 'v9_q10', featureSet: 'v9', loss: 'quantile', alpha: 0.1, minEdge: 3 },
  ],
});

/** A stand-in best-bets hook: every prediction with |edge| ≥ 1 is a pick. */
function collect() {
  const picks: BacktestPick[] = [];
  const hook = (date: string, preds: BacktestPrediction[]) => {
    const out = preds
      .filter((p) => p.edge !== null && Math.abs(p.edge) >= 1)
      .map((p) => ({
        game_date: date,
        game_id: p.game_id,
        player_id: p.player_id,
        system_id: p.system_id,
        direction: (p.edge! > 0 ? 'OVER' : 'UNDER') as 'OVER' | 'UNDER',
        line: p.line!,
        price: null,
        real_signal_count: 1,
      }));
    picks.push(...out);
    return out;
  };
  return { picks, hook };
}

test('as live, a family whose model fails its gates gives no picks; --all-models gives the research view', async () => {
  const store = await seedStore(config, { days: 60 });
  try {
    const live = collect();
    const r = await runBacktest(store, config, { from: '2025-02-10', to: '2025-02-23', bestBets: live.hook });
    assert.equal(r.view, 'as_live');
    assert.equal(r.settings.respect_gates, true);
    for (const b of r.blocks) {
      const q = b.models.v9_q10;
      assert.equal(q.gates?.line_bias.outcome, 'fail');
      assert.ok(q.gates!.line_bias.interval!.high! < -1.5, JSON.stringify(q.gates!.line_bias));
      assert.equal(q.sat_out, true);
      assert.equal(q.fed_by, null);
      assert.match(q.why, /^sat out: gbdt_v9_q10_train\d{4}_\d{4} failed line_bias -\d/);
      assert.match(q.why, /no earlier model enabled$/);
      assert.equal(b.models.v9.why, 'enabled: no gate failed');
      assert.deepEqual(b.fed, [b.models.v9.system_id]);
    }
    assert.ok(live.picks.length > 20, `${live.picks.length} picks`);
    assert.ok(
      live.picks.every((p) => p.system_id.startsWith('gbdt_v9_train')),
      'picks only from v9',
    );
    // The family figures still cover both models (what each would have done); best bets saw v9 only.
    assert.equal(r.families.v9_q10.n > 0, true);
    assert.equal(r.families.v9_q10.blocks_sat_out, 2);
    assert.equal(
      r.data.fed_predictions,
      r.blocks.reduce((a, b) => a + b.models.v9.predictions, 0),
    );
    // The record of what fed best bets is v9's own (the only family fed).
    assert.deepEqual(r.data.fed_hr3, r.families.v9.hr3);
    const j = backtestJson(r);
    assert.equal(j.view, 'as_live');
    assert.deepEqual(Object.keys(j.blocks[0].sat_out), ['v9_q10']);
    assert.match(renderReport(r), /\*\*View: as live\.\*\*/);
    assert.match(renderReport(r), /Fed best bets: gbdt_v9_train0121_0209\./);

    const all = collect();
    const a = await runBacktest(store, config, {
      from: '2025-02-10',
      to: '2025-02-23',
      bestBets: all.hook,
      allModels: true,
    });
    assert.equal(a.view, 'all_models');
    assert.ok(all.picks.some((p) => p.system_id.startsWith('gbdt_v9_q10_')));
    assert.equal(a.blocks[0].fed.length, 2);
    assert.equal(a.blocks[0].models.v9_q10.why, 'all-models view: every trained model feeds');
    // The family figures are the same in both views; only what fed best bets differs.
    const strip = (f: typeof r.families) =>
      Object.fromEntries(Object.entries(f).map(([k, { blocks_sat_out: _, ...v }]) => [k, v]));
    assert.deepEqual(strip(a.families), strip(r.families));
    assert.equal(a.families.v9_q10.blocks_sat_out, 0);
    assert.match(renderReport(a), /\*\*View: all models \(research\)\.\*\*/);
  } finally {
    await store.close();
  }
});

test('as live, a family whose new model fails keeps its earlier enabled model, as the registry does', async () => {
  const store = await seedStore(config, { days: 60 });
  try {
    // Blocks 1–2 have no twin with evaluation rows (the store starts 2025-01-01): every gate is
    // insufficient, so both families are enabled. Block 3's twin (window to 01-09) is judged.
    const live = collect();
    const r = await runBacktest(store, config, { from: '2025-01-10', to: '2025-01-30', bestBets: live.hook });
    const [b1, b2, b3] = r.blocks;
    for (const b of [b1, b2]) {
      assert.equal(b.models.v9_q10.why, 'enabled: no gate failed');
      assert.equal(b.fed.length, 2);
    }
    const q = b3.models.v9_q10;
    assert.equal(q.sat_out, true);
    assert.equal(q.fed_by, b2.models.v9_q10.system_id);
    assert.match(
      q.why,
      /^carried over: gbdt_v9_q10_train\d{4}_0123 failed line_bias -4\.\d+ \[.*\] vs ±1\.5 \(N=\d+\)/,
    );
    assert.match(q.why, /gbdt_v9_q10_train\d{4}_0116 \(enabled 2025-01-17\) keeps predicting$/);
    // v9's block-3 model fails log_loss (p_model 0.04 nats worse than the no-vig market, interval
    // [0.004, 0.078]): advisory by default (models.registry.advisoryGates), so it is enabled.
    assert.match(
      b3.models.v9.why,
      /^enabled: no gate failed \(advisory, not blocking: log_loss 0\.\d+ \[0\.\d+, 0\.\d+\] vs 0 \(N=\d+\)\)$/,
    );
    assert.deepEqual(b3.fed, [b3.models.v9.system_id, b2.models.v9_q10.system_id].sort());
    const b3Picks = live.picks.filter((p) => p.game_date >= b3.start);
    assert.ok(b3Picks.length > 0);
    assert.ok(!b3Picks.some((p) => p.system_id === q.system_id), 'the failed model feeds nothing');
  } finally {
    await store.close();
  }
});

test('with no advisory gates a log_loss fail blocks enabling too: the earlier model keeps predicting', async () => {
  const strict = testConfig({
    families: [{ name: 'v9', featureSet: 'v9', loss: 'l2', minEdge: 3 }],
    registry: { advisoryGates: [] },
  });
  const store = await seedStore(strict, { days: 60 });
  try {
    const r = await runBacktest(store, strict, { from: '2025-01-10', to: '2025-01-30' });
    const [, b2, b3] = r.blocks;
    assert.equal(b3.models.v9.gates?.log_loss.outcome, 'fail');
    assert.match(b3.models.v9.why, /^carried over: gbdt_v9_train\d{4}_0123 failed log_loss 0\.\d+ \[/);
    assert.equal(b3.models.v9.fed_by, b2.models.v9.system_id);
  } finally {
    await store.close();
  }
});
