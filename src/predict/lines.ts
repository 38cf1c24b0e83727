import { type BookLine, type Consensus, consensusLine } from '../domain/lines.ts';
import { placeholders } from '../store/sql.ts';
import type { Queryable } from '../store/store.ts';
import { slateValues } from './sql.ts';
import type { SlateGame } from './types.ts';

/**
 * Line lookup (spec 04 §4.2): one read of every book's main-line snapshots for the slate's
 * games at their cutoffs, then the one consensus of domain/lines.ts per (game, player).
 */

export interface LineSample {
  player_id: number;
  game_id: string;
  book: string | null;
  line: number | null;
  reason: string;
}

export interface LineDiagnostics {
  with_line: number;
  NO_PROP_LINE: number;
  LINE_SOURCE: Record<string, number>;
  LINE_SANITY_REJECT: number;
  STALE_LINE: number;
  LINE_OUTLIER: number;
  LINE_NOT_CANDIDATE: { injured: number; unknown: number };
  samples: LineSample[];
}

export interface LineLookup {
  /** Consensus per 'game_id|player_id' for every (game, player) with a main line. */
  byPlayer: Map<string, Consensus>;
}

export interface MainLineRow extends BookLine {
  game_id: string;
  player_id: number;
}

/** One query: main-line snapshots of the slate games captured at or before each game's cutoff and before tip. */
export async function readMainLines(store: Queryable, games: SlateGame[]): Promise<MainLineRow[]> {
  if (!games.length) return [];
  const s = slateValues(games);
  return store.query<MainLineRow>(
    `WITH s AS (${s.sql})
     SELECT l.game_id, l.player_id, l.book, l.line, l.over_price, l.under_price, l.captured_at
     FROM prop_lines l JOIN s ON s.game_id = l.game_id
     WHERE l.is_main AND l.market = 'player_points' AND l.captured_at <= s.cutoff AND l.captured_at < s.tip`,
    s.params,
  );
}

/**
 * Snapshot rows of the slate's games rejected at ingest by the line sanity rule
 * (rejected_rows; row_data carries the source row: a game_id, or a game_ref of date and
 * teams, either order, as the ingest writers store it).
 */
export async function countSanityRejects(
  store: Queryable,
  games: SlateGame[],
  date: string,
): Promise<number> {
  if (!games.length) return 0;
  const ids = games.map((g) => g.game_id);
  const pairs = games.flatMap((g) => [`${g.home}|${g.away}`, `${g.away}|${g.home}`]);
  const rows = await store.query<{ n: number }>(
    `SELECT count(*) AS n FROM rejected_rows
     WHERE reason = 'LINE_SANITY_REJECT'
       AND ((row_data->>'game_id') IN (${placeholders(ids.length, 2)})
         OR ((row_data->'game_ref'->>'game_date') = $1
             AND ((row_data->'game_ref'->>'home') || '|' || (row_data->'game_ref'->>'away')) IN (${placeholders(pairs.length, 2 + ids.length)})))`,
    [date, ...ids, ...pairs],
  );
  return Number(rows[0]?.n ?? 0);
}

export interface ConsensusInput {
  games: SlateGame[];
  mains: MainLineRow[];
  staleAfterHours: number;
  outlierPoints: number;
}

/** Pure: the consensus of each (game, player) of the slate at its game's cutoff. */
export function consensusByPlayer(input: ConsensusInput): Map<string, Consensus> {
  const gameById = new Map(input.games.map((g) => [g.game_id, g]));
  const grouped = new Map<string, MainLineRow[]>();
  for (const m of input.mains) {
    const k = `${m.game_id}|${m.player_id}`;
    const list = grouped.get(k);
    if (list) list.push(m);
    else grouped.set(k, [m]);
  }
  const out = new Map<string, Consensus>();
  for (const [k, mains] of grouped) {
    const g = gameById.get(mains[0].game_id);
    if (!g) continue;
    out.set(
      k,
      consensusLine(mains, {
        at: g.cutoff,
        tip: g.tip,
        staleAfterHours: input.staleAfterHours,
        outlierPoints: input.outlierPoints,
      }),
    );
  }
  return out;
}

/**
 * Pure: the diagnostics of steps.lines over the candidates. `excluded` holds the keys of
 * players left out as OUT/DOUBTFUL (their lines count as LINE_NOT_CANDIDATE injured).
 */
export function lineDiagnostics(
  consensus: Map<string, Consensus>,
  candidates: Array<{ game_id: string; player_id: number }>,
  excluded: Set<string>,
  sanityRejects: number,
): LineDiagnostics {
  const d: LineDiagnostics = {
    with_line: 0,
    NO_PROP_LINE: 0,
    LINE_SOURCE: {},
    LINE_SANITY_REJECT: sanityRejects,
    STALE_LINE: 0,
    LINE_OUTLIER: 0,
    LINE_NOT_CANDIDATE: { injured: 0, unknown: 0 },
    samples: [],
  };
  const sample = (s: LineSample) => {
    if (d.samples.length < 20) d.samples.push(s);
  };
  const candidateKeys = new Set<string>();
  for (const c of candidates) {
    const k = `${c.game_id}|${c.player_id}`;
    candidateKeys.add(k);
    const con = consensus.get(k);
    if (!con || con.line === null) {
      d.NO_PROP_LINE++;
      sample({ player_id: c.player_id, game_id: c.game_id, book: null, line: null, reason: 'NO_PROP_LINE' });
    } else {
      d.with_line++;
      for (const b of con.contributing) d.LINE_SOURCE[b.book] = (d.LINE_SOURCE[b.book] ?? 0) + 1;
    }
    for (const b of con?.stale ?? []) {
      d.STALE_LINE++;
      sample({
        player_id: c.player_id,
        game_id: c.game_id,
        book: b.book,
        line: b.line,
        reason: 'STALE_LINE',
      });
    }
    for (const b of con?.outliers ?? []) {
      d.LINE_OUTLIER++;
      sample({
        player_id: c.player_id,
        game_id: c.game_id,
        book: b.book,
        line: b.line,
        reason: 'LINE_OUTLIER',
      });
    }
  }
  for (const [k, con] of consensus) {
    if (candidateKeys.has(k)) continue;
    const [game_id, pid] = k.split('|');
    const injured = excluded.has(k);
    if (injured) d.LINE_NOT_CANDIDATE.injured++;
    else d.LINE_NOT_CANDIDATE.unknown++;
    sample({
      player_id: Number(pid),
      game_id,
      book: con.book,
      line: con.line,
      reason: injured ? 'LINE_NOT_CANDIDATE_INJURED' : 'LINE_NOT_CANDIDATE',
    });
  }
  const sorted: Record<string, number> = {};
  for (const b of Object.keys(d.LINE_SOURCE).sort()) sorted[b] = d.LINE_SOURCE[b];
  d.LINE_SOURCE = sorted;
  return d;
}
