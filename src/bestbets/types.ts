import type { BestBetsConfig } from '../config/groups/bestbets.ts';
import type { BoxScore, GameRow, PropLine } from '../domain/types.ts';

/** Plain-data inputs and outputs of the best-bets engine (spec 05). Dates 'YYYY-MM-DD', instants ISO. */

export type Direction = 'OVER' | 'UNDER';
export type SignalDirection = Direction | 'ANY';

/** One active prediction of D (04 §5), with the quality score of its features row. */
export interface PredictionInput {
  system_id: string;
  game_id: string;
  player_id: number;
  game_date: string;
  line: number | null;
  book: string | null;
  predicted: number;
  edge: number | null;
  p_over: number | null;
  confidence: number | null;
  recommendation: string;
  is_active: boolean;
  batch_id: string | null;
  feature_set_version: string | null;
  features_computed_at: string | null;
  odds_captured_at: string | null;
  /** features.quality_score of the row the prediction used (0–100); null when unknown. */
  quality_score: number | null;
}

/** A `models` registry row (03 §6), the fields best bets reads. */
export interface ModelInput {
  system_id: string;
  family: string;
  enabled: boolean;
}

export interface GameInput extends GameRow {
  postponed: boolean;
}

/** The box-score columns best bets reads (signals). */
export type BoxInput = Pick<
  BoxScore,
  'game_id' | 'player_id' | 'game_date' | 'team' | 'minutes' | 'fg3m' | 'fg3a' | 'plus_minus' | 'starter'
>;

/** A prop-line snapshot as best bets reads it (the stored PropLine without its main/source flags). */
export type LineInput = Omit<PropLine, 'is_main' | 'source'>;

export interface PlayerInput {
  player_id: number;
  name: string;
  player_lookup: string;
  team: string | null;
}

export type HaltStateKind = 'manual' | 'off_season' | 'fleet_blocked';

export interface Halt {
  active: boolean;
  state: HaltStateKind | null;
  reason: string | null;
  since: string | null;
}

export interface Record2 {
  wins: number;
  losses: number;
}

/** A published, graded pick dated < D (best_bets_picks ⋈ pick_grades), for ultra records. */
export interface UltraHistoryRow {
  date: string;
  family: string;
  direction: Direction;
  edge: number;
  ultra_tier: boolean;
  result: string;
}

export interface SignalHealth {
  n_season: number;
  hr_season: number | null;
}

export interface Contribution {
  feature: string;
  label: string;
  value: number;
}

export interface BestBetsInput {
  date: string;
  /** Run time (ISO); odds captured after it, or at/after a game's tip, are never read. */
  now: string;
  predictions: PredictionInput[];
  models: ModelInput[];
  /** D's games plus the season's games before D (schedule, opponent rest, season start). */
  games: GameInput[];
  /** Season-to-date box scores (game_date < D) of the slate players and their teammates. */
  boxScores: BoxInput[];
  /** prop_lines snapshots of D's games and of the slate players' games in the look-back. */
  propLines: LineInput[];
  players: PlayerInput[];
  halt: Halt;
  /** player_ids blacklisted for D (§12). */
  blacklist: number[];
  /** Latest direction_health_daily rows dated < D. */
  directionHealth: Partial<Record<Direction, Record2 & { n: number; hr: number | null }>>;
  signalHealth: Record<string, SignalHealth>;
  ultraHistory: UltraHistoryRow[];
  /** GBDT contributions per `${game_id}|${player_id}` of the picks (computed by the shell). */
  contributions?: Record<string, Contribution[]>;
}

export interface EngineConfig {
  bestbets: BestBetsConfig;
  /** grading.health.breakEvenHr (52.4). */
  breakEvenHr: number;
  staleAfterHours: number;
  outlierPoints: number;
  unknownTipTimeEt: string;
  configHash: string;
}
