import type { GradeResult } from '../domain/types.ts';

/**
 * Prediction grading (spec 06 §1–§2): pure rules over plain rows. A game is gradable when it
 * is Final (status 3, both scores, no postponement row for the date) and each team has at least
 * `minBoxRowsPerTeam` box rows with minutes > 0; a Final game without them waits (never voided).
 */

export type GameState = 'gradable' | 'postponed' | 'pending' | 'missing_box';
export type VoidReason = 'postponed' | 'inactive' | 'dnp';

export interface GradingGame {
  game_id: string;
  game_date: string;
  start_utc: string | null;
  status: number;
  home: string;
  away: string;
  home_score: number | null;
  away_score: number | null;
}

/** Box rows with minutes > 0 per team of one game. */
export type PlayedCounts = Map<string, number>;

export function classifyGame(
  game: GradingGame,
  postponedOnDate: boolean,
  played: PlayedCounts | undefined,
  minBoxRowsPerTeam: number,
): GameState {
  if (postponedOnDate) return 'postponed';
  const final =
    game.status === 3 &&
    game.home_score !== null &&
    game.away_score !== null &&
    !(game.home_score === 0 && game.away_score === 0);
  if (!final) return 'pending';
  const home = played?.get(game.home) ?? 0;
  const away = played?.get(game.away) ?? 0;
  return home >= minBoxRowsPerTeam && away >= minBoxRowsPerTeam ? 'gradable' : 'missing_box';
}

export interface BoxRow {
  game_id: string;
  player_id: number;
  minutes: number;
  points: number;
  dnp: boolean;
  dnp_reason: string | null;
  dnp_detail?: string | null;
}

export interface InjuryRow {
  game_id: string;
  player_id: number;
  report_time: string;
  status: string;
}

/** What happened to one player in one gradable game. */
export type PlayerOutcome =
  | { played: true; points: number; minutes: number }
  | { played: false; reason: 'inactive' | 'dnp'; minutes: number | null };

const INACTIVE_RE = /inactive/i;

/**
 * Rules 2–3 of §2: no box row with minutes > 0 is a void; `inactive` when the row says so or the
 * latest injury report before tip says OUT, otherwise `dnp` (dnp flag, 0 minutes, or no row —
 * nba_api logs carry no DNP rows, so absence is the only signal, 01-data §9).
 */
export function playerOutcome(
  box: BoxRow | undefined,
  latestInjuryBeforeTip: InjuryRow | undefined,
): PlayerOutcome {
  if (box && box.minutes > 0) return { played: true, points: box.points, minutes: box.minutes };
  const rowSaysInactive =
    !!box && (INACTIVE_RE.test(box.dnp_reason ?? '') || INACTIVE_RE.test(box.dnp_detail ?? ''));
  const reportOut = !!latestInjuryBeforeTip && latestInjuryBeforeTip.status.trim().toUpperCase() === 'OUT';
  return {
    played: false,
    reason: rowSaysInactive || reportOut ? 'inactive' : 'dnp',
    minutes: box ? box.minutes : null,
  };
}

/** Latest report per (game, player) captured strictly before the game's tip. */
export function latestInjuriesBeforeTip(
  reports: readonly InjuryRow[],
  tipOf: (gameId: string) => string | undefined,
): Map<string, InjuryRow> {
  const out = new Map<string, InjuryRow>();
  for (const r of reports) {
    const tip = tipOf(r.game_id);
    if (!tip || Date.parse(r.report_time) >= Date.parse(tip)) continue;
    const k = key(r.game_id, r.player_id);
    const prev = out.get(k);
    if (!prev || Date.parse(r.report_time) > Date.parse(prev.report_time)) out.set(k, r);
  }
  return out;
}

export function key(gameId: string, playerId: number | string): string {
  return `${gameId}|${playerId}`;
}

export interface PredictionRow {
  game_date: string;
  game_id: string;
  player_id: number;
  system_id: string;
  family: string | null;
  batch_id: string | null;
  recommendation: string;
  line: number | null;
  book: string | null;
  predicted: number;
  p_over: number | null;
  confidence: number | null;
}

/** A prediction row with its grade (spec 06 §2). */
export interface PredictionGrade extends PredictionRow {
  edge: number | null;
  actual_points: number | null;
  minutes: number | null;
  result: GradeResult;
  void_reason: VoidReason | null;
  abs_error: number | null;
  signed_error: number | null;
  line_abs_error: number | null;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

/** WIN/LOSS/PUSH of a side against a line (rules 5–7). */
export function sideResult(
  direction: 'OVER' | 'UNDER',
  line: number,
  actual: number,
): 'WIN' | 'LOSS' | 'PUSH' {
  if (actual === line) return 'PUSH';
  return (direction === 'OVER' ? actual > line : actual < line) ? 'WIN' : 'LOSS';
}

/**
 * Grades one active prediction of a gradable game (§2, first rule that applies). Postponed games
 * never reach here: their predictions are deactivated instead (§1).
 */
export function gradePrediction(p: PredictionRow, outcome: PlayerOutcome): PredictionGrade {
  const line = p.line ?? null;
  const base = {
    game_date: p.game_date,
    game_id: p.game_id,
    player_id: p.player_id,
    system_id: p.system_id,
    family: p.family,
    batch_id: p.batch_id,
    recommendation: p.recommendation,
    line,
    book: p.book,
    predicted: p.predicted,
    p_over: p.p_over,
    confidence: p.confidence,
    edge: line === null ? null : r4(p.predicted - line),
  };
  if (!outcome.played) {
    return {
      ...base,
      actual_points: null,
      minutes: outcome.minutes,
      result: 'VOID',
      void_reason: outcome.reason,
      abs_error: null,
      signed_error: null,
      line_abs_error: null,
    };
  }
  const actual = outcome.points;
  const errors = {
    actual_points: actual,
    minutes: outcome.minutes,
    abs_error: r4(Math.abs(p.predicted - actual)),
    signed_error: r4(p.predicted - actual),
    line_abs_error: line === null ? null : r4(Math.abs(line - actual)),
    void_reason: null,
  };
  const rec = p.recommendation;
  if ((rec !== 'OVER' && rec !== 'UNDER') || line === null) return { ...base, ...errors, result: 'NO_BET' };
  return { ...base, ...errors, result: sideResult(rec, line, actual) };
}
