import { addDays } from '../domain/dates.ts';
import { placeholders } from '../store/sql.ts';
import type { Queryable } from '../store/store.ts';

/**
 * Training windows (spec 03 §4.1, §4.2). A game day is a date with at least one Final,
 * non-postponed game of the configured season types; a window is the last W game days ending
 * on train_end inclusive, across season boundaries; validation is the last ⌈share × W⌉ dates.
 */

export interface TrainingWindow {
  start: string;
  end: string;
  dates: string[];
  trainDates: string[];
  valDates: string[];
}

/**
 * Season types count only where they are present, i.e. have box scores (00-decisions: the real
 * player logs hold no playoff games, so their playoff dates neither train nor fail the coverage
 * check, and the real files train with no setting).
 */
const PRESENT_TYPE =
  'g.season_type IN (SELECT DISTINCT pg.season_type FROM games pg WHERE EXISTS (SELECT 1 FROM box_scores pb WHERE pb.game_id = pg.game_id))';

/** Every game day (sorted) up to `upTo` inclusive, of the configured season types present, in one query. */
export async function loadGameDays(
  store: Queryable,
  seasonTypes: readonly string[],
  upTo?: string,
): Promise<string[]> {
  const rows = await store.query<{ d: string }>(
    `SELECT DISTINCT g.game_date AS d FROM games g
     WHERE g.status = 3 AND g.postponed_to IS NULL
       AND g.season_type IN (${placeholders(seasonTypes.length, 2)}) AND ${PRESENT_TYPE}
       AND ($1::DATE IS NULL OR g.game_date <= $1::DATE)
       AND NOT EXISTS (SELECT 1 FROM game_postponements p WHERE p.game_id = g.game_id AND p.original_date = g.game_date)
     ORDER BY d`,
    [upTo ?? null, ...seasonTypes],
  );
  return rows.map((r) => r.d);
}

/** The last game day strictly before `date` (the default train_end), or null. */
export function lastGameDayBefore(gameDays: readonly string[], date: string): string | null {
  let out: string | null = null;
  for (const d of gameDays) if (d < date) out = d;
  return out;
}

/** The window of W game days ending at train_end (inclusive); null when no game day ≤ train_end. */
export function windowFor(
  gameDays: readonly string[],
  trainEnd: string,
  windowGameDays: number,
  validationShare: number,
): TrainingWindow | null {
  const upTo = gameDays.filter((d) => d <= trainEnd);
  if (!upTo.length) return null;
  const dates = upTo.slice(-windowGameDays);
  const nVal = Math.min(dates.length - 1, Math.ceil(validationShare * dates.length - 1e-9));
  return {
    start: dates[0],
    end: dates[dates.length - 1],
    dates,
    trainDates: dates.slice(0, dates.length - nVal),
    valDates: dates.slice(dates.length - nVal),
  };
}

/** Game days in (t, t + days]: the gate period (spec 03 §8). */
export function gatePeriod(gameDays: readonly string[], t: string, days: number): string[] {
  const end = addDays(t, days);
  return gameDays.filter((d) => d > t && d <= end);
}

export interface CoverageGap {
  date: string;
  finals: number;
  with_box: number;
}

/**
 * Box-score coverage of a window's Final games (those season types, where present): the dates whose
 * games lack box scores, and the share covered. One query.
 */
export async function windowCoverage(
  store: Queryable,
  from: string,
  to: string,
  seasonTypes: readonly string[],
): Promise<{ share: number; finals: number; gaps: CoverageGap[] }> {
  const rows = await store.query<{ d: string; finals: number; with_box: number }>(
    `SELECT g.game_date AS d, COUNT(*) AS finals,
            COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM box_scores b WHERE b.game_id = g.game_id AND b.minutes > 0)) AS with_box
     FROM games g
     WHERE g.status = 3 AND g.postponed_to IS NULL AND g.game_date BETWEEN $1::DATE AND $2::DATE
       AND g.season_type IN (${placeholders(seasonTypes.length, 3)}) AND ${PRESENT_TYPE}
     GROUP BY g.game_date ORDER BY g.game_date`,
    [from, to, ...seasonTypes],
  );
  let finals = 0;
  let withBox = 0;
  const gaps: CoverageGap[] = [];
  for (const r of rows) {
    finals += Number(r.finals);
    withBox += Number(r.with_box);
    if (Number(r.with_box) < Number(r.finals))
      gaps.push({ date: r.d, finals: Number(r.finals), with_box: Number(r.with_box) });
  }
  return { share: finals ? withBox / finals : 1, finals, gaps };
}
