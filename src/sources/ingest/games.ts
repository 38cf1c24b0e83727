import type { Queryable } from '../../store/store.ts';
import { teamByTricode } from '../teams.ts';
import { isoOrNull, lit, same, selectIn, upsert } from './sql.ts';
import type { GameInput, GameRef, RejectInput, TableCounts, TipInput } from './types.ts';
import { emptyTableCounts } from './types.ts';

/**
 * games writer (spec 01 §3, §5, §7). Merge rules: status is never lowered except by MOVED;
 * scores only fill; a schedule/box tip (start_source = the row's source) outranks an odds tip;
 * an unplayed game put on another date is MOVED (postponement row, status 1, postponed_to);
 * status 3 without both scores is FINAL_WITHOUT_SCORE; a source flag is SOURCE_FLAG.
 */

const GAME_COLS = [
  'game_id',
  'nba_game_id',
  'game_date',
  'start_utc',
  'start_source',
  'season',
  'season_type',
  'home',
  'away',
  'status',
  'status_text',
  'postponed_to',
  'home_score',
  'away_score',
  'source',
] as const;

type GameRow = Record<(typeof GAME_COLS)[number], any>;

/** A tip from a schedule or box score outranks one from an odds feed. */
export function tipRank(source: string | null): number {
  if (!source) return 0;
  return /odds/.test(source) ? 1 : 2;
}

export interface Postponement {
  game_id: string;
  original_date: string;
  new_date: string | null;
  reason: 'FINAL_WITHOUT_SCORE' | 'SOURCE_FLAG' | 'MOVED';
}

export interface GamesResult {
  counts: TableCounts;
  rejects: RejectInput[];
  postponements: Postponement[];
  tips_filled: number;
}

function validateGame(g: GameInput): string | null {
  if (!g.game_id) return 'game_id is empty';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(g.game_date)) return `game_date ${g.game_date} is not a date`;
  if (!teamByTricode(g.home)) return `home ${g.home} is not a team`;
  if (!teamByTricode(g.away)) return `away ${g.away} is not a team`;
  if (g.home === g.away) return 'home and away are the same team';
  return null;
}

export async function writeGames(
  q: Queryable,
  input: GameInput[],
  tips: TipInput[],
  source: string,
  now = new Date(),
): Promise<GamesResult> {
  const counts = emptyTableCounts();
  const rejects: RejectInput[] = [];
  const postponements: Postponement[] = [];
  // Later rows of the same game win (a payload may carry a game twice, e.g. both team sides).
  const incoming = new Map<string, GameInput>();
  for (const g of input) {
    const problem = validateGame(g);
    if (problem) {
      rejects.push({
        row_ref: g.row_ref,
        reason: /team/.test(problem) ? 'UNKNOWN_TEAM' : 'BAD_VALUE',
        detail: problem,
        row_data: g,
      });
      counts.rejected++;
      continue;
    }
    const prev = incoming.get(g.game_id);
    if (prev) counts.unchanged++; // the duplicate side of the same game in this payload
    incoming.set(g.game_id, prev ? mergeInput(prev, g) : g);
  }
  const ids = new Set([...incoming.keys(), ...tips.flatMap((t) => (t.game_id ? [t.game_id] : []))]);
  const existing = new Map<string, GameRow>();
  for (const r of await selectIn<GameRow>(q, 'SELECT * FROM games WHERE {IN}', 'game_id', ids)) {
    existing.set(r.game_id, r);
  }
  const changed = new Map<string, GameRow>();
  for (const g of incoming.values()) {
    const old = existing.get(g.game_id) ?? changed.get(g.game_id);
    const row = merge(old, g, source, postponements);
    if (!old) {
      counts.inserted++;
      changed.set(g.game_id, row);
    } else if (GAME_COLS.some((c) => !same(old[c], row[c]))) {
      counts.updated++;
      changed.set(g.game_id, row);
    } else counts.unchanged++;
  }
  let tipsFilled = 0;
  for (const t of tips) {
    if (!t.game_id) continue;
    const cur = changed.get(t.game_id) ?? existing.get(t.game_id);
    const start = isoOrNull(t.start_utc);
    if (!cur || !start) continue;
    if (tipRank(cur.start_source) > 1) continue;
    if (same(cur.start_utc, start)) continue;
    changed.set(t.game_id, { ...cur, start_utc: start, start_source: source });
    tipsFilled++;
  }
  if (!input.length && changed.size) {
    // Tips only (every odds payload): one UPDATE … FROM (VALUES …), no bulk staging table.
    const values = [...changed.values()]
      .map((r) => `(${lit(r.game_id)}, ${lit(r.start_utc)}::TIMESTAMPTZ, ${lit(r.start_source)})`)
      .join(', ');
    await q.run(
      `UPDATE games SET start_utc = v.start_utc, start_source = v.start_source
       FROM (VALUES ${values}) AS v(game_id, start_utc, start_source) WHERE games.game_id = v.game_id`,
    );
  } else {
    const rowsOf = (isNew: boolean) =>
      [...changed.values()]
        .filter((r) => existing.has(r.game_id) !== isNew)
        .map((r) => GAME_COLS.map((c) => r[c]));
    await upsert(q, 'games', [...GAME_COLS], ['game_id'], rowsOf(true), rowsOf(false));
  }
  if (postponements.length) {
    const seen = new Set<string>();
    const rows = postponements
      .filter((p) => {
        const k = `${p.game_id}|${p.original_date}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .map((p) => [p.game_id, p.original_date, p.new_date, now.toISOString(), p.reason]);
    await q.insertMany(
      'game_postponements',
      ['game_id', 'original_date', 'new_date', 'detected_at', 'reason'],
      rows,
      {
        // One row per (game, original date), first reason kept; a later move fills new_date
        // (FINAL_WITHOUT_SCORE first, then MOVED by the schedule).
        onConflict:
          'ON CONFLICT (game_id, original_date) DO UPDATE SET new_date = COALESCE(CAST(excluded.new_date AS DATE), game_postponements.new_date)',
      },
    );
  }
  return { counts, rejects, postponements, tips_filled: tipsFilled };
}

/** Two views of one game in one payload (e.g. both team-log sides): fill what one lacks. */
function mergeInput(a: GameInput, b: GameInput): GameInput {
  return {
    ...a,
    ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== null && v !== undefined)),
    status: Math.max(a.status, b.status) as 1 | 2 | 3,
  } as GameInput;
}

function merge(
  old: GameRow | undefined,
  g: GameInput,
  source: string,
  postponements: Postponement[],
): GameRow {
  const hasScores = g.home_score != null && g.away_score != null && g.home_score > 0 && g.away_score > 0;
  const start = isoOrNull(g.start_utc);
  const row: GameRow = old
    ? { ...old }
    : {
        game_id: g.game_id,
        nba_game_id: null,
        game_date: g.game_date,
        start_utc: null,
        start_source: null,
        season: g.season,
        season_type: g.season_type,
        home: g.home,
        away: g.away,
        status: 1,
        status_text: null,
        postponed_to: null,
        home_score: null,
        away_score: null,
        source,
      };
  row.nba_game_id = g.nba_game_id ?? row.nba_game_id;
  row.season = g.season;
  row.season_type = g.season_type;
  row.home = g.home;
  row.away = g.away;
  if (g.status_text != null) row.status_text = g.status_text;
  if (start && tipRank(source) >= tipRank(row.start_source)) {
    row.start_utc = start;
    row.start_source = source;
  }
  if (old && old.game_date !== g.game_date) {
    // Final means status 3 with both scores (spec 01 §7): a FINAL_WITHOUT_SCORE game that a
    // later schedule puts on a new date was not played and moves like any other.
    const oldFinal = Number(old.status) === 3 && old.home_score > 0 && old.away_score > 0;
    if (!oldFinal && g.status !== 3) {
      postponements.push({
        game_id: g.game_id,
        original_date: old.game_date,
        new_date: g.game_date,
        reason: 'MOVED',
      });
      row.game_date = g.game_date;
      row.postponed_to = g.game_date;
      row.status = 1;
      row.home_score = null;
      row.away_score = null;
      if (start) row.start_utc = start;
      else if (tipRank(row.start_source) === 1) row.start_utc = null;
    }
    // A final game keeps its date: a later source disagreeing about a played game is ignored.
  } else {
    row.status = Math.max(Number(row.status), g.status);
  }
  if (g.status === 3 && hasScores) {
    row.home_score = g.home_score;
    row.away_score = g.away_score;
  } else if (g.status === 3 && !hasScores && !(row.home_score > 0 && row.away_score > 0)) {
    postponements.push({
      game_id: g.game_id,
      original_date: row.game_date,
      new_date: null,
      reason: 'FINAL_WITHOUT_SCORE',
    });
  }
  if (g.postponed_flag) {
    postponements.push({
      game_id: g.game_id,
      original_date: row.game_date,
      new_date: null,
      reason: 'SOURCE_FLAG',
    });
  }
  if (!old) row.source = source;
  return row;
}

/** Known games by (date, away, home) for mapping rows named by teams. */
export class GameIndex {
  private byRef = new Map<
    string,
    { game_id: string; game_date: string; home: string; away: string; start_utc: string | null }
  >();
  private byTeamDate = new Map<string, string>();
  private byId = new Map<string, GameIndex['games'][number]>();
  readonly games: Array<{
    game_id: string;
    game_date: string;
    home: string;
    away: string;
    start_utc: string | null;
  }>;

  constructor(
    games: Array<{
      game_id: string;
      game_date: string;
      home: string;
      away: string;
      start_utc: string | null;
    }>,
  ) {
    this.games = games;
    for (const g of games) {
      this.byId.set(g.game_id, g);
      this.byRef.set(`${g.game_date}|${g.away}|${g.home}`, g);
      this.byTeamDate.set(`${g.game_date}|${g.home}`, g.game_id);
      this.byTeamDate.set(`${g.game_date}|${g.away}`, g.game_id);
    }
  }

  /** The game of (date, away, home), else the swapped pair (spec 01 §4 mapping). */
  find(ref: GameRef): { game_id: string; home: string; away: string } | null {
    return (
      this.byRef.get(`${ref.game_date}|${ref.away}|${ref.home}`) ??
      this.byRef.get(`${ref.game_date}|${ref.home}|${ref.away}`) ??
      null
    );
  }

  teamGameOn(team: string, date: string): string | null {
    return this.byTeamDate.get(`${date}|${team}`) ?? null;
  }

  get(gameId: string) {
    return this.byId.get(gameId) ?? null;
  }
}

/** Loads the games of some dates (or ids) into a GameIndex in one query per 2,000 keys. */
export async function loadGameIndex(
  q: Queryable,
  dates: Iterable<string>,
  ids: Iterable<string> = [],
): Promise<GameIndex> {
  const ds = [...new Set(dates)].filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  const is = [...new Set(ids)];
  const rows: any[] = [];
  const cols = 'game_id, game_date, home, away, start_utc';
  if (ds.length)
    rows.push(
      ...(await q.query(
        `SELECT ${cols} FROM games WHERE game_date IN (${ds.map((d) => `${lit(d)}::DATE`).join(', ')})`,
      )),
    );
  if (is.length) rows.push(...(await selectIn(q, `SELECT ${cols} FROM games WHERE {IN}`, 'game_id', is)));
  const seen = new Map<string, any>();
  for (const r of rows) seen.set(r.game_id, r);
  return new GameIndex([...seen.values()]);
}
