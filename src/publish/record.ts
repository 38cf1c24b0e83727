import type { PickRow, RunRow } from './data.ts';
import { type Rec, recordOf, seasonStart, weekStart } from './format.ts';
import type { DayStatus } from './schemas.ts';

/**
 * The public record (spec 07 §2.1): windows, streaks, day statuses and counts over active
 * picks only. Withdrawn picks never enter a Record, `total` or a streak (00-decisions).
 */

const isDecided = (r: string | null) => r === 'WIN' || r === 'LOSS';
const isGraded = (r: string | null) => r === 'WIN' || r === 'LOSS' || r === 'PUSH';

/** Newest first: date desc, rank asc (the order of `last_10` and `streak`). */
export function newestFirst(a: PickRow, b: PickRow): number {
  return a.date < b.date ? 1 : a.date > b.date ? -1 : a.rank - b.rank || a.game_id.localeCompare(b.game_id);
}

export function recordWindow(active: readonly PickRow[], from: string, to: string): Rec {
  return recordOf(active.filter((p) => p.date >= from && p.date <= to).map((p) => p.result));
}

export function monthStart(date: string): string {
  return `${date.slice(0, 8)}01`;
}

export function lastN(active: readonly PickRow[], k: number): Rec {
  const graded = active
    .filter((p) => isGraded(p.result))
    .sort(newestFirst)
    .slice(0, k);
  return recordOf(graded.map((p) => p.result));
}

/** Current streak over WIN/LOSS, newest first; pushes and voids are skipped. */
export function streak(active: readonly PickRow[]): { type: 'W' | 'L' | null; count: number } {
  const decided = active.filter((p) => isDecided(p.result)).sort(newestFirst);
  if (!decided.length) return { type: null, count: 0 };
  const first = decided[0].result;
  let count = 0;
  for (const p of decided) {
    if (p.result !== first) break;
    count++;
  }
  return { type: first === 'WIN' ? 'W' : 'L', count };
}

/**
 * Longest run of WINs, oldest first (the exact reverse of newest-first, so both streaks read
 * the same sequence); pushes and voids neither extend nor break it; ties → the later run.
 */
export function bestStreak(active: readonly PickRow[]): {
  count: number;
  start: string | null;
  end: string | null;
} {
  const seq = active.filter((p) => isDecided(p.result)).sort((a, b) => newestFirst(b, a));
  let best = { count: 0, start: null as string | null, end: null as string | null };
  let run = 0;
  let start: string | null = null;
  for (const p of seq) {
    if (p.result === 'WIN') {
      if (run === 0) start = p.date;
      run++;
      if (run >= best.count) best = { count: run, start, end: p.date };
    } else run = 0;
  }
  return best;
}

/** Day status (spec 07 §2 DayStatus), first that holds. */
export function dayStatus(dayActive: readonly PickRow[]): DayStatus {
  if (!dayActive.length) return 'no_picks';
  if (dayActive.some((p) => p.result === null)) return 'pending';
  const r = recordOf(dayActive.map((p) => p.result));
  if (r.wins + r.losses === 0) return 'void';
  if (r.losses === 0) return 'sweep';
  if (r.wins === 0) return 'miss';
  return 'split';
}

export function counts(seasonPicks: readonly PickRow[]) {
  const active = seasonPicks.filter((p) => p.status === 'active');
  const total = active.length;
  const graded = active.filter((p) => isGraded(p.result)).length;
  const voided = active.filter((p) => p.result === 'VOID').length;
  return {
    total,
    graded,
    pending: total - graded - voided,
    voided,
    withdrawn: seasonPicks.length - total,
  };
}

export interface DayGroup {
  date: string;
  run: RunRow;
  picks: PickRow[];
  active: PickRow[];
}

/** Days with a best-bets run in [from, to], grouped into Monday-start weeks, newest first. */
export function groupWeeks(
  runs: readonly RunRow[],
  picks: readonly PickRow[],
  from: string,
  to: string,
): Array<{ week_start: string; days: DayGroup[] }> {
  const byDate = new Map<string, PickRow[]>();
  for (const p of picks) {
    const list = byDate.get(p.date);
    if (list) list.push(p);
    else byDate.set(p.date, [p]);
  }
  const weeks = new Map<string, DayGroup[]>();
  const days = runs.filter((r) => r.date >= from && r.date <= to).sort((a, b) => (a.date < b.date ? 1 : -1));
  for (const run of days) {
    const dp = byDate.get(run.date) ?? [];
    const ws = weekStart(run.date);
    const list = weeks.get(ws) ?? [];
    list.push({ date: run.date, run, picks: dp, active: dp.filter((p) => p.status === 'active') });
    weeks.set(ws, list);
  }
  return [...weeks.entries()].map(([week_start, ds]) => ({ week_start, days: ds }));
}

export { seasonStart };
