import {
  bottleneckText,
  type JsonPick,
  NOT_HALTED,
  type RunBestBetsOptions,
  type RunBestBetsOutcome,
  runBestBets,
  toJsonPick,
} from '../bestbets/index.ts';
import { resolveClock } from '../store/clock.ts';
import { withRun } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import type { App } from './app.ts';
import { type Republished, republish } from './publish-after.ts';

/** Best bets of a date inside its own `bestbets` pipeline_runs row (failed with the error on a throw). */
export function runBestBetsRecorded(
  store: Store,
  o: Omit<RunBestBetsOptions, 'run'>,
): Promise<RunBestBetsOutcome> {
  return withRun(store, { phase: 'bestbets', date: o.date, configHash: o.configHash }, (run) =>
    runBestBets(store, { ...o, run }),
  );
}

export interface BestBetsResult {
  date: string;
  run_id: string;
  dry_run: boolean;
  algorithm_version: string;
  config_hash: string;
  halt: { active: boolean; state: string | null; reason: string | null; since: string | null };
  /** The bottleneck in plain words when there are no picks (null with picks). */
  message: string | null;
  picks: JsonPick[];
  withdrawn: Array<JsonPick & { withdrawn_at: string | null; withdraw_reason: string | null }>;
  filter_summary: RunBestBetsOutcome['result']['run']['filter_summary'];
  pipeline_summary: RunBestBetsOutcome['result']['run']['pipeline_summary'];
  exposure: RunBestBetsOutcome['result']['run']['exposure'];
  ultra_gate: RunBestBetsOutcome['result']['run']['ultra_gate'];
  edge_floor: number;
  /** The re-export after the run (spec 07 §1), when asked: files written, or the error. */
  published: Republished | null;
}

/**
 * `courtedge bestbets` / POST /api/admin/phases/bestbets: the picks of a date (default today,
 * 00-decisions' one clock), priced at the run time of that clock, or the named bottleneck.
 */
export async function bestBets(
  app: App,
  req: { date?: string; dryRun?: boolean; publish?: boolean },
): Promise<BestBetsResult> {
  const clock = await resolveClock(app.store, { configToday: app.config.today });
  const date = req.date ?? clock.today;
  const out = await runBestBetsRecorded(app.store, {
    date,
    config: app.config,
    configHash: app.configHash,
    now: clock.now(),
    dryRun: req.dryRun,
    log: app.log,
  });
  const r = out.result.run;
  const halt =
    r.status === 'halted'
      ? { active: true, state: r.halt_state, reason: r.halt_reason, since: r.halt_since }
      : NOT_HALTED;
  const active = req.dryRun ? out.result.picks : out.stored.filter((p) => p.status === 'active');
  // Spec 07 §1 "When files are written": what best bets changed is re-exported (its own run).
  const published = req.publish && !req.dryRun ? await republish(app, date, 'bestbets') : null;
  return {
    published,
    date,
    run_id: out.run_id,
    dry_run: !!req.dryRun,
    algorithm_version: r.algorithm_version,
    config_hash: r.config_hash,
    halt,
    message: await noGamesText(
      app.store,
      date,
      bottleneckText(r.pipeline_summary, app.config.bestbets.edgeFloor, r.halt_reason),
    ),
    picks: active.map(toJsonPick),
    withdrawn: out.stored
      .filter((p) => p.status === 'withdrawn')
      .map((p) => ({ ...toJsonPick(p), withdrawn_at: p.withdrawn_at, withdraw_reason: p.withdraw_reason })),
    filter_summary: r.filter_summary,
    pipeline_summary: r.pipeline_summary,
    exposure: r.exposure,
    ultra_gate: r.ultra_gate,
    edge_floor: app.config.bestbets.edgeFloor,
  };
}

/** A date without games is said so, not "no_models" (issue 20: the models were never the cause). */
async function noGamesText(store: Store, date: string, message: string | null): Promise<string | null> {
  if (!message?.startsWith('no_models')) return message;
  const [g] = await store.query<{ n: number }>(
    'SELECT COUNT(*)::INTEGER AS n FROM games WHERE game_date = $1::DATE',
    [date],
  );
  if (Number(g?.n)) return message;
  return `no games: the store holds no game on ${date} (import or fetch its schedule to bet it)`;
}
