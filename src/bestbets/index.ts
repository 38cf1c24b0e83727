/**
 * Public API of best bets (spec 05); see docs/notes/bestbets.md. Other areas read the tables
 * (best_bets_runs, best_bets_picks, best_bets_candidates, halt_state) or call these.
 */
export {
  type BestBetsResult,
  type CandidateRecord,
  type Pick,
  type RunRecord,
  selectBestBets,
} from './aggregator.ts';
export { publicAngles, ULTRA_PREFIX } from './angles.ts';
export { backtestBestBets } from './backtest.ts';
export { FILTER_KEYS, type FilterKey, type FilterSummary } from './filters.ts';
export { clearManualHalt, getManualHalt, NOT_HALTED, setManualHalt } from './halt.ts';
export { loadBestBetsInput, loadHalt } from './load.ts';
export { applyExposureCap, type Pricing, priceCandidate } from './pricing.ts';
export { engineConfig, type RunBestBetsOptions, type RunBestBetsOutcome, runBestBets } from './run.ts';
export { SIGNALS } from './signals/registry.ts';
export { type Bottleneck, bottleneckText, type PipelineSummary } from './summary.ts';
export type { Halt } from './types.ts';
export { ALGORITHM_VERSION } from './version.ts';
export { backtestPicks, type JsonPick, toJsonPick } from './view.ts';
export { markPublished, readPicks, type StoredPick } from './write.ts';
