import { americanToDecimal, impliedProbability, isValidAmerican } from '../domain/odds.ts';
import type { Direction, LineInput } from './types.ts';

/** Pricing of one candidate (spec 05 §7). */
export interface Pricing {
  best_book: string | null;
  best_price: number;
  priced_at: string | null;
  price_source: 'market' | 'assumed';
  decimal: number;
  fair_prob: number | null;
  p_direction: number;
  ev: number;
  kelly_full: number;
  stake_pct: number;
  books_quoting: number;
}

export interface PricingConfig {
  kellyFraction: number;
  maxStakePct: number;
  assumedAmericanPrice: number;
}

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Each book's latest snapshot for (game, player) captured at or before `cutoff` (= min(now, tip))
 * and strictly before tip; a snapshot is all rows of one captured_at (a ladder).
 */
export function latestSnapshots(rows: readonly LineInput[], cutoff: string, tip: string): LineInput[] {
  const cut = Date.parse(cutoff);
  const tipMs = Date.parse(tip);
  const latest = new Map<string, number>();
  for (const r of rows) {
    const c = Date.parse(r.captured_at);
    if (c > cut || c >= tipMs) continue;
    if (c > (latest.get(r.book) ?? Number.NEGATIVE_INFINITY)) latest.set(r.book, c);
  }
  return rows.filter((r) => latest.get(r.book) === Date.parse(r.captured_at));
}

/**
 * Best offer, no-vig fair probability, EV and capped fractional Kelly for one side of a line.
 * `rows` are the books' latest snapshots (see latestSnapshots); rungs other than `line` are ignored.
 */
export function priceCandidate(
  rows: readonly LineInput[],
  c: { line: number; direction: Direction; p_over: number; book: string | null },
  cfg: PricingConfig,
): Pricing {
  const atLine = rows.filter((r) => r.line === c.line);
  const side = (r: LineInput) => (c.direction === 'OVER' ? r.over_price : r.under_price);
  let best: LineInput | null = null;
  let bestD = 0;
  for (const r of atLine) {
    const p = side(r);
    if (!isValidAmerican(p)) continue;
    const d = americanToDecimal(p);
    const tie = Math.abs(d - bestD) <= 1e-12;
    if (
      !best ||
      (d > bestD && !tie) ||
      (tie && ((r.book === c.book && best.book !== c.book) || (best.book !== c.book && r.book < best.book)))
    ) {
      best = r;
      bestD = d;
    }
  }
  const fairs: number[] = [];
  const books = new Set<string>();
  for (const r of atLine) {
    books.add(r.book);
    if (!isValidAmerican(r.over_price) || !isValidAmerican(r.under_price)) continue;
    const qo = impliedProbability(r.over_price);
    const qu = impliedProbability(r.under_price);
    fairs.push((c.direction === 'OVER' ? qo : qu) / (qo + qu));
  }
  const price = best ? (side(best) as number) : cfg.assumedAmericanPrice;
  const d = best ? bestD : americanToDecimal(cfg.assumedAmericanPrice);
  const p = c.direction === 'OVER' ? c.p_over : 1 - c.p_over;
  const kelly = Math.max(0, (p * d - 1) / (d - 1));
  return {
    best_book: best ? best.book : null,
    best_price: price,
    priced_at: best ? best.captured_at : null,
    price_source: best ? 'market' : 'assumed',
    decimal: d,
    fair_prob: best && fairs.length ? r4(median(fairs)) : null,
    p_direction: r4(p),
    ev: r4(p * d - 1),
    kelly_full: r4(kelly),
    stake_pct: r4(Math.min(cfg.kellyFraction * kelly, cfg.maxStakePct)),
    books_quoting: books.size,
  };
}

/** Daily exposure cap (05 §7): scales every stake by cap/Σ when Σ exceeds the cap; stakes to 0.0001. */
export function applyExposureCap(
  stakes: number[],
  cap: number,
): { stakes: number[]; total: number; scale: number } {
  const total = stakes.reduce((s, x) => s + x, 0);
  const scale = total > cap && total > 0 ? cap / total : 1;
  const scaled = stakes.map((s) => r4(s * scale));
  return { stakes: scaled, total: r4(scaled.reduce((s, x) => s + x, 0)), scale: r4(scale) };
}
