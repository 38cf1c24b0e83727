import { etWallTimeToUtc } from './dates.ts';
import { impliedProbability, isValidAmerican } from './odds.ts';

/**
 * The one place for line rules (00-decisions "Lines", spec 01 §6): a book's main rung, the
 * consensus line at a time t, opening and closing lines. Every module calls these; nobody
 * writes another.
 */

export interface Rung {
  line: number;
  over_price: number | null;
  under_price: number | null;
}

/**
 * The main rung of one book's ladder in one snapshot: the rung whose implied over and under
 * probabilities are closest; ties → the lower line. Rungs missing a price are never main.
 */
export function mainRung<R extends Rung>(rungs: readonly R[]): R | null {
  let best: R | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const r of rungs) {
    if (!isValidAmerican(r.over_price) || !isValidAmerican(r.under_price)) continue;
    const gap = Math.abs(impliedProbability(r.over_price) - impliedProbability(r.under_price));
    // Compare gaps with a tolerance so float noise cannot break a tie the wrong way.
    if (gap < bestGap - 1e-12 || (Math.abs(gap - bestGap) <= 1e-12 && best && r.line < best.line)) {
      best = r;
      bestGap = gap;
    }
  }
  return best;
}

/** One book's main line as captured at one time. */
export interface BookLine {
  book: string;
  line: number;
  captured_at: string; // ISO instant
  over_price?: number | null;
  under_price?: number | null;
}

export interface ConsensusOptions {
  /** The time t the consensus is taken at (ISO instant). */
  at: string;
  /** Tip-off (ISO instant); snapshots at or after it never count. */
  tip: string;
  /** lines.staleAfterHours (12). */
  staleAfterHours: number;
  /** lines.outlierPoints (6). */
  outlierPoints: number;
}

export interface Consensus {
  /** The consensus line, always a quoted line; null when no book qualifies (NO_PROP_LINE). */
  line: number | null;
  /** The single book when one book quotes, else 'consensus'; null without a line. */
  book: string | null;
  n_books: number;
  /** Newest contributing snapshot. */
  odds_captured_at: string | null;
  /** Each book's latest main line that voted. */
  contributing: BookLine[];
  /** Books left out: latest snapshot older than staleAfterHours before t (STALE_LINE). */
  stale: BookLine[];
  /** Books left out: more than outlierPoints from the median of the other books (LINE_OUTLIER). */
  outliers: BookLine[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Each book's latest main line with captured_at ≤ at and < tip. */
export function latestPerBook<L extends BookLine>(mains: readonly L[], at: string, tip: string): L[] {
  const atMs = Date.parse(at);
  const tipMs = Date.parse(tip);
  const byBook = new Map<string, L>();
  for (const m of mains) {
    const c = Date.parse(m.captured_at);
    if (c > atMs || c >= tipMs) continue;
    const prev = byBook.get(m.book);
    if (!prev || c > Date.parse(prev.captured_at)) byBook.set(m.book, m);
  }
  return [...byBook.values()].sort((a, b) => (a.book < b.book ? -1 : a.book > b.book ? 1 : 0));
}

/**
 * The consensus line at t for one (game, player) from the main-line snapshots of every book:
 * each book's latest main line before t and tip; stale books and outliers left out; the line
 * quoted by the most books wins; ties → the lower line (20.5 and 21.5 give 20.5).
 * An outlier needs at least two other books to be judged against: with two books far apart
 * nobody can tell which is wrong, so both vote.
 */
export function consensusLine(mains: readonly BookLine[], opts: ConsensusOptions): Consensus {
  const latest = latestPerBook(mains, opts.at, opts.tip);
  const staleBefore = Date.parse(opts.at) - opts.staleAfterHours * 3_600_000;
  const stale = latest.filter((l) => Date.parse(l.captured_at) < staleBefore);
  const fresh = latest.filter((l) => Date.parse(l.captured_at) >= staleBefore);
  const outliers: BookLine[] = [];
  const contributing: BookLine[] = [];
  for (const l of fresh) {
    const others = fresh.filter((o) => o !== l).map((o) => o.line);
    if (others.length >= 2 && Math.abs(l.line - median(others)) > opts.outlierPoints) outliers.push(l);
    else contributing.push(l);
  }
  if (!contributing.length) {
    return { line: null, book: null, n_books: 0, odds_captured_at: null, contributing, stale, outliers };
  }
  const votes = new Map<number, number>();
  for (const l of contributing) votes.set(l.line, (votes.get(l.line) ?? 0) + 1);
  let line = Number.NaN;
  let most = 0;
  for (const [value, n] of votes) {
    if (n > most || (n === most && value < line)) {
      line = value;
      most = n;
    }
  }
  const newest = contributing.reduce((a, b) =>
    Date.parse(b.captured_at) > Date.parse(a.captured_at) ? b : a,
  );
  return {
    line,
    book: contributing.length === 1 ? contributing[0].book : 'consensus',
    n_books: contributing.length,
    odds_captured_at: newest.captured_at,
    contributing,
    stale,
    outliers,
  };
}

/** Opening line: the consensus at the earliest pre-tip snapshot. */
export function openingLine(mains: readonly BookLine[], opts: Omit<ConsensusOptions, 'at'>): Consensus {
  const tipMs = Date.parse(opts.tip);
  const first = mains
    .map((m) => m.captured_at)
    .filter((c) => Date.parse(c) < tipMs)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  if (!first) return consensusLine([], { ...opts, at: opts.tip });
  return consensusLine(mains, { ...opts, at: first });
}

/** Closing line: the consensus at t = tip-off. */
export function closingLine(mains: readonly BookLine[], opts: Omit<ConsensusOptions, 'at'>): Consensus {
  return consensusLine(mains, { ...opts, at: opts.tip });
}

/**
 * The tip-off used for "captured before tip": the game's start_utc, else its date at
 * features.unknownTipTimeEt (19:00 Eastern), never noon (00-decisions "Tip times").
 */
export function effectiveTip(
  game: { game_date: string; start_utc: string | null },
  unknownTipTimeEt = '19:00',
): string {
  return game.start_utc ?? etWallTimeToUtc(game.game_date, unknownTipTimeEt).toISOString();
}

/** Ingestion sanity (LINE_SANITY_REJECT): line in (0, 80], a multiple of 0.5, at least one price. */
export function lineSanityProblem(
  line: number,
  overPrice: number | null,
  underPrice: number | null,
): string | null {
  if (!Number.isFinite(line) || line <= 0) return `line ${line} is not positive`;
  if (line > 80) return `line ${line} is above 80`;
  if (Math.abs(line * 2 - Math.round(line * 2)) > 1e-9) return `line ${line} is not a multiple of 0.5`;
  if (!isValidAmerican(overPrice) && !isValidAmerican(underPrice)) return 'both prices missing';
  return null;
}
