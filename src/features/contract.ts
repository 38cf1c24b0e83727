import { createHash } from 'node:crypto';
import { canonicalJson } from '../config/load.ts';
import type { Config } from '../config/schema.ts';

/**
 * The feature contract (spec 02 §1, §3, §4): names in order, source tags, required/optional,
 * valid ranges. Positions never change; a new feature is appended and gets a new set name.
 * Bump FEATURE_REVISION whenever a formula changes.
 */
export const FEATURE_REVISION = 1;

export type SourceTag =
  | 'box_score'
  | 'team_logs'
  | 'schedule'
  | 'odds'
  | 'injuries'
  | 'calculated'
  | 'missing';
export type FeatureSetName = 'v9' | 'v12' | 'v12_noveg';
export const FEATURE_SETS: readonly FeatureSetName[] = ['v9', 'v12', 'v12_noveg'];

export interface FeatureDef {
  index: number;
  name: string;
  tag: Exclude<SourceTag, 'missing'>;
  /** Required in every set that has it (R of spec 02 §3). */
  required: boolean;
  /** Valid range, both ends included; outside → stored NULL and counted FEATURE_RANGE. */
  min: number;
  max: number;
}

type Def = [string, FeatureDef['tag'], 'R' | 'O', number, number];

// biome-ignore format: one feature per line reads like the spec's table
const DEFS: Def[] = [
  ['points_avg_last_5', 'box_score', 'R', 0, 80],
  ['points_avg_last_10', 'box_score', 'R', 0, 80],
  ['points_avg_season', 'box_score', 'R', 0, 80],
  ['points_std_last_10', 'box_score', 'R', 0, 50],
  ['games_in_last_7_days', 'box_score', 'R', 0, 7],
  ['fatigue_score', 'calculated', 'R', 0, 100],
  ['shot_zone_mismatch_score', 'calculated', 'O', -10, 10],
  ['pace_score', 'team_logs', 'R', -3, 3],
  ['usage_spike_score', 'calculated', 'O', -3, 3],
  ['rest_advantage', 'schedule', 'R', -2, 2],
  ['injury_risk', 'injuries', 'O', 0, 3],
  ['recent_trend', 'calculated', 'R', -2, 2],
  ['minutes_change', 'calculated', 'R', -2, 2],
  ['opponent_def_rating', 'team_logs', 'R', 70, 150],
  ['opponent_pace', 'team_logs', 'R', 85, 115],
  ['home_away', 'schedule', 'R', 0, 1],
  ['back_to_back', 'box_score', 'R', 0, 1],
  ['playoff_game', 'schedule', 'R', 0, 1],
  ['pct_paint', 'box_score', 'O', 0, 1],
  ['pct_mid_range', 'box_score', 'O', 0, 1],
  ['pct_three', 'box_score', 'R', 0, 1],
  ['pct_free_throw', 'box_score', 'R', 0, 0.5],
  ['team_pace', 'team_logs', 'R', 85, 115],
  ['team_off_rating', 'team_logs', 'R', 70, 150],
  ['team_win_pct', 'schedule', 'R', 0, 1],
  ['vegas_points_line', 'odds', 'O', 0, 80],
  ['vegas_opening_line', 'odds', 'O', 0, 80],
  ['vegas_line_move', 'odds', 'O', -40, 40],
  ['has_vegas_line', 'odds', 'R', 0, 1],
  ['avg_points_vs_opponent', 'box_score', 'O', 0, 80],
  ['games_vs_opponent', 'box_score', 'R', 0, 100],
  ['minutes_avg_last_10', 'box_score', 'R', 0, 60],
  ['ppm_avg_last_10', 'box_score', 'R', 0, 3],
  ['dnp_rate', 'calculated', 'R', 0, 1],
  ['pts_slope_10g', 'calculated', 'R', -20, 20],
  ['pts_vs_season_zscore', 'calculated', 'R', -3, 3],
  ['breakout_flag', 'calculated', 'R', 0, 1],
  ['star_teammates_out', 'injuries', 'O', 0, 15],
  ['game_total_line', 'odds', 'O', 150, 320],
  ['days_rest', 'box_score', 'R', 1, 30],
  ['minutes_load_last_7d', 'box_score', 'R', 0, 350],
  ['spread_magnitude', 'odds', 'O', 0, 40],
  ['implied_team_total', 'odds', 'O', 60, 180],
  ['points_avg_last_3', 'box_score', 'R', 0, 80],
  ['scoring_trend_slope', 'calculated', 'R', -30, 30],
  ['deviation_from_avg_last3', 'calculated', 'R', -20, 20],
  ['consecutive_games_below_avg', 'calculated', 'R', 0, 60],
  ['teammate_usage_available', 'injuries', 'O', 0, 300],
  ['usage_rate_last_5', 'calculated', 'O', 0, 100],
  ['games_since_structural_change', 'calculated', 'R', 0, 30],
  ['multi_book_line_std', 'odds', 'O', 0, 20],
  ['prop_over_streak', 'odds', 'O', 0, 100],
  ['prop_under_streak', 'odds', 'O', 0, 100],
  ['line_vs_season_avg', 'odds', 'O', -80, 80],
];

/** The 54-feature superset (v12's order); every set is a projection of it. */
export const ALL_FEATURES: readonly FeatureDef[] = DEFS.map(([name, tag, req, min, max], index) => ({
  index,
  name,
  tag,
  required: req === 'R',
  min,
  max,
}));

export const N_FEATURES = ALL_FEATURES.length; // 54

/** Feature index by name (superset position). */
export const F: Readonly<Record<string, number>> = Object.fromEntries(
  ALL_FEATURES.map((f) => [f.name, f.index]),
);

const VEGAS = ['vegas_points_line', 'vegas_opening_line', 'vegas_line_move', 'has_vegas_line'];

/** Superset indices of each set, in set order. */
export const SET_INDICES: Readonly<Record<FeatureSetName, readonly number[]>> = {
  v9: ALL_FEATURES.slice(0, 33).map((f) => f.index),
  v12: ALL_FEATURES.map((f) => f.index),
  v12_noveg: ALL_FEATURES.filter((f) => !VEGAS.includes(f.name)).map((f) => f.index),
};

export function isFeatureSetName(s: string): s is FeatureSetName {
  return (FEATURE_SETS as readonly string[]).includes(s);
}

/** Feature names of a set, in the order models receive them. */
export function featureNames(set: FeatureSetName): string[] {
  return SET_INDICES[set].map((i) => ALL_FEATURES[i].name);
}

/** Definitions of a set, in set order. */
export function featureDefs(set: FeatureSetName): FeatureDef[] {
  return SET_INDICES[set].map((i) => ALL_FEATURES[i]);
}

/** `{set}@{revision}`, e.g. `v12_noveg@1`. */
export function featureSetVersion(set: FeatureSetName): string {
  return `${set}@${FEATURE_REVISION}`;
}

/** The configuration values that change feature values (formula parameters and line rules). */
export type ContractConfig = Pick<Config, 'features' | 'lines'>;

export function contractParams(config: ContractConfig): Record<string, unknown> {
  return {
    features: { params: config.features.params, unknownTipTimeEt: config.features.unknownTipTimeEt },
    lines: { staleAfterHours: config.lines.staleAfterHours, outlierPoints: config.lines.outlierPoints },
  };
}

/**
 * contract_hash of a set: sha256 over the set's version, its feature names and ranges, and
 * the effective parameters. Stored on every feature row and every model; predict refuses a
 * row whose hash differs from its model's.
 */
export function contractHash(set: FeatureSetName, config: ContractConfig): string {
  const body = canonicalJson({
    version: featureSetVersion(set),
    features: featureDefs(set).map((f) => [f.name, f.required, f.min, f.max]),
    params: contractParams(config),
  });
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** The contract as plain data (for notes, `features contract --json`, models). */
export function describeContract(config: ContractConfig) {
  return FEATURE_SETS.map((set) => ({
    set,
    version: featureSetVersion(set),
    contract_hash: contractHash(set, config),
    features: featureDefs(set).map((f) => ({
      name: f.name,
      required: f.required,
      tag: f.tag,
      min: f.min,
      max: f.max,
    })),
  }));
}
