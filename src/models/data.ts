import type { PropLine } from '../domain/types.ts';
import { type FeatureSetName, readFeatureMatrix } from '../features/index.ts';
import type { Queryable } from '../store/store.ts';

/**
 * Set-based reads of what training, gates and the backtest need (DESIGN principle 2): one
 * query per feature set for a whole date range, then slices in memory. Rows are the features
 * table's `tipoff` rows (spec 02 §6), quality-ready, of the current contract hash, joined to
 * box scores; nothing here computes a feature.
 */
export interface FeatureFrame {
  featureSet: FeatureSetName;
  nCols: number;
  n: number;
  gameId: string[];
  playerId: number[];
  gameDate: string[];
  /** Row-major nRows × nCols, NaN = missing. */
  X: Float32Array;
  /** Points when the player played (minutes > 0), else NaN (void). */
  points: Float64Array;
  /** line_at_cutoff (the consensus at tip-off), NaN = no line. */
  line: Float64Array;
  quality: Float64Array;
  /** Row indices per game date (ascending dates). */
  byDate: Map<string, number[]>;
  /** Rows of this set and range skipped for another contract_hash. */
  otherHashRows: number;
}

export async function loadFeatureFrame(
  store: Queryable,
  set: FeatureSetName,
  contractHash: string,
  from: string,
  to: string,
): Promise<FeatureFrame> {
  // The features area's reader: quality-ready tipoff rows with their box-score label.
  const m = await readFeatureMatrix(store, { set, from, to, cutoffKind: 'tipoff', readyOnly: true });
  const nCols = m.nFeatures;
  const keep: number[] = [];
  let otherHashRows = 0;
  m.keys.forEach((k, i) => {
    if (k.contract_hash === contractHash) keep.push(i);
    else otherHashRows++;
  });
  const n = keep.length;
  const X = n === m.nRows ? m.X : new Float32Array(n * nCols);
  const points = new Float64Array(n);
  const line = new Float64Array(n);
  const quality = new Float64Array(n);
  const byDate = new Map<string, number[]>();
  const gameId: string[] = new Array(n);
  const playerId: number[] = new Array(n);
  const gameDate: string[] = new Array(n);
  keep.forEach((src, i) => {
    const k = m.keys[src];
    if (X !== m.X) X.set(m.X.subarray(src * nCols, (src + 1) * nCols), i * nCols);
    const played = k.actual_minutes !== null && Number(k.actual_minutes) > 0 && k.actual_points !== null;
    points[i] = played ? Number(k.actual_points) : Number.NaN;
    line[i] = k.line_at_cutoff === null ? Number.NaN : Number(k.line_at_cutoff);
    quality[i] = Number(k.quality_score);
    gameId[i] = k.game_id;
    playerId[i] = Number(k.player_id);
    gameDate[i] = k.game_date;
    const list = byDate.get(k.game_date);
    if (list) list.push(i);
    else byDate.set(k.game_date, [i]);
  });
  return {
    featureSet: set,
    nCols,
    n,
    gameId,
    playerId,
    gameDate,
    X,
    points,
    line,
    quality,
    byDate,
    otherHashRows,
  };
}

/** Row indices of the given dates, in frame order, optionally filtered. */
export function rowsOf(
  frame: FeatureFrame,
  dates: readonly string[],
  keep?: (i: number) => boolean,
): number[] {
  const out: number[] = [];
  for (const d of dates) for (const i of frame.byDate.get(d) ?? []) if (!keep || keep(i)) out.push(i);
  return out;
}

/** Copies the selected rows' features into a new row-major matrix. */
export function gatherX(frame: FeatureFrame, idx: readonly number[]): Float32Array {
  const c = frame.nCols;
  const X = new Float32Array(idx.length * c);
  for (let k = 0; k < idx.length; k++) X.set(frame.X.subarray(idx[k] * c, (idx[k] + 1) * c), k * c);
  return X;
}

export interface Prices {
  book: string;
  over_price: number | null;
  under_price: number | null;
}

/**
 * Prices for ROI at actual odds (spec 03 §9): per (game, player), each book's latest main line
 * captured before tip-off; among the books quoting `line` (the consensus), the first in
 * `bookPriority` (then alphabetical). One query for the range.
 */
export async function loadPrices(
  store: Queryable,
  from: string,
  to: string,
  bookPriority: readonly string[],
): Promise<(gameId: string, playerId: number, line: number) => Prices | null> {
  const rows = await store.query<Omit<PropLine, 'captured_at' | 'is_main' | 'source'>>(
    `SELECT game_id, player_id, book, line, over_price, under_price FROM (
       SELECT p.game_id, p.player_id, p.book, p.line, p.over_price, p.under_price,
              ROW_NUMBER() OVER (PARTITION BY p.game_id, p.player_id, p.book ORDER BY p.captured_at DESC, p.line) AS rn
       FROM prop_lines p JOIN games g ON g.game_id = p.game_id
       WHERE p.is_main AND p.market = 'player_points' AND g.game_date BETWEEN $1::DATE AND $2::DATE
         AND (g.start_utc IS NULL OR p.captured_at < g.start_utc)
     ) x WHERE rn = 1`,
    [from, to],
  );
  const rank = (b: string) => {
    const i = bookPriority.indexOf(b);
    return i < 0 ? bookPriority.length : i;
  };
  const byKey = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = `${r.game_id}|${Number(r.player_id)}`;
    const l = byKey.get(k);
    if (l) l.push(r);
    else byKey.set(k, [r]);
  }
  return (gameId, playerId, line) => {
    const cands = (byKey.get(`${gameId}|${playerId}`) ?? []).filter((r) => r.line === line);
    if (!cands.length) return null;
    cands.sort((a, b) => rank(a.book) - rank(b.book) || (a.book < b.book ? -1 : a.book > b.book ? 1 : 0));
    const c = cands[0];
    return { book: c.book, over_price: c.over_price, under_price: c.under_price };
  };
}
