import { canonicalBook } from '../../domain/books.ts';
import { lineSanityProblem, mainRung } from '../../domain/lines.ts';
import { isValidAmerican, overround } from '../../domain/odds.ts';
import type { Queryable } from '../../store/store.ts';
import type { IdentityIndex } from '../identity.ts';
import type { GameIndex } from './games.ts';
import { isoOrNull, lit, same, selectIn, upsert } from './sql.ts';
import type { GameLineInput, GameRef, IdentityStats, PropInput, RejectInput, TableCounts } from './types.ts';
import { emptyTableCounts, rejectList } from './types.ts';

/**
 * prop_lines and game_lines writers (spec 01 §6): append-only snapshots; sanity rejects;
 * is_main set at write time per (captured_at, game, player, book) ladder with `mainRung`;
 * the same key with other prices is DUPLICATE_CONFLICT; an unknown book is kept as its slug
 * with an UNKNOWN_BOOK warning. Rows after tip-off are stored (they are filtered on read).
 */

export interface LinesContext {
  source: string;
  payload_sha256: string | null;
  games: GameIndex;
  identity: IdentityIndex;
  stats: IdentityStats;
  warnings: Record<string, number>;
  /** lines.maxOverround: a pair whose overround is above it is PRICE_SANITY_REJECT. */
  maxOverround?: number;
}

/** lines.maxOverround's default (the real files' highest player-points pair is 10.6%). */
export const DEFAULT_MAX_OVERROUND = 0.25;
/** American prices beyond ±10000 are typos or feed garbage, never a quote (00-decisions). */
const MAX_ABS_PRICE = 10_000;

/**
 * Price sanity at ingestion (00-decisions): a price outside [−10000, +10000], or an over/under
 * pair whose overround is negative (a book paying more than it takes) or above maxOverround.
 * A row with one side missing is judged on the side it has.
 */
export function priceSanityProblem(
  over: number | null | undefined,
  under: number | null | undefined,
  maxOverround: number,
): string | null {
  for (const [side, p] of [
    ['over', over],
    ['under', under],
  ] as const) {
    if (typeof p === 'number' && Number.isFinite(p) && Math.abs(p) > MAX_ABS_PRICE)
      return `${side} price ${p > 0 ? '+' : ''}${p} is outside [-10000, +10000]`;
  }
  if (isValidAmerican(over) && isValidAmerican(under)) {
    const v = overround(over, under);
    if (v < -1e-9) return `overround of ${over}/${under} is negative (${(v * 100).toFixed(2)}%)`;
    if (v > maxOverround + 1e-9)
      return `overround of ${over}/${under} is ${(v * 100).toFixed(2)}%, above lines.maxOverround ${(maxOverround * 100).toFixed(2)}%`;
  }
  return null;
}

const PROP_COLS = [
  'captured_at',
  'game_id',
  'player_id',
  'book',
  'line',
  'over_price',
  'under_price',
  'source',
  'event_id',
  'market',
  'is_main',
  'book_updated_at',
  'payload_sha256',
] as const;

function warn(w: Record<string, number>, k: string, n = 1): void {
  w[k] = (w[k] ?? 0) + n;
}

function price(p: number | null): number | null {
  if (!isValidAmerican(p)) return null;
  return p === -100 ? 100 : Math.round(p);
}

function resolveGame(
  games: GameIndex,
  r: { game_id?: string | null; game_ref?: GameRef | null },
): { game_id: string; game_date: string; home: string; away: string; teams: string[] } | null {
  if (r.game_id) {
    const g = games.get(r.game_id);
    return g
      ? { game_id: g.game_id, game_date: g.game_date, home: g.home, away: g.away, teams: [g.home, g.away] }
      : null;
  }
  if (r.game_ref) {
    const g = games.find(r.game_ref);
    return g
      ? {
          game_id: g.game_id,
          game_date: r.game_ref.game_date,
          home: g.home,
          away: g.away,
          teams: [g.home, g.away],
        }
      : null;
  }
  return null;
}

function describeCandidates(c: Array<{ player_id: number; name: string }>): string {
  return c.length ? `candidates: ${c.map((x) => `${x.name} (${x.player_id})`).join(', ')}` : 'no candidate';
}

/** canonicalBook per raw key (eight books, 600k rows a simulated season). */
const bookCache = new Map<string, { book: string; known: boolean }>();
function bookOf(raw: string): { book: string; known: boolean } {
  let b = bookCache.get(raw);
  if (!b) {
    b = canonicalBook(raw);
    if (bookCache.size < 10_000) bookCache.set(raw, b);
  }
  return b;
}

type PropRow = Record<(typeof PROP_COLS)[number], any> & { row_ref: string; ladder: string };

/** A row in PROP_COLS order (written out: this runs once per stored prop line). */
function propValues(r: PropRow): unknown[] {
  return [
    r.captured_at,
    r.game_id,
    r.player_id,
    r.book,
    r.line,
    r.over_price,
    r.under_price,
    r.source,
    r.event_id,
    r.market,
    r.is_main,
    r.book_updated_at,
    r.payload_sha256,
  ];
}

export async function writePropLines(
  q: Queryable,
  input: PropInput[],
  ctx: LinesContext,
): Promise<{ counts: TableCounts; rejects: RejectInput[] }> {
  const counts = emptyTableCounts();
  const { rejects, reject } = rejectList(counts, 'prop');
  const st = ctx.stats;
  const maxOverround = ctx.maxOverround ?? DEFAULT_MAX_OVERROUND;
  const rows = new Map<string, PropRow>();
  // Rows of one payload share their game: the last lookup is reused while the ref repeats.
  let lastRef: PropInput['game_ref'] | string | undefined;
  let lastGame: ReturnType<typeof resolveGame> = null;
  // Names resolved in the current game (a player's rows repeat per book and rung).
  let names = new Map<string, ReturnType<IdentityIndex['resolve']>>();
  for (const r of input) {
    st.rows++;
    const captured = isoOrNull(r.captured_at);
    if (!captured) {
      reject(r, 'BAD_TIMESTAMP', `captured_at ${r.captured_at} is not a timestamp`);
      continue;
    }
    const over = price(r.over_price);
    const under = price(r.under_price);
    const problem = lineSanityProblem(r.line, over, under);
    if (problem) {
      reject(r, 'LINE_SANITY_REJECT', problem);
      continue;
    }
    const priceProblem = priceSanityProblem(r.over_price, r.under_price, maxOverround);
    if (priceProblem) {
      reject(r, 'PRICE_SANITY_REJECT', priceProblem);
      continue;
    }
    const ref = r.game_id || r.game_ref || undefined;
    if (ref !== lastRef) {
      lastRef = ref;
      lastGame = resolveGame(ctx.games, r);
      names = new Map();
    }
    const game = lastGame;
    if (!game) {
      const ref = r.game_ref
        ? `${r.game_ref.away} @ ${r.game_ref.home} on ${r.game_ref.game_date}`
        : r.game_id;
      reject(r, 'UNKNOWN_GAME', `no game ${ref}`);
      continue;
    }
    let playerId = r.player_id ?? null;
    if (playerId !== null) st.by_id++;
    else {
      const raw = (r.raw_name ?? '').trim();
      if (!raw) {
        reject(r, 'MALFORMED_OUTCOME', 'player name is empty');
        continue;
      }
      let res = names.get(raw);
      if (!res) {
        res = ctx.identity.resolve(raw, { source: ctx.source, date: game.game_date, teams: game.teams });
        names.set(raw, res);
      }
      if (res.player_id === null) {
        st.unresolved++;
        if (res.candidates.length) st.unresolved_with_candidate++;
        st.names[raw] ??= { count: 0, candidates: res.candidates };
        st.names[raw].count++;
        reject(r, res.reason, `${raw}: ${describeCandidates(res.candidates)}`);
        continue;
      }
      st[res.via]++;
      playerId = res.player_id;
    }
    const { book, known } = bookOf(r.book);
    if (!known) warn(ctx.warnings, 'UNKNOWN_BOOK');
    const ladder = `${game.game_id}|${playerId}|${book}|${captured}`;
    const k = `${ladder}|${r.line}`;
    const prev = rows.get(k);
    if (prev) {
      if (prev.over_price !== over || prev.under_price !== under) {
        reject(
          r,
          'DUPLICATE_CONFLICT',
          `a second ${book} ${r.line} quote for the same player and snapshot has other prices`,
        );
      } else {
        counts.skipped++;
        warn(ctx.warnings, 'duplicate_rows');
      }
      continue;
    }
    rows.set(k, {
      row_ref: r.row_ref,
      ladder,
      captured_at: captured,
      game_id: game.game_id,
      player_id: playerId,
      book,
      line: r.line,
      over_price: over,
      under_price: under,
      source: ctx.source,
      event_id: r.event_id ?? null,
      market: 'player_points',
      is_main: false,
      book_updated_at: isoOrNull(r.book_updated_at),
      payload_sha256: r.payload_sha256 ?? ctx.payload_sha256,
    });
  }
  // Stored rows of the same snapshots: for unchanged/conflict counts and whole-ladder mains.
  const captures = new Set<string>();
  const gameIds = new Set<string>();
  for (const r of rows.values()) {
    captures.add(r.captured_at);
    gameIds.add(r.game_id);
  }
  const existing = new Map<string, any>();
  if (captures.size) {
    const sql = `SELECT * FROM prop_lines WHERE {IN} AND captured_at IN (${[...captures].map((c) => `${lit(c)}::TIMESTAMPTZ`).join(', ')})`;
    for (const r of await selectIn<any>(q, sql, 'game_id', gameIds)) {
      r.captured_at = isoOrNull(r.captured_at);
      existing.set(`${r.game_id}|${r.player_id}|${r.book}|${r.captured_at}|${r.line}`, r);
    }
  }
  const fresh: PropRow[] = [];
  for (const [k, row] of rows) {
    const old = existing.get(k);
    if (!old) fresh.push(row);
    else if (same(old.over_price, row.over_price) && same(old.under_price, row.under_price))
      counts.unchanged++;
    else {
      const { ladder: _ladder, ...data } = row;
      reject(
        row,
        'DUPLICATE_CONFLICT',
        `stored ${row.book} ${row.line} quote at ${row.captured_at} has other prices (${old.over_price}/${old.under_price})`,
        { kind: 'prop', ...data },
      );
    }
  }
  // Main rung per ladder over stored + new rungs (captured_at is normalised ISO on both sides).
  type Rung = {
    line: number;
    over_price: number | null;
    under_price: number | null;
    ref: any;
    stored: boolean;
  };
  const ladders = new Map<string, Rung[]>();
  for (const r of fresh) {
    const k = r.ladder;
    const rung: Rung = {
      line: r.line,
      over_price: r.over_price,
      under_price: r.under_price,
      ref: r,
      stored: false,
    };
    const l = ladders.get(k);
    if (l) l.push(rung);
    else ladders.set(k, [rung]);
  }
  for (const r of existing.values()) {
    const l = ladders.get(`${r.game_id}|${r.player_id}|${r.book}|${r.captured_at}`);
    if (l)
      l.push({
        line: Number(r.line),
        over_price: r.over_price,
        under_price: r.under_price,
        ref: r,
        stored: true,
      });
  }
  const mainFixes: unknown[][] = [];
  for (const rungs of ladders.values()) {
    const main = mainRung(rungs);
    for (const g of rungs) {
      const isMain = g === main;
      if (!g.stored) g.ref.is_main = isMain;
      else if (Boolean(g.ref.is_main) !== isMain) {
        mainFixes.push(PROP_COLS.map((c) => (c === 'is_main' ? isMain : g.ref[c])));
      }
    }
  }
  if (fresh.length) {
    counts.inserted += await q.insertMany('prop_lines', [...PROP_COLS], fresh.map(propValues));
  }
  if (mainFixes.length) {
    warn(ctx.warnings, 'main_rung_moved', mainFixes.length);
    await upsert(
      q,
      'prop_lines',
      [...PROP_COLS],
      ['game_id', 'player_id', 'book', 'captured_at', 'line'],
      [],
      mainFixes,
    );
  }
  return { counts, rejects };
}

const GAME_LINE_COLS = [
  'captured_at',
  'game_id',
  'book',
  'market',
  'line',
  'price_a',
  'price_b',
  'source',
  'payload_sha256',
] as const;

export async function writeGameLines(
  q: Queryable,
  input: GameLineInput[],
  ctx: Pick<LinesContext, 'source' | 'payload_sha256' | 'games' | 'warnings'>,
): Promise<{ counts: TableCounts; rejects: RejectInput[] }> {
  const counts = emptyTableCounts();
  const { rejects, reject } = rejectList(counts, 'game_line');
  const rows = new Map<string, Record<string, any>>();
  for (const r of input) {
    const captured = isoOrNull(r.captured_at);
    if (!captured) {
      reject(r, 'BAD_TIMESTAMP', `captured_at ${r.captured_at} is not a timestamp`);
      continue;
    }
    if (
      r.line !== null &&
      (!Number.isFinite(r.line) || Math.abs(r.line * 2 - Math.round(r.line * 2)) > 1e-9)
    ) {
      reject(r, 'BAD_VALUE', `${r.market} line ${r.line} is not a multiple of 0.5`);
      continue;
    }
    if (r.market === 'total' && r.line !== null && r.line <= 0) {
      reject(r, 'LINE_SANITY_REJECT', `total ${r.line} is not positive`);
      continue;
    }
    const game = resolveGame(ctx.games, r);
    if (!game) {
      reject(r, 'UNKNOWN_GAME', 'no game for the line');
      continue;
    }
    const { book, known } = canonicalBook(r.book);
    if (!known) warn(ctx.warnings, 'UNKNOWN_BOOK');
    const row = {
      captured_at: captured,
      game_id: game.game_id,
      book,
      market: r.market,
      line: r.line,
      price_a: price(r.price_a),
      price_b: price(r.price_b),
      source: ctx.source,
      payload_sha256: r.payload_sha256 ?? ctx.payload_sha256,
      row_ref: r.row_ref,
    };
    const k = `${row.game_id}|${book}|${r.market}|${captured}`;
    const prev = rows.get(k);
    if (prev) {
      if (!same(prev.line, row.line) || prev.price_a !== row.price_a || prev.price_b !== row.price_b)
        reject(r, 'DUPLICATE_CONFLICT', `a second ${book} ${r.market} row for the same snapshot differs`);
      else counts.skipped++;
      continue;
    }
    rows.set(k, row);
  }
  const captures = [...new Set([...rows.values()].map((r) => r.captured_at))];
  const existing = new Map<string, any>();
  if (captures.length) {
    const sql = `SELECT * FROM game_lines WHERE {IN} AND captured_at IN (${captures.map((c) => `${lit(c)}::TIMESTAMPTZ`).join(', ')})`;
    for (const r of await selectIn<any>(
      q,
      sql,
      'game_id',
      [...rows.values()].map((r) => r.game_id),
    )) {
      existing.set(`${r.game_id}|${r.book}|${r.market}|${new Date(r.captured_at).toISOString()}`, r);
    }
  }
  const fresh: unknown[][] = [];
  for (const [k, row] of rows) {
    const old = existing.get(k);
    if (!old) fresh.push(GAME_LINE_COLS.map((c) => row[c]));
    else if (same(old.line, row.line) && same(old.price_a, row.price_a) && same(old.price_b, row.price_b))
      counts.unchanged++;
    else {
      reject(row, 'DUPLICATE_CONFLICT', 'stored game line differs', row);
    }
  }
  if (fresh.length) {
    counts.inserted += await q.insertMany('game_lines', [...GAME_LINE_COLS], fresh, {
      onConflict: 'ON CONFLICT (game_id, book, market, captured_at) DO NOTHING',
    });
  }
  return { counts, rejects };
}
