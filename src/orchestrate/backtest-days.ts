import { backtestBestBets } from '../bestbets/backtest.ts';
import type { Logger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { addSummary, emptySummary, type GradeSummary } from '../grading/index.ts';
import type { BestBetsHook } from '../models/backtest.ts';
import type { BacktestStore } from '../models/backtest-store.ts';
import { withRun } from '../store/runs.ts';
import { gradeDates } from './grade.ts';

export interface BacktestDays {
  /** The hook the walk-forward backtest calls once per game day, in date order. */
  bestBets: BestBetsHook;
  /** Grading of every day so far (predictions and picks, on the backtest's store). */
  graded: GradeSummary;
  /** Time spent so far in grading (milliseconds). */
  ms: { grade: number };
}

/**
 * A game day of the walk-forward backtest in the live order (spec 03 §9 step 3, 00-decisions):
 * the day's predictions go into the backtest's own store, best bets run on them with the live
 * code, then the day is graded with the live code. So best bets of D read the signal,
 * direction and blacklist health of the days before D, as the daily pipeline would have, and
 * never anything of D or later. Nothing is written to a live store.
 */
export function backtestDays(
  bt: BacktestStore,
  o: { config: Config; configHash: string; log?: Logger },
): BacktestDays {
  const graded = emptySummary();
  const ms = { grade: 0 };
  const picksOf = backtestBestBets(bt, o);
  return {
    graded,
    ms,
    bestBets: async (date, predictions) => {
      const picks = await withRun(bt.store, { phase: 'bestbets', date, configHash: o.configHash }, (run) =>
        picksOf(date, predictions, run),
      );
      const t0 = Date.now();
      addSummary(graded, await gradeDates(bt.store, [date], { ...o, alerts: false }));
      ms.grade += Date.now() - t0;
      return picks;
    },
  };
}
