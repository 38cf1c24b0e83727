import { type BookLine, closingLine, mainRung } from '../domain/lines.ts';
import { isValidAmerican, noVigProbabilities } from '../domain/odds.ts';
import { median, round } from './stats.ts';

/**
 * Closing line value (spec 06 §3). The closing snapshot of a book is its latest prop_lines
 * snapshot captured before tip, within `closingWindowMinutes` of it and after the pick was
 * priced; a morning-only feed therefore has no close and every CLV field stays null.
 */

export interface LineSnapshotRow {
  book: string;
  captured_at: string;
  line: number;
  over_price: number | null;
  under_price: number | null;
}

export interface ClosingOptions {
  tip: string;
  pricedAt: string | null;
  windowMinutes: number;
  staleAfterHours: number;
  outlierPoints: number;
}

export interface BookClose {
  book: string;
  captured_at: string;
  rungs: LineSnapshotRow[];
  main: LineSnapshotRow | null;
}

/** Each book's closing snapshot (all its rungs at its latest qualifying captured_at). */
export function closingSnapshots(rows: readonly LineSnapshotRow[], opts: ClosingOptions): BookClose[] {
  const tip = Date.parse(opts.tip);
  const from = tip - opts.windowMinutes * 60_000;
  const priced = opts.pricedAt ? Date.parse(opts.pricedAt) : Number.NEGATIVE_INFINITY;
  const latest = new Map<string, number>();
  for (const r of rows) {
    const c = Date.parse(r.captured_at);
    if (c >= tip || c < from || c <= priced) continue;
    if (c > (latest.get(r.book) ?? Number.NEGATIVE_INFINITY)) latest.set(r.book, c);
  }
  const out: BookClose[] = [];
  for (const [book, c] of latest) {
    const rungs = rows.filter((r) => r.book === book && Date.parse(r.captured_at) === c);
    out.push({ book, captured_at: new Date(c).toISOString(), rungs, main: mainRung(rungs) });
  }
  return out.sort((a, b) => (a.book < b.book ? -1 : a.book > b.book ? 1 : 0));
}

export interface ClvResult {
  close_line: number | null;
  close_captured_at: string | null;
  line_clv: number | null;
  fair_close: number | null;
  price_clv: number | null;
}

export const NO_CLOSE: ClvResult = {
  close_line: null,
  close_captured_at: null,
  line_clv: null,
  fair_close: null,
  price_clv: null,
};

/**
 * Line CLV (points in the bet's favour) against the consensus of the books' closing main lines,
 * and price CLV = fair_close − fair_prob, fair_close being the median multiplicative no-vig
 * probability of the pick's side over books quoting the pick's line with both sides at close.
 */
export function computeClv(
  pick: { direction: 'OVER' | 'UNDER'; line: number; fair_prob: number | null },
  rows: readonly LineSnapshotRow[],
  opts: ClosingOptions,
): ClvResult {
  const closes = closingSnapshots(rows, opts);
  if (!closes.length) return NO_CLOSE;
  const mains: BookLine[] = closes
    .filter((c) => c.main)
    .map((c) => ({ book: c.book, line: c.main!.line, captured_at: c.captured_at }));
  const consensus = closingLine(mains, {
    tip: opts.tip,
    staleAfterHours: opts.staleAfterHours,
    outlierPoints: opts.outlierPoints,
  });
  const closeLine = consensus.line;
  const fairs: number[] = [];
  for (const c of closes) {
    const rung = c.rungs.find(
      (r) => r.line === pick.line && isValidAmerican(r.over_price) && isValidAmerican(r.under_price),
    );
    if (!rung) continue;
    const [pOver, pUnder] = noVigProbabilities(rung.over_price!, rung.under_price!);
    fairs.push(pick.direction === 'OVER' ? pOver : pUnder);
  }
  const fairClose = median(fairs);
  const lineClv =
    closeLine === null ? null : pick.direction === 'OVER' ? closeLine - pick.line : pick.line - closeLine;
  return {
    close_line: closeLine,
    close_captured_at:
      consensus.odds_captured_at ??
      closes.reduce((a, b) => (a.captured_at > b.captured_at ? a : b)).captured_at,
    line_clv: round(lineClv, 2),
    fair_close: round(fairClose, 4),
    price_clv: fairClose === null || pick.fair_prob === null ? null : round(fairClose - pick.fair_prob, 4),
  };
}
