import { americanToDecimal, isValidAmerican } from '../domain/odds.ts';
import type { GradeResult } from '../domain/types.ts';
import { type ClvResult, NO_CLOSE } from './clv.ts';
import { type PlayerOutcome, sideResult, type VoidReason } from './predictions.ts';
import { round } from './stats.ts';

/**
 * Pick grading (spec 06 §3): an active best_bets_picks row of a gradable or postponed game,
 * graded against its own line, priced at its recorded best_price (or the assumed −110).
 */

export interface PickRow {
  date: string;
  game_id: string;
  player_id: number;
  rank: number | null;
  system_id: string | null;
  direction: 'OVER' | 'UNDER';
  line: number;
  best_price: number | null;
  /** best_bets_picks.price_source: 'assumed' marks a stored −110 that no book quoted. */
  price_source?: string | null;
  fair_prob: number | null;
  stake_pct: number | null;
  priced_at: string | null;
}

export interface PickGrade {
  game_date: string;
  game_id: string;
  player_id: number;
  rank: number | null;
  system_id: string | null;
  direction: 'OVER' | 'UNDER';
  line: number;
  result: Exclude<GradeResult, 'NO_BET'>;
  void_reason: VoidReason | null;
  actual_points: number | null;
  minutes: number | null;
  price: number;
  price_source: 'market' | 'assumed';
  units_won: number;
  stake_pct: number | null;
  stake_return_pct: number | null;
  close_line: number | null;
  close_captured_at: string | null;
  line_clv: number | null;
  fair_prob: number | null;
  fair_close: number | null;
  price_clv: number | null;
}

/** Units of a flat one-unit bet: WIN d − 1, LOSS −1, PUSH/VOID 0 (4 dp). */
export function pickUnits(result: PickGrade['result'], price: number): number {
  if (result === 'WIN') return round(americanToDecimal(price) - 1, 4)!;
  return result === 'LOSS' ? -1 : 0;
}

/** Return on the recorded Kelly stake, as a fraction of bankroll. */
export function stakeReturn(
  result: PickGrade['result'],
  price: number,
  stakePct: number | null,
): number | null {
  if (stakePct === null) return null;
  if (result === 'WIN') return round(stakePct * (americanToDecimal(price) - 1), 6);
  return result === 'LOSS' ? -stakePct : 0;
}

/**
 * outcome = 'postponed' for a pick of a postponed game; otherwise the player's outcome in a
 * gradable game. clv is computed separately (computeClv) and never for voided picks' results.
 */
export function gradePick(
  pick: PickRow,
  outcome: PlayerOutcome | 'postponed',
  clv: ClvResult,
  assumedAmericanPrice: number,
): PickGrade {
  const market = isValidAmerican(pick.best_price) && pick.price_source !== 'assumed';
  const price = market ? pick.best_price! : assumedAmericanPrice;
  let result: PickGrade['result'];
  let voidReason: VoidReason | null = null;
  let actual: number | null = null;
  let minutes: number | null = null;
  if (outcome === 'postponed') {
    result = 'VOID';
    voidReason = 'postponed';
  } else if (!outcome.played) {
    result = 'VOID';
    voidReason = outcome.reason;
    minutes = outcome.minutes;
  } else {
    actual = outcome.points;
    minutes = outcome.minutes;
    result = sideResult(pick.direction, pick.line, actual);
  }
  const c = outcome === 'postponed' ? NO_CLOSE : clv;
  return {
    game_date: pick.date,
    game_id: pick.game_id,
    player_id: pick.player_id,
    rank: pick.rank,
    system_id: pick.system_id,
    direction: pick.direction,
    line: pick.line,
    result,
    void_reason: voidReason,
    actual_points: actual,
    minutes,
    price,
    price_source: market ? 'market' : 'assumed',
    units_won: pickUnits(result, price),
    stake_pct: pick.stake_pct,
    stake_return_pct: stakeReturn(result, price, pick.stake_pct),
    ...c,
    fair_prob: pick.fair_prob,
  };
}
