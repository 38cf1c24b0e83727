import { addDays } from '../domain/dates.ts';
import type { BacktestResult } from '../models/backtest.ts';
import { backtest } from './backtest.ts';
import { freshDemoStore, type ServedDemoOptions } from './demo-served.ts';
import { simulate } from './simulate.ts';

/** The walk-forward demo takes the served demo's options but its backfill progress. */
export type DemoOptions = Omit<ServedDemoOptions, 'onBackfill'>;

export interface DemoResult {
  store: string;
  simulated: {
    games: number;
    box_scores: number;
    prop_lines: number;
    first_date: string;
    last_date: string;
    digest: string;
    seconds: number;
  };
  from: string;
  to: string;
  backtest: BacktestResult;
  graded: {
    dates: number;
    predictions: number;
    wins: number;
    losses: number;
    pushes: number;
    voids: number;
    no_bets: number;
    picks: { wins: number; losses: number; pushes: number; voids: number; units: number };
  };
  seconds: { simulate: number; backtest: number; grade: number; total: number };
}

/**
 * The interim `npm start` (00-decisions): simulate two seasons into a fresh store, walk the
 * last `weeks` weeks of the second season forward (weekly retrains of every family, daily
 * predictions from tip-off features, best bets, then grading) on the backtest's own store, and
 * return the report. Nothing touches a live store's models or predictions.
 */
export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const say = o.progress ?? (() => undefined);
  const t0 = Date.now();
  const store = await freshDemoStore(o.storePath);
  try {
    const sim = o.config.simulator;
    const seasons = o.seasons ?? Math.max(2, sim.seasons);
    const app = { store, config: o.config, configHash: o.configHash, log: o.log, progress: say };
    say(`[1/3] simulating ${seasons} seasons (seed ${o.seed ?? sim.seed}) into ${o.storePath}…`);
    const s = await simulate(app, { seed: o.seed ?? sim.seed, seasons, to: null });
    const tSim = Date.now();
    say(
      `      ${s.games} games, ${s.box_scores} box scores, ${s.prop_lines} prop lines (${s.first_date} … ${s.last_date}) in ${((tSim - t0) / 1000).toFixed(1)} s`,
    );

    const [{ last }] = await store.query<{ last: string }>(
      'SELECT max(game_date) AS last FROM games WHERE status = 3 AND season = (SELECT max(season) FROM games)',
    );
    const to = last;
    const from = addDays(to, -(7 * (o.weeks ?? 4)) + 1);
    say(
      `[2/3] walk-forward backtest ${from} … ${to}: weekly retrains of every family; each day predictions, best bets, then grading (the live order)…`,
    );
    const bt = await backtest(app, { from, to });
    const backtestResult = bt.result;
    const tBt = Date.now();
    // Every day was graded right after its best bets (the live order); this is their sum.
    const g = bt.graded!;
    say(
      `      ${backtestResult.data.models_trained} models trained, ${backtestResult.data.predictions} predictions, ${g.dates} days graded in ${((tBt - tSim) / 1000).toFixed(1)} s (grading ${(bt.gradeMs / 1000).toFixed(1)} s)`,
    );
    const graded: DemoResult['graded'] = {
      dates: g.dates,
      predictions: g.graded,
      wins: g.wins,
      losses: g.losses,
      pushes: g.pushes,
      voids: g.voids,
      no_bets: g.no_bets,
      picks: {
        wins: g.picks.wins,
        losses: g.picks.losses,
        pushes: g.picks.pushes,
        voids: g.picks.voids,
        units: g.picks.units,
      },
    };
    const tEnd = Date.now();
    say(`[3/3] report (${((tEnd - t0) / 1000).toFixed(1)} s in all)`);
    return {
      store: o.storePath,
      simulated: {
        games: s.games,
        box_scores: s.box_scores,
        prop_lines: s.prop_lines,
        first_date: s.first_date,
        last_date: s.last_date,
        digest: s.digest,
        seconds: Math.round((tSim - t0) / 100) / 10,
      },
      from,
      to,
      backtest: backtestResult,
      graded,
      seconds: {
        simulate: Math.round((tSim - t0) / 100) / 10,
        backtest: Math.round((tBt - tSim - bt.gradeMs) / 100) / 10,
        grade: Math.round(bt.gradeMs / 100) / 10,
        total: Math.round((tEnd - t0) / 100) / 10,
      },
    };
  } finally {
    await store.close();
  }
}
