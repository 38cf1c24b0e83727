import type { Config } from '../config/schema.ts';
import { effectiveTip } from '../domain/lines.ts';
import type { GameRow } from '../domain/types.ts';

/**
 * What the builder reads (spec 02 §6): plain rows from the core tables, loaded in a few
 * set-based queries (load.ts) or built by hand in tests. Everything point-in-time is decided
 * in the pure core over these rows, so tests can attack the filters directly.
 */
export interface GameIn extends GameRow {
  home_score: number | null;
  away_score: number | null;
}

export interface PostponementIn {
  game_id: string;
  original_date: string;
}

export interface BoxIn {
  game_id: string;
  player_id: number;
  team: string;
  minutes: number;
  points: number;
  fga: number | null;
  fg3a: number | null;
  fg3m: number | null;
  fta: number | null;
  ftm: number | null;
  tov: number | null;
  fga_paint: number | null;
  fgm_paint: number | null;
  fga_mid: number | null;
  fgm_mid: number | null;
}

export interface TeamBoxIn {
  game_id: string;
  team: string;
  minutes: number | null;
  fga: number | null;
  oreb: number | null;
  tov: number | null;
  fta: number | null;
}

/** A main-line snapshot (prop_lines with is_main, market player_points). */
export interface PropIn {
  game_id: string;
  player_id: number;
  book: string;
  line: number;
  captured_at: string;
}

export interface GameLineIn {
  game_id: string;
  book: string;
  market: string; // 'spread' (home team's point) | 'total'
  line: number | null;
  captured_at: string;
}

export interface InjuryIn {
  report_time: string;
  game_id: string;
  player_id: number;
  team: string | null;
  status: string;
}

export interface PlayerIn {
  player_id: number;
  birth_date: string | null;
}

export interface FeatureInputs {
  games: GameIn[];
  postponements: PostponementIn[];
  box: BoxIn[];
  teamBox: TeamBoxIn[];
  props: PropIn[];
  gameLines: GameLineIn[];
  injuries: InjuryIn[];
  players: PlayerIn[];
}

/** The effective parameters of the formulas (features.params.*, line rules, quality). */
export interface FeatureParams {
  maxLookbackDays: number;
  historyDays: number;
  minGames: number;
  minTeamGames: number;
  usageMinMinutes: number;
  star: { minPoints: number; minMinutes: number; minUsage: number; windowDays: number };
  fatigue: { heavyMinutes7d: number };
  unknownTipTimeEt: string;
  staleAfterHours: number;
  outlierPoints: number;
  quality: Config['features']['quality'];
}

export function paramsFromConfig(config: Pick<Config, 'features' | 'lines'>): FeatureParams {
  const p = config.features.params;
  return {
    maxLookbackDays: p.maxLookbackDays,
    historyDays: p.historyDays,
    minGames: p.minGames,
    minTeamGames: p.minTeamGames,
    usageMinMinutes: p.usageMinMinutes,
    star: { ...p.star },
    fatigue: { ...p.fatigue },
    unknownTipTimeEt: config.features.unknownTipTimeEt,
    staleAfterHours: config.lines.staleAfterHours,
    outlierPoints: config.lines.outlierPoints,
    quality: config.features.quality,
  };
}

/** Day number (days since 1970-01-01) of an ISO date: date arithmetic on integers. */
export function dayNum(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

export function dayStr(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export function tipOf(g: Pick<GameIn, 'game_date' | 'start_utc'>, unknownTipTimeEt: string): string {
  return effectiveTip(g, unknownTipTimeEt);
}
