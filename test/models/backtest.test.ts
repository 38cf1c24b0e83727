import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BacktestPrediction,
  backtestJson,
  bestBetsReport,
  runBacktest,
} from '../../src/models/backtest.ts';
import { listModels } from '../../src/models/registry.ts';
import { renderReport } from '../../src/models/report.ts';
import { seedStore, testConfig } from './fixture.ts';

test('3-week backtest: weekly blocks, twin gates, byte-identical across runs and 1 vs 4 threads', async () => {
  const config = testConfig();
  const store = await seedStore(config, { days: 60 });
  try {
    // A stand-in best-bets hook: the v9 predictions with |edge| ≥ 5, one per player-game.
    const bestBets = (date: string, preds: BacktestPrediction[]) =>
      preds
        .filter((p) => p.family === 'v9' && p.edge !== null && Math.abs(p.edge) >= 5)
        .map((p) => ({
          game_date: date,
          game_id: p.game_id,
          player_id: p.player_id,
          system_id: p.system_id,
          direction: (p.edge! > 0 ? 'OVER' : 'UNDER') as 'OVER' | 'UNDER',
          line: p.line!,
          price: p.edge! > 0 ? p.over_price : p.under_price,
          real_signal_count: 2,
        }));
    // The research view (every model feeds best bets): the stand-in hook sees v9 in every block.
    const req = { from: '2025-02-10', to: '2025-03-01', bestBets, allModels: true };
    const a = await runBacktest(store, config, req);
    const b = await runBacktest(store, { ...config, threads: 4 }, req);
    assert.equal(renderReport(a), renderReport(b));
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    assert.deepEqual(
      a.blocks.map((x) => [x.start, x.end, x.train_end, x.game_days]),
      [
        ['2025-02-10', '2025-02-16', '2025-02-09', 7],
        ['2025-02-17', '2025-02-23', '2025-02-16', 7],
        ['2025-02-24', '2025-03-01', '2025-02-23', 6],
      ],
    );
    const m = a.blocks[0].models.v9;
    assert.equal(m.system_id, 'gbdt_v9_train0121_0209');
    assert.ok(m.gates && Object.keys(m.gates).length === 7);
    // Every played quality-ready row of the 20 days is scored once per family (40 player-games a day).
    assert.equal(a.data.predictions, 2 * 20 * 40);
    const f = a.families.v9;
    assert.ok(f.n > 700 && f.n < 800, `n ${f.n}`); // ~4% DNPs are void
    assert.ok(f.line_mae !== null && f.mae_lined !== null);
    assert.ok(f.hr3.n > 0 && f.hr3.ci_low! <= f.hr3.hr! && f.hr3.hr! <= f.hr3.ci_high!);
    assert.equal(f.roi_110, f.hr3.roi_110);
    assert.deepEqual(Object.keys(f.by_week), ['2025-02-10', '2025-02-17', '2025-02-24']);
    // Twin of block 3 (train_end 02-23 − 14 = 02-09) is block 1's model: cached, not retrained.
    assert.equal(a.data.models_trained, 2 * 5);
    assert.equal(a.clv.available, false);
    const j = backtestJson(a);
    assert.deepEqual(Object.keys(j), ['from', 'to', 'view', 'families', 'best_bets', 'blocks']);
    assert.deepEqual(Object.keys(j.families.v9), [
      'n',
      'mae',
      'line_mae',
      'hr3',
      'hr5',
      'roi_actual',
      'roi_110',
      'brier',
      'n_lined',
      'mae_all',
      // p_model, p_final and the market on the same rows (models.probability.enabled, the default).
      'probability',
    ]);
    // Best bets are graded like a family's HR@5 population of v9 (same rows, same rule).
    assert.equal(j.best_bets?.n, f.hr5.n);
    assert.equal(j.best_bets?.hr, f.hr5.hr);
    assert.equal((await listModels(store)).length, 0, 'nothing is written to the live registry');
    assert.match(renderReport(a), /\| v9 \| \d+ \| \d+ \| \d/);
  } finally {
    await store.close();
  }
});

test('best-bets grading: HR, Wilson, ROI, pushes and voids apart, by real_signal_count', () => {
  const picks = [
    {
      game_date: 'd',
      game_id: 'g',
      player_id: 1,
      system_id: 's',
      direction: 'OVER' as const,
      line: 20.5,
      price: -110,
      real_signal_count: 2,
    },
    {
      game_date: 'd',
      game_id: 'g',
      player_id: 2,
      system_id: 's',
      direction: 'UNDER' as const,
      line: 10.5,
      price: 150,
      real_signal_count: 2,
    },
    {
      game_date: 'd',
      game_id: 'g',
      player_id: 3,
      system_id: 's',
      direction: 'OVER' as const,
      line: 15,
      price: -110,
      real_signal_count: 3,
    },
    {
      game_date: 'd',
      game_id: 'g',
      player_id: 4,
      system_id: 's',
      direction: 'OVER' as const,
      line: 5.5,
      real_signal_count: 3,
    },
    {
      game_date: 'd',
      game_id: 'g',
      player_id: 5,
      system_id: 's',
      direction: 'UNDER' as const,
      line: 5.5,
      real_signal_count: 3,
    },
  ];
  const actual: Record<number, number | null> = { 1: 25, 2: 12, 3: 15, 4: null, 5: 3 };
  const r = bestBetsReport(picks, (p) => actual[p.player_id]);
  assert.deepEqual([r.n, r.wins, r.losses, r.pushes, r.voids], [3, 2, 1, 1, 1]);
  assert.equal(r.hr, 0.6667);
  // priced bets: +0.9091 and −1 → −0.0909/2
  assert.equal(r.roi_actual, -0.0455);
  assert.equal(r.roi_110, 0.2727);
  assert.deepEqual(r.by_real_signal_count['2'], { n: 2, hr: 0.5, ci_low: 0.0945, ci_high: 0.9055 });
});
