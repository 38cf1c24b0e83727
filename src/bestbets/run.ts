import type { Logger } from '../config/log.ts';
import { silentLogger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import type { RunHandle } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import { type BestBetsResult, selectBestBets } from './aggregator.ts';
import { pickContributions } from './contributions.ts';
import { loadBestBetsInput } from './load.ts';
import type { EngineConfig } from './types.ts';
import { type StoredPick, writeBestBets } from './write.ts';

/** The engine's settings taken from the one configuration. */
export function engineConfig(config: Config, configHash: string): EngineConfig {
  return {
    bestbets: config.bestbets,
    breakEvenHr: config.grading.health.breakEvenHr,
    staleAfterHours: config.lines.staleAfterHours,
    outlierPoints: config.lines.outlierPoints,
    unknownTipTimeEt: config.features.unknownTipTimeEt,
    configHash,
  };
}

export interface RunBestBetsOptions {
  date: string;
  /** The `bestbets` run its caller opened (the use case owns the pipeline_runs row). */
  run: RunHandle;
  config: Config;
  configHash: string;
  /** Run time; default the wall clock. Odds after it (and after each tip) are never read. */
  now?: Date;
  dryRun?: boolean;
  log?: Logger;
  /** Ultra records over published picks only (default true); a backtest store passes false. */
  ultraPublishedOnly?: boolean;
  /** Compute GBDT drivers for the picks (default true). */
  contributions?: boolean;
  /** Test hook passed to the writer (inside the transaction). */
  beforeCommit?: Parameters<typeof writeBestBets>[2]['beforeCommit'];
}

export interface RunBestBetsOutcome {
  run_id: string;
  result: BestBetsResult;
  /** Final pick rows of the date (active, withdrawn and frozen); empty on a dry run. */
  stored: StoredPick[];
  withdrawn: number;
  frozen: number;
}

/**
 * Phase 6 (spec 05 §1, 08): load D set-based, select in the pure core, write in one
 * transaction, inside the `pipeline_runs` row of phase `bestbets` that the caller opened (it
 * fails with the error when anything throws; the previous picks are kept). The backtest calls
 * this per date on its own store.
 */
export async function runBestBets(store: Store, o: RunBestBetsOptions): Promise<RunBestBetsOutcome> {
  const log = o.log ?? silentLogger;
  const now = o.now ?? new Date();
  const ec = engineConfig(o.config, o.configHash);
  const run = o.run;
  const input = await loadBestBetsInput(store, {
    date: o.date,
    now,
    lookbackDays: o.config.bestbets.lineDeltaLookbackDays,
    offSeasonDays: o.config.bestbets.offSeasonDays,
    ultraPublishedOnly: o.ultraPublishedOnly ?? true,
    log,
  });
  let result = selectBestBets(input, ec);
  if (result.picks.length && o.contributions !== false) {
    // Drivers need the picks first; the second pass only adds angles (same selection).
    const contributions = await pickContributions(store, o.date, result.picks, log);
    if (Object.keys(contributions).length) result = selectBestBets({ ...input, contributions }, ec);
  }
  const s = result.run.pipeline_summary;
  run.counts = {
    ...s.counts,
    bottleneck: s.bottleneck,
    status: result.run.status,
    dry_run: !!o.dryRun,
  };
  if (o.dryRun) return { run_id: run.runId, result, stored: [], withdrawn: 0, frozen: 0 };
  const w = await writeBestBets(store, result, {
    runId: run.runId,
    now: now.toISOString(),
    beforeCommit: o.beforeCommit,
  });
  run.counts.withdrawn = w.withdrawn;
  run.counts.frozen = w.frozen;
  log.info(
    { date: o.date, picks: result.picks.length, bottleneck: s.bottleneck, withdrawn: w.withdrawn },
    'bestbets: written',
  );
  return { run_id: run.runId, result, stored: w.picks, withdrawn: w.withdrawn, frozen: w.frozen };
}
