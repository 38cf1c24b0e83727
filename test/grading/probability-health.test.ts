import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probabilityHealth } from '../../src/grading/probability-health.ts';

/** Probabilities issue: rolling log loss against the market per model, and the 14-day alert. */

test('probability health: log loss vs the market per model; the alert fires only when worse with enough rows', () => {
  // Model a: p 0.6 on 2 overs and 1 under; market 0.5 everywhere.
  //   log loss = −(2 ln 0.6 + ln 0.4)/3 = (1.021651 + 0.916291)/3 = 0.645981; market ln 2 = 0.693147.
  // Model b: p 0.8 on 1 over and 2 unders: −(ln 0.8 + 2 ln 0.2)/3 = (0.223144 + 3.218876)/3 = 1.147340.
  const rows = [
    { system_id: 'a', p: 0.6, market: 0.5, y: 1 as const },
    { system_id: 'a', p: 0.6, market: 0.5, y: 1 as const },
    { system_id: 'a', p: 0.6, market: 0.5, y: 0 as const },
    { system_id: 'b', p: 0.8, market: 0.5, y: 1 as const },
    { system_id: 'b', p: 0.8, market: 0.5, y: 0 as const },
    { system_id: 'b', p: 0.8, market: 0.5, y: 0 as const },
  ];
  const few = probabilityHealth('2025-11-09', rows);
  assert.deepEqual(
    few.health.map((h) => [h.system_id, h.n_14d, h.log_loss_14d, h.market_log_loss_14d, h.excess_14d]),
    [
      ['a', 3, 0.645981, 0.693147, -0.047167],
      ['b', 3, 1.14734, 0.693147, 0.454193],
    ],
  );
  // 3 rows < the 100 a verdict needs: no alert.
  assert.equal(few.alerts.length, 0);
  const enough = probabilityHealth('2025-11-09', rows, 3);
  assert.deepEqual(
    enough.alerts.map((a) => [a.kind, a.subject, a.severity]),
    [['probability_worse_than_market', 'b', 'warning']],
  );
  assert.match(
    enough.alerts[0].message,
    /1\.1473 is worse than the no-vig market's 0\.6931 over the last 14 days \(N=3\)/,
  );
});
