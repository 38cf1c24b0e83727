import type { ComputedRow } from './compute.ts';
import {
  ALL_FEATURES,
  type FeatureSetName,
  featureSetVersion,
  SET_INDICES,
  type SourceTag,
} from './contract.ts';
import type { FeatureParams } from './inputs.ts';

/**
 * Quality and zero tolerance (spec 02 §5). A value present gets its feature's tag, NULL is
 * always `missing`; nothing is invented or defaulted.
 */
export type Reason = 'INSUFFICIENT_HISTORY' | 'TEAM_MISMATCH' | 'MISSING_REQUIRED';
export type CutoffKind = 'tipoff' | 'asof';

/** One stored row of the `features` table (a set's projection of the superset). */
export interface FeatureRow {
  game_id: string;
  player_id: number;
  game_date: string;
  feature_set: FeatureSetName;
  feature_set_version: string;
  cutoff_kind: CutoffKind;
  cutoff_at: string;
  contract_hash: string;
  team: string | null;
  opponent: string | null;
  line_at_cutoff: number | null;
  values: (number | null)[];
  sources: SourceTag[];
  quality_score: number;
  required_defaults: number;
  missing_required: string[];
  is_quality_ready: boolean;
  reason: Reason | null;
}

export type QualityWeights = FeatureParams['quality']['weights'];

/**
 * quality_score = Σ w(tag) / |C|, C = the set's required features plus its optional features
 * that are present; capped at 69 with ≥ 1 required NULL and at 49 with ≥ 5. One decimal.
 */
export function qualityScore(
  sources: readonly SourceTag[],
  required: readonly boolean[],
  weights: QualityWeights,
): { score: number; requiredDefaults: number } {
  let total = 0;
  let n = 0;
  let requiredDefaults = 0;
  for (let i = 0; i < sources.length; i++) {
    if (!required[i] && sources[i] === 'missing') continue;
    if (required[i] && sources[i] === 'missing') requiredDefaults++;
    total += weights[sources[i]];
    n++;
  }
  let score = n ? total / n : 0;
  if (requiredDefaults >= 1) score = Math.min(score, 69);
  if (requiredDefaults >= 5) score = Math.min(score, 49);
  return { score: Math.round(score * 10) / 10, requiredDefaults };
}

export function tierOf(score: number): 'gold' | 'silver' | 'bronze' | 'poor' | 'critical' {
  return score >= 95
    ? 'gold'
    : score >= 85
      ? 'silver'
      : score >= 70
        ? 'bronze'
        : score >= 50
          ? 'poor'
          : 'critical';
}

export function projectRow(
  c: ComputedRow,
  set: FeatureSetName,
  ctx: { cutoffKind: CutoffKind; contractHash: string; quality: FeatureParams['quality'] },
): FeatureRow {
  const idx = SET_INDICES[set];
  const n = idx.length;
  const values: (number | null)[] = new Array(n);
  const sources: SourceTag[] = new Array(n);
  const missing: string[] = [];
  let total = 0;
  let counted = 0;
  let requiredDefaults = 0;
  const w = ctx.quality.weights;
  for (let k = 0; k < n; k++) {
    const f = ALL_FEATURES[idx[k]];
    const x = c.values[f.index];
    values[k] = x;
    const tag: SourceTag = x === null ? 'missing' : f.tag;
    sources[k] = tag;
    if (x === null && !f.required) continue; // optional and absent: not in C
    if (x === null) {
      requiredDefaults++;
      missing.push(f.name);
    }
    total += w[tag];
    counted++;
  }
  // Same rule as qualityScore (kept inline: this runs for every row of every set).
  let raw = counted ? total / counted : 0;
  if (requiredDefaults >= 1) raw = Math.min(raw, 69);
  if (requiredDefaults >= 5) raw = Math.min(raw, 49);
  const score = Math.round(raw * 10) / 10;
  const reason: Reason | null = c.baseReason ?? (requiredDefaults > 0 ? 'MISSING_REQUIRED' : null);
  return {
    game_id: c.game_id,
    player_id: c.player_id,
    game_date: c.game_date,
    feature_set: set,
    feature_set_version: featureSetVersion(set),
    cutoff_kind: ctx.cutoffKind,
    cutoff_at: c.cutoff_at,
    contract_hash: ctx.contractHash,
    team: c.team,
    opponent: c.opponent,
    line_at_cutoff: c.line_at_cutoff,
    values,
    sources,
    quality_score: score,
    required_defaults: requiredDefaults,
    missing_required: missing,
    is_quality_ready: reason === null && requiredDefaults === 0 && score >= ctx.quality.minScore,
    reason,
  };
}

/** Features whose single distinct value over a build's ready rows fails the phase (§5). */
export const VARIANCE_FEATURES = [
  'points_avg_last_5',
  'points_avg_last_10',
  'points_avg_season',
  'opponent_def_rating',
  'opponent_pace',
  'team_pace',
  'team_off_rating',
  'team_win_pct',
  'minutes_avg_last_10',
];

export class FeatureZeroVarianceError extends Error {
  readonly code = 'FEATURE_ZERO_VARIANCE';
  constructor(readonly problems: string[]) {
    super(`FEATURE_ZERO_VARIANCE: ${problems.join('; ')}`);
    this.name = 'FeatureZeroVarianceError';
  }
}

/**
 * The variance check per build over quality-ready rows (00-decisions): with ≥ varianceMinRows
 * ready rows of a set, one distinct value in a watched feature is a failure; an all-NULL
 * column or too few ready rows is a warning.
 */
export function varianceCheck(
  rows: readonly FeatureRow[],
  minRows: number,
): { failures: string[]; warnings: string[] } {
  const failures: string[] = [];
  const warnings: string[] = [];
  const bySet = new Map<FeatureSetName, FeatureRow[]>();
  for (const r of rows) {
    if (!r.is_quality_ready) continue;
    const l = bySet.get(r.feature_set);
    if (l) l.push(r);
    else bySet.set(r.feature_set, [r]);
  }
  for (const [set, ready] of bySet) {
    if (ready.length < minRows) {
      warnings.push(`${set}: ${ready.length} ready rows < ${minRows}; variance check skipped`);
      continue;
    }
    const idx = SET_INDICES[set];
    for (const name of VARIANCE_FEATURES) {
      const k = idx.findIndex((i) => ALL_FEATURES[i].name === name);
      if (k < 0) continue;
      const distinct = new Set<number>();
      for (const r of ready) if (r.values[k] !== null) distinct.add(r.values[k] as number);
      if (distinct.size === 0) warnings.push(`${set}.${name}: all NULL; skipped`);
      else if (distinct.size === 1)
        failures.push(`${set}.${name} has one value (${[...distinct][0]}) over ${ready.length} ready rows`);
    }
  }
  return { failures, warnings };
}
