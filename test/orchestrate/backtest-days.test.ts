import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBacktest } from '../../src/models/backtest.ts';
import { createBacktestStore } from '../../src/models/backtest-store.ts';
import { backtestDays } from '../../src/orchestrate/backtest-days.ts';
import { seedStore, testConfig } from '../models/fixture.ts';

test('backtest days run in the live order: best bets of D, grading of D, then best bets of D + 1', async () => {
  const config = testConfig();
  const store = await seedStore(config, { days: 60 });
  const from = '2025-02-10';
  const to = '2025-02-16';
  const bt = await createBacktestStore(store, from, to);
  try {
    const days = backtestDays(bt, { config, configHash: 'test' });
    const r = await runBacktest(store, config, { from, to, bestBets: days.bestBets });
    const runs = await bt.store.query<{
      phase: string;
      date: string;
      started_at: string;
      finished_at: string;
    }>(
      `SELECT phase, strftime(date, '%Y-%m-%d') AS date, started_at::VARCHAR AS started_at,
              finished_at::VARCHAR AS finished_at
       FROM pipeline_runs WHERE phase IN ('bestbets', 'grade') AND status = 'succeeded'
       ORDER BY started_at, phase`,
    );
    const dates = [...new Set(runs.map((x) => x.date))].sort();
    assert.equal(dates.length, 7);
    assert.equal(dates[0], from);
    // One best-bets run and one grading run per day, alternating in date order.
    assert.deepEqual(
      runs.map((x) => `${x.date} ${x.phase}`),
      dates.flatMap((d) => [`${d} bestbets`, `${d} grade`]),
    );
    for (let i = 0; i + 1 < runs.length; i++) assert.ok(runs[i].finished_at <= runs[i + 1].started_at);
    // Every prediction best bets saw was graded, day by day, on the backtest's store (as live,
    // only the models with no failed gate feed: r.data.fed_predictions ≤ r.data.predictions).
    assert.equal(days.graded.dates, 7);
    assert.equal(days.graded.graded, r.data.fed_predictions);
    assert.equal(days.graded.per_date.length, 7);
    const [{ n }] = await store.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM prediction_grades');
    assert.equal(n, 0, 'the live store is never written');
  } finally {
    await bt.close();
    await store.close();
  }
});
