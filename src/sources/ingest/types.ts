import type { BoxScore, SeasonType } from '../../domain/types.ts';
import type { Reason } from '../reasons.ts';

/**
 * Source-agnostic rows a mapper hands to the writers (spec 01 §1: parse → map → write). Every
 * source (files, NBA CDN, Odds API, simulator) maps its payload into these shapes and calls
 * `ingestMapped`; the writers do validation, identity, merge rules, counts and rejects.
 * `row_ref` names the row inside its payload ("line 12", "bovada/Jalen Duren/12.5") and keys
 * its reject. Timestamps are ISO instants, dates US Eastern 'YYYY-MM-DD'.
 */

export interface GameInput {
  row_ref: string;
  game_id: string;
  nba_game_id?: string | null;
  game_date: string;
  /** Tip-off from a schedule or box score (an odds tip goes in `tips`). */
  start_utc?: string | null;
  season: number;
  season_type: SeasonType;
  home: string;
  away: string;
  status: 1 | 2 | 3;
  status_text?: string | null;
  home_score?: number | null;
  away_score?: number | null;
  /** The source flags the game postponed (CDN "PPD"/postponedStatus "Y") → SOURCE_FLAG. */
  postponed_flag?: boolean;
}

/** A tip time from an odds feed: fills games.start_utc only when no schedule tip is known. */
export interface TipInput {
  game_id?: string | null;
  game_ref?: GameRef | null;
  start_utc: string;
}

/** A game named by date and teams instead of id (odds, injuries); resolved by the writer. */
export interface GameRef {
  game_date: string;
  home: string;
  away: string;
}

/** A team's line of a game: the player box-score counting columns, summed, plus the result. */
export interface TeamBoxInput
  extends Pick<BoxScore, 'game_id' | 'team' | 'game_date' | 'fgm' | 'fga' | 'fg3m' | 'fg3a' | 'ftm' | 'fta'>,
    Pick<BoxScore, 'oreb' | 'dreb' | 'tov' | 'pf'> {
  row_ref: string;
  minutes: number | null;
  points: number | null;
  win: boolean | null;
}

/** A player's box-score row as a source gives it: the stored BoxScore plus the writer's extras. */
export interface BoxInput extends BoxScore {
  row_ref: string;
  /** The player's name in this source (creates/updates `players`). */
  player_name: string;
  dnp_detail?: string | null;
  fga_paint?: number | null;
  fgm_paint?: number | null;
  fga_mid?: number | null;
  fgm_mid?: number | null;
  birth_date?: string | null;
}

export interface PropInput {
  /** The payload this row came from, when several payloads are merged into one call (else the call's). */
  payload_sha256?: string | null;

  row_ref: string;
  captured_at: string;
  /** Either game_id or game_ref (date + teams; the swapped pair is tried too). */
  game_id?: string | null;
  game_ref?: GameRef | null;
  /** Either player_id (simulator ids) or the raw name the book wrote. */
  player_id?: number | null;
  raw_name?: string | null;
  /** The source's book name; canonicalised by the writer (books.ts). */
  book: string;
  line: number;
  over_price: number | null;
  under_price: number | null;
  event_id?: string | null;
  book_updated_at?: string | null;
}

export interface GameLineInput {
  /** The payload this row came from, when several payloads are merged into one call (else the call's). */
  payload_sha256?: string | null;

  row_ref: string;
  captured_at: string;
  game_id?: string | null;
  game_ref?: GameRef | null;
  book: string;
  market: 'spread' | 'total';
  line: number | null;
  price_a: number | null;
  price_b: number | null;
}

export interface InjuryInput {
  /** The payload this row came from, when several payloads are merged into one call (else the call's). */
  payload_sha256?: string | null;

  row_ref: string;
  report_time: string;
  /** The player's team (tricode). */
  team: string;
  raw_name: string;
  player_id?: number | null;
  /** lower-case: out, doubtful, questionable, probable, available. */
  status: string;
  reason: string | null;
  reason_category: string;
  /** The game: given id, else the team's game on game_date, else its next game within 48 h. */
  game_id?: string | null;
  game_date?: string | null;
}

export interface RejectInput {
  /** The payload this row came from, when several payloads are merged into one call (else the call's). */
  payload_sha256?: string | null;

  row_ref: string;
  reason: Reason;
  detail: string;
  /** The raw or mapped row, kept for audit and re-resolution. */
  row_data?: unknown;
}

/** What a mapper returns for one payload or file. */
export interface MappedPayload {
  /** Rows read from the payload (each ends up inserted/updated/unchanged/rejected/skipped). */
  read: number;
  /** Rows out of scope by rule (other markets, preseason, games not final). */
  skipped: number;
  /** Which inputs are the counted rows (the others are derived, e.g. games from team logs). */
  primary: Array<'games' | 'teamBoxScores' | 'boxScores' | 'propLines' | 'gameLines' | 'injuries'>;
  games?: GameInput[];
  tips?: TipInput[];
  teamBoxScores?: TeamBoxInput[];
  boxScores?: BoxInput[];
  propLines?: PropInput[];
  gameLines?: GameLineInput[];
  injuries?: InjuryInput[];
  rejects?: RejectInput[];
  warnings?: Record<string, number>;
}

export interface TableCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
}

export interface IdentityStats {
  /** player_points rows read (the denominator of match_rate_all). */
  rows: number;
  lookup: number;
  suffix: number;
  alias: number;
  by_id: number;
  unresolved: number;
  /** Unresolved rows whose name has at least one candidate. */
  unresolved_with_candidate: number;
  /** raw name → rows and candidates. */
  names: Record<string, { count: number; candidates: Array<{ player_id: number; name: string }> }>;
}

/** What every ingest summary counts (files, live fetches, the simulator). */
export interface RowCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
  rejected_by_reason: Record<string, number>;
}

export interface IngestCounts extends RowCounts {
  warnings: Record<string, number>;
  tables: Record<string, TableCounts>;
  identity: IdentityStats;
}

export function emptyTableCounts(): TableCounts {
  return { inserted: 0, updated: 0, unchanged: 0, rejected: 0, skipped: 0 };
}

/**
 * A writer's rejected rows. `reject(row, reason, detail)` keeps the row, tagged with `kind`, with
 * its reason and its payload, and counts it in `counts.rejected`; `rowData` replaces what is kept.
 */
export function rejectList(counts: TableCounts, kind: string) {
  const rejects: RejectInput[] = [];
  const reject = (
    // a mapped input row, or a stored-row record of the same shape
    row: { row_ref: string; payload_sha256?: string | null } | Record<string, any>,
    reason: Reason,
    detail: string,
    rowData: unknown = { kind, ...row },
  ): void => {
    rejects.push({
      row_ref: row.row_ref,
      reason,
      detail,
      row_data: rowData,
      payload_sha256: row.payload_sha256,
    });
    counts.rejected++;
  };
  return { rejects, reject };
}

export function emptyIdentityStats(): IdentityStats {
  return {
    rows: 0,
    lookup: 0,
    suffix: 0,
    alias: 0,
    by_id: 0,
    unresolved: 0,
    unresolved_with_candidate: 0,
    names: {},
  };
}

export function emptyCounts(): IngestCounts {
  return {
    read: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 0,
    rejected_by_reason: {},
    warnings: {},
    tables: {},
    identity: emptyIdentityStats(),
  };
}

function addRecord(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Adds b into a (counts of several payloads or files). */
export function addCounts(a: IngestCounts, b: IngestCounts): IngestCounts {
  for (const k of ['read', 'inserted', 'updated', 'unchanged', 'rejected', 'skipped'] as const) a[k] += b[k];
  addRecord(a.rejected_by_reason, b.rejected_by_reason);
  addRecord(a.warnings, b.warnings);
  for (const [t, c] of Object.entries(b.tables)) {
    a.tables[t] ??= emptyTableCounts();
    const into = a.tables[t];
    for (const k of Object.keys(c) as Array<keyof TableCounts>) into[k] += c[k];
  }
  const ai = a.identity;
  const bi = b.identity;
  for (const k of [
    'rows',
    'lookup',
    'suffix',
    'alias',
    'by_id',
    'unresolved',
    'unresolved_with_candidate',
  ] as const)
    ai[k] += bi[k];
  for (const [n, v] of Object.entries(bi.names)) {
    ai.names[n] ??= { count: 0, candidates: v.candidates };
    const e = ai.names[n];
    e.count += v.count;
    if (!e.candidates.length) e.candidates = v.candidates;
  }
  return a;
}
