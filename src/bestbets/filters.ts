import type { BestBetsConfig } from '../config/groups/bestbets.ts';
import type { BaseCandidate } from './candidates.ts';
import type { Pricing } from './pricing.ts';
import type { SignalResult } from './signals/registry.ts';
import type { Supplements } from './supplements.ts';

/** The filters in order (spec 05 §6); the first that fires rejects the candidate. */
export const FILTER_KEYS = [
  'blacklist',
  'edge_floor',
  'under_edge_7plus',
  'familiar_matchup',
  'quality_floor',
  'bench_under',
  'line_jumped_under',
  'line_dropped_under',
  'neg_pm_streak',
  'min_signals',
  'negative_ev',
  'anti_pattern',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface FilterSummary {
  total_candidates: number;
  passed: number;
  rejected: Record<FilterKey, number>;
}

export interface FilterSubject {
  base: BaseCandidate;
  supplements: Supplements;
  signals: SignalResult[];
  real_signal_count: number;
  pricing: Pricing;
}

export interface FilterContext {
  blacklist: ReadonlySet<number>;
  cfg: BestBetsConfig;
}

/** Combos that apply to a candidate: all their signals qualified and the direction matches. */
export function applicableCombos(signals: SignalResult[], direction: string, cfg: BestBetsConfig) {
  const tags = new Set(signals.map((s) => s.tag));
  return cfg.combos.filter(
    (c) => (c.direction === 'ANY' || c.direction === direction) && c.signals.every((t) => tags.has(t)),
  );
}

/** matched_combo_id: the applicable non-anti combo with the most signals (ties → smaller id). */
export function matchedComboId(
  signals: SignalResult[],
  direction: string,
  cfg: BestBetsConfig,
): string | null {
  const combos = applicableCombos(signals, direction, cfg)
    .filter((c) => c.classification !== 'ANTI_PATTERN')
    .sort((a, b) => b.signals.length - a.signals.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return combos[0]?.id ?? null;
}

/**
 * The first failing filter's key, or 'passed'. A filter whose input is null does not fire,
 * except quality_floor (missing quality counts as 0 and rejects).
 */
export function firstFailingFilter(x: FilterSubject, ctx: FilterContext): FilterKey | 'passed' {
  const { cfg } = ctx;
  const f = cfg.filters;
  const c = x.base;
  const s = x.supplements;
  const abs = Math.abs(c.edge);
  const under = c.direction === 'UNDER';
  if (ctx.blacklist.has(c.player_id)) return 'blacklist';
  if (abs < cfg.edgeFloor) return 'edge_floor';
  if (under && abs >= f.underEdgeMax && !f.underEdgeExemptFamilyPrefixes.some((p) => c.family.startsWith(p)))
    return 'under_edge_7plus';
  if (s.games_vs_opponent >= f.familiarGames) return 'familiar_matchup';
  if ((c.quality_score ?? 0) < f.minQuality) return 'quality_floor';
  if (under && c.line < f.benchLineBelow) return 'bench_under';
  if (under && s.line_delta !== null && s.line_delta >= f.lineMove) return 'line_jumped_under';
  if (under && s.line_delta !== null && s.line_delta <= -f.lineMove) return 'line_dropped_under';
  if (under && s.neg_pm_streak >= f.negPmGames) return 'neg_pm_streak';
  if (x.real_signal_count < f.minSignals) return 'min_signals';
  if (x.pricing.ev < f.minEv) return 'negative_ev';
  if (applicableCombos(x.signals, c.direction, cfg).some((k) => k.classification === 'ANTI_PATTERN'))
    return 'anti_pattern';
  return 'passed';
}

/** filter_summary with all 12 keys; throws when Σ rejected + passed ≠ total. */
export function summarizeFilters(results: Array<FilterKey | 'passed'>): FilterSummary {
  const rejected = Object.fromEntries(FILTER_KEYS.map((k) => [k, 0])) as Record<FilterKey, number>;
  let passed = 0;
  for (const r of results) {
    if (r === 'passed') passed++;
    else rejected[r]++;
  }
  const sum = passed + Object.values(rejected).reduce((a, b) => a + b, 0);
  if (sum !== results.length)
    throw new Error(`filter_summary mismatch: ${sum} counted for ${results.length} candidates`);
  return { total_candidates: results.length, passed, rejected };
}
