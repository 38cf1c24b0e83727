import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GradeSummary } from '../grading/index.ts';
import { type BacktestRequest, type BacktestResult, backtestJson, runBacktest } from '../models/backtest.ts';
import { createBacktestStore } from '../models/backtest-store.ts';
import { renderReport } from '../models/report.ts';
import { withRun } from '../store/runs.ts';
import type { App } from './app.ts';
import { backtestDays } from './backtest-days.ts';
import { tipoffFeatures } from './features.ts';

export interface BacktestRun {
  result: BacktestResult;
  /** Every day graded right after its best bets (the live order); null without best bets. */
  graded: GradeSummary | null;
  /** Milliseconds spent in grading (inside the backtest's time). */
  gradeMs: number;
  /** Rows copied into the backtest's own store. */
  copied: unknown;
}

/**
 * The walk-forward backtest (spec 03 §9) as one `backtest` run: weekly retrains, tip-off
 * features, each day predictions, best bets and grading in the live order on the backtest's
 * own store (never the live tables). `courtedge backtest` and `courtedge demo` both call it.
 */
export async function backtest(
  app: App,
  req: Omit<BacktestRequest, 'bestBets' | 'buildFeatures' | 'log'> & {
    bestBets?: boolean;
    /** Each game day's best bets and grading done: the day, days done of the range's game days. */
    onDay?: (p: {
      phase: string;
      date: string;
      done: number;
      total: number;
      rate: number;
      eta_s: number | null;
    }) => void;
  },
): Promise<BacktestRun> {
  const { bestBets = true, onDay, ...rest } = req;
  const bt = bestBets ? await createBacktestStore(app.store, req.from, req.to) : null;
  const days = bt ? backtestDays(bt, { config: app.config, configHash: app.configHash, log: app.log }) : null;
  if (days && onDay) {
    const [{ n }] = await app.store.query<{ n: number }>(
      'SELECT count(DISTINCT game_date)::INTEGER AS n FROM games WHERE game_date BETWEEN $1::DATE AND $2::DATE AND status = 3',
      [req.from, req.to],
    );
    const t0 = Date.now();
    let done = 0;
    const hook = days.bestBets;
    days.bestBets = async (date, predictions) => {
      const picks = await hook(date, predictions);
      done++;
      const rate = done / Math.max(0.001, (Date.now() - t0) / 1000);
      const left = Math.max(0, Number(n) - done);
      onDay({
        phase: 'day',
        date,
        done,
        total: Math.max(done, Number(n)),
        rate: Math.round(rate * 100) / 100,
        eta_s: Math.round(left / rate),
      });
      return picks;
    };
  }
  try {
    const result = await withRun(
      app.store,
      { phase: 'backtest', date: req.to, configHash: app.configHash },
      async (run) => {
        const r = await runBacktest(app.store, app.config, {
          ...rest,
          bestBets: days?.bestBets ?? null,
          log: app.log,
          buildFeatures: tipoffFeatures(app),
        });
        run.counts = { ...r.data, families: Object.keys(r.families).length, copied: bt?.copied ?? null };
        return r;
      },
    );
    return { result, graded: days?.graded ?? null, gradeMs: days?.ms.grade ?? 0, copied: bt?.copied ?? null };
  } finally {
    await bt?.close();
  }
}

/** The Markdown report and its .json twin beside it. */
export function writeBacktestReport(path: string, result: BacktestResult): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderReport(result));
  writeFileSync(`${path.replace(/\.md$/, '')}.json`, `${JSON.stringify(result, null, 2)}\n`);
}

export { backtestJson, renderReport };
