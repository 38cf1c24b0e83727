import { seasonOf } from '../domain/dates.ts';
import { wilson } from '../models/index.ts';

/**
 * Number and time formats of every export (spec 07 §1 "Serialization"): points, lines, |edge|
 * and percentages to 0.1, probabilities to 0.0001, instants ISO UTC without milliseconds.
 * Non-finite values become null, never NaN.
 */

export function roundTo(x: number | null | undefined, dp: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(Number(x))) return null;
  const f = 10 ** dp;
  const v = Math.round(Number(x) * f) / f;
  return v === 0 ? 0 : v; // no -0
}

export const r1 = (x: number | null | undefined): number | null => roundTo(x, 1);
export const r2 = (x: number | null | undefined): number | null => roundTo(x, 2);
export const r4 = (x: number | null | undefined): number | null => roundTo(x, 4);
/** The same, for values the schema requires (a null here is a bug the schema reports). */
export const r1n = (x: number): number => roundTo(x, 1) as number;
export const r4n = (x: number): number => roundTo(x, 4) as number;

/** ISO UTC instant with a `Z` and no milliseconds; null stays null. */
export function instant(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Season label of a game date (October rule): 2026-02-14 → "2025-26", 2025-10-21 → "2025-26". */
export function seasonLabelOf(date: string): string {
  const y = seasonOf(date);
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}

/** First day of the season window: 1 October of its first year (October picks count). */
export function seasonStart(date: string): string {
  return `${seasonOf(date)}-10-01`;
}

/** Monday of the ISO week holding `date`. */
export function weekStart(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

export interface Rec {
  wins: number;
  losses: number;
  pushes: number;
  voided: number;
  pct: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

/** Wilson 95% interval of w of n, in percent to 0.1 (the one formula of src/models). */
export function interval(
  w: number,
  n: number,
): { pct: number | null; ci_low: number | null; ci_high: number | null } {
  if (n <= 0) return { pct: null, ci_low: null, ci_high: null };
  const ci = wilson(w, n);
  return {
    pct: r1((100 * w) / n),
    ci_low: ci.low === null ? null : r1(100 * ci.low),
    ci_high: ci.high === null ? null : r1(100 * ci.high),
  };
}

/** A Record from graded results (WIN/LOSS/PUSH/VOID; anything else is ungraded and ignored). */
export function recordOf(results: Iterable<string | null | undefined>): Rec {
  let wins = 0;
  let losses = 0;
  let pushes = 0;
  let voided = 0;
  for (const r of results) {
    if (r === 'WIN') wins++;
    else if (r === 'LOSS') losses++;
    else if (r === 'PUSH') pushes++;
    else if (r === 'VOID') voided++;
  }
  return { wins, losses, pushes, voided, ...interval(wins, wins + losses) };
}

export function recordFromCounts(wins: number, losses: number, pushes: number, voided: number): Rec {
  return { wins, losses, pushes, voided, ...interval(wins, wins + losses) };
}

/** An Hr from a stored percentage and N (ci recomputed when wins are known, else as stored). */
export function hrOf(
  hr: number | null | undefined,
  n: number | null | undefined,
  ciLow: number | null | undefined,
  ciHigh: number | null | undefined,
): { hr: number | null; n: number; ci_low: number | null; ci_high: number | null } {
  const nn = Number(n ?? 0);
  if (!nn) return { hr: null, n: 0, ci_low: null, ci_high: null };
  return { hr: r1(hr), n: nn, ci_low: r1(ciLow), ci_high: r1(ciHigh) };
}

export function hrFromWins(wins: number, n: number) {
  const i = interval(wins, n);
  return { hr: i.pct, n, ci_low: i.ci_low, ci_high: i.ci_high };
}

/** Serialized bytes of a validated export: keys in schema order, no indentation. */
export function serialize(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
