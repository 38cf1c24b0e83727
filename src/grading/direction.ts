import { addDays } from '../domain/dates.ts';
import { hitRate, round, wilson } from './stats.ts';

/** direction_health_daily (spec 06 §4.4): graded best-bets picks per direction over k days. */

export interface DirectionGrade {
  game_date: string;
  direction: string;
  result: string;
}

export interface DirectionRow {
  date: string;
  direction: 'OVER' | 'UNDER';
  wins: number;
  losses: number;
  pushes: number;
  voided: number;
  n: number;
  hr: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export function directionHealthForDate(
  date: string,
  picks: readonly DirectionGrade[],
  windowDays: number,
): DirectionRow[] {
  const from = addDays(date, -(windowDays - 1));
  return (['OVER', 'UNDER'] as const).map((direction) => {
    let wins = 0;
    let losses = 0;
    let pushes = 0;
    let voided = 0;
    for (const p of picks) {
      if (p.direction !== direction || p.game_date < from || p.game_date > date) continue;
      if (p.result === 'WIN') wins++;
      else if (p.result === 'LOSS') losses++;
      else if (p.result === 'PUSH') pushes++;
      else if (p.result === 'VOID') voided++;
    }
    const n = wins + losses;
    const ci = wilson(wins, n);
    return {
      date,
      direction,
      wins,
      losses,
      pushes,
      voided,
      n,
      hr: round(hitRate(wins, n), 4),
      ci_low: round(ci?.low, 4),
      ci_high: round(ci?.high, 4),
    };
  });
}
