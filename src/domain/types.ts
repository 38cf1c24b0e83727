/** Shared domain types (DESIGN "src/domain"). Plain data; dates are ISO strings. */

/** US Eastern calendar date 'YYYY-MM-DD'. */
export type IsoDate = string;
/** UTC instant as ISO 8601 ('2025-10-23T02:00:00.000Z'). */
export type IsoInstant = string;

export type GameStatus = 1 | 2 | 3;
export type SeasonType = 'regular' | 'playin' | 'playoffs' | 'cup_final';

export interface Game {
  game_id: string;
  nba_game_id: string | null;
  game_date: IsoDate;
  start_utc: IsoInstant | null;
  season: number;
  season_type: SeasonType;
  home: string;
  away: string;
  status: GameStatus;
  home_score: number | null;
  away_score: number | null;
  postponed_to: IsoDate | null;
}

/** A games row as the phases load it (season type and status as stored). */
export interface GameRow
  extends Pick<Game, 'game_id' | 'game_date' | 'start_utc' | 'season' | 'home' | 'away'> {
  season_type: string;
  status: number;
}

export interface Player {
  player_id: number;
  name: string;
  player_lookup: string;
  team: string | null;
  birth_date: IsoDate | null;
}

export interface BoxScore {
  game_id: string;
  player_id: number;
  game_date: IsoDate;
  team: string;
  minutes: number;
  points: number;
  fgm: number | null;
  fga: number | null;
  fg3m: number | null;
  fg3a: number | null;
  ftm: number | null;
  fta: number | null;
  oreb: number | null;
  dreb: number | null;
  reb: number | null;
  ast: number | null;
  stl: number | null;
  blk: number | null;
  tov: number | null;
  pf: number | null;
  plus_minus: number | null;
  starter: boolean | null;
  dnp: boolean;
  dnp_reason: string | null;
}

export interface PropLine {
  captured_at: IsoInstant;
  game_id: string;
  player_id: number;
  book: string;
  line: number;
  over_price: number | null;
  under_price: number | null;
  is_main: boolean;
  source: string;
}

export type Direction = 'OVER' | 'UNDER';
export type Recommendation = Direction | 'PASS' | 'NO_LINE';
export type GradeResult = 'WIN' | 'LOSS' | 'PUSH' | 'VOID' | 'NO_BET';
export type BatchStatus = 'queued' | 'running' | 'complete' | 'partial' | 'failed';
export type RunStatus = 'running' | 'succeeded' | 'failed';

/** A best-bets pick as the walk-forward backtest grades it (bestbets hands it to models). */
export interface BacktestPick {
  game_date: string;
  game_id: string;
  player_id: number;
  system_id: string;
  direction: Direction;
  line: number;
  /** Price of the pick's side (American), when known. */
  price?: number | null;
  real_signal_count?: number;
}
