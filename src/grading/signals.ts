import type { GradingConfig } from '../config/groups/grading.ts';
import { addDays } from '../domain/dates.ts';
import { hitRate, round, wilson } from './stats.ts';

/**
 * signal_health_daily (spec 06 §4.2): per signal tag, the WIN/LOSS record of the best-bets
 * candidates (any filter result) carrying the tag, graded by their source prediction's grade.
 * The only source of signal hit rates shown anywhere.
 */

export type Regime = 'HOT' | 'COLD' | 'NORMAL';

export interface SignalOutcome {
  game_date: string;
  tags: readonly string[];
  /** The source prediction's grade result; only WIN/LOSS count. null = not graded yet. */
  result: string | null;
}

export interface SignalHealthRow {
  date: string;
  tag: string;
  n_7d: number;
  hr_7d: number | null;
  n_14d: number;
  hr_14d: number | null;
  n_30d: number;
  hr_30d: number | null;
  n_season: number;
  hr_season: number | null;
  ci_low_season: number | null;
  ci_high_season: number | null;
  div_7d: number | null;
  regime: Regime;
  days_in_regime: number;
}

export function signalRegime(
  div7: number | null,
  n7: number,
  cfg: GradingConfig['health']['signalRegime'],
): Regime {
  if (div7 === null || n7 < cfg.minN7d) return 'NORMAL';
  if (div7 > cfg.hotPp) return 'HOT';
  if (div7 < cfg.coldPp) return 'COLD';
  return 'NORMAL';
}

/**
 * Rows of date G. `outcomes` covers the season start … G (later rows ignored); `tags` is the
 * universe of tags (every tag that fired this season, graded or not); `previous` maps a tag to
 * its latest earlier row's regime and days_in_regime.
 */
export function signalHealthForDate(
  date: string,
  seasonStart: string,
  outcomes: readonly SignalOutcome[],
  tags: Iterable<string>,
  previous: ReadonlyMap<string, { regime: Regime; days_in_regime: number }>,
  cfg: GradingConfig['health']['signalRegime'],
): SignalHealthRow[] {
  const from7 = addDays(date, -6);
  const from14 = addDays(date, -13);
  const from30 = addDays(date, -29);
  const acc = new Map<string, number[]>(); // [w7,n7,w14,n14,w30,n30,ws,ns]
  for (const t of tags) acc.set(t, [0, 0, 0, 0, 0, 0, 0, 0]);
  for (const o of outcomes) {
    if (o.game_date < seasonStart || o.game_date > date) continue;
    if (o.result !== 'WIN' && o.result !== 'LOSS') continue;
    const w = o.result === 'WIN' ? 1 : 0;
    for (const t of new Set(o.tags)) {
      let a = acc.get(t);
      if (!a) {
        a = [0, 0, 0, 0, 0, 0, 0, 0];
        acc.set(t, a);
      }
      a[6] += w;
      a[7] += 1;
      if (o.game_date >= from30) {
        a[4] += w;
        a[5] += 1;
      }
      if (o.game_date >= from14) {
        a[2] += w;
        a[3] += 1;
      }
      if (o.game_date >= from7) {
        a[0] += w;
        a[1] += 1;
      }
    }
  }
  const rows: SignalHealthRow[] = [];
  for (const tag of [...acc.keys()].sort()) {
    const a = acc.get(tag)!;
    const hr7 = hitRate(a[0], a[1]);
    const hrS = hitRate(a[6], a[7]);
    const ci = wilson(a[6], a[7]);
    const div = hr7 === null || hrS === null ? null : hr7 - hrS;
    const regime = signalRegime(div, a[1], cfg);
    const prev = previous.get(tag);
    rows.push({
      date,
      tag,
      n_7d: a[1],
      hr_7d: round(hr7, 4),
      n_14d: a[3],
      hr_14d: round(hitRate(a[2], a[3]), 4),
      n_30d: a[5],
      hr_30d: round(hitRate(a[4], a[5]), 4),
      n_season: a[7],
      hr_season: round(hrS, 4),
      ci_low_season: round(ci?.low, 4),
      ci_high_season: round(ci?.high, 4),
      div_7d: round(div, 4),
      regime,
      days_in_regime: prev && prev.regime === regime ? prev.days_in_regime + 1 : 1,
    });
  }
  return rows;
}
