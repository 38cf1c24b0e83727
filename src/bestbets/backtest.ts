import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import type { RunHandle } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { runBestBets } from './run.ts';
import { backtestPicks } from './view.ts';

/**
 * The per-day best-bets step of the walk-forward backtest (spec 03 §9 step 3): the models
 * backtest passes its own store (a copy of games, box scores and lines plus its predictions)
 * and gets the day's picks back in its `BacktestPick` shape. The same runBestBets as live —
 * full signals, pricing, ultra and angles, never a reduced path — on the backtest's tables.
 *
 * `now` is the next day's 12:00Z: every game of D has tipped, so each game is priced from its
 * last snapshot before tip (point in time), and no wall clock enters the result.
 */
export function backtestBestBets(
  bt: { store: Store; putPredictions(date: string, preds: any[]): Promise<void> },
  o: { config: Config; configHash: string; log?: Logger },
) {
  return async (date: string, predictions: any[], run: RunHandle) => {
    await bt.putPredictions(date, predictions);
    const out = await runBestBets(bt.store, {
      date,
      run,
      config: o.config,
      configHash: o.configHash,
      now: new Date(`${addDays(date, 1)}T12:00:00.000Z`),
      ultraPublishedOnly: false,
      contributions: false,
      log: o.log,
    });
    return backtestPicks(out.stored);
  };
}
