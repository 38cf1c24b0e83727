// The only derived numbers the site draws (charts, never records): units won per graded pick at
// its listed price (flat 1-unit stakes; −110 when no price was listed, as pricing's assumed
// price), and the Wilson band around a model's rolling hit rate, whose series carries hr and n
// but no interval.
import type { BestBetsAll, PublicPick } from './types.ts';

export const ASSUMED_PRICE = -110;

/** Units returned by a 1-unit stake: WIN pays the price's profit, LOSS −1, PUSH/VOID 0. */
export function pickUnits(p: Pick<PublicPick, 'result' | 'price' | 'status'>): number | null {
  if (p.status !== 'active' || p.result === null) return null;
  if (p.result === 'LOSS') return -1;
  if (p.result !== 'WIN') return 0;
  const a = p.price ?? ASSUMED_PRICE;
  return a > 0 ? a / 100 : 100 / -a;
}

/** Cumulative units after each graded day, oldest first. */
export function cumulativeUnits(all: Pick<BestBetsAll, 'weeks'>): { dates: string[]; units: number[] } {
  const byDay = new Map<string, number>();
  for (const w of all.weeks)
    for (const d of w.days)
      for (const p of d.picks) {
        const u = pickUnits(p);
        if (u !== null) byDay.set(d.date, (byDay.get(d.date) ?? 0) + u);
      }
  const dates = [...byDay.keys()].sort();
  let run = 0;
  const units = dates.map((d) => {
    run += byDay.get(d)!;
    return Math.round(run * 100) / 100;
  });
  return { dates, units };
}

/** Wilson 95% interval in percent for hr (percent) over n decisions; nulls when n = 0. */
export function wilson(hrPct: number | null, n: number): [number | null, number | null] {
  if (hrPct === null || n <= 0) return [null, null];
  const z = 1.959964;
  const p = hrPct / 100;
  const den = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / den;
  return [Math.round((centre - half) * 1000) / 10, Math.round((centre + half) * 1000) / 10];
}
