import { addDays } from '../domain/dates.ts';
import type { Queryable } from '../store/store.ts';
import { slateValues } from './sql.ts';
import type { SlateGame } from './types.ts';

/**
 * The player loader (spec 04 §4.1): ONE set-based query over the slate, with the features
 * builder's slate rule (02 §6). The predecessor issued one query per player here (~13 min for
 * 365 players); this is one statement whatever the slate size.
 */

export interface CandidateRow {
  game_id: string;
  player_id: number;
  team: string | null;
  /** Status in the latest injury report covering the game at its cutoff; null = not listed / none. */
  injury_status: string | null;
}

export interface PlayerLoad {
  candidates: CandidateRow[];
  excluded: CandidateRow[];
  counts: {
    candidates: number;
    excluded_out: number;
    excluded_doubtful: number;
    questionable: number;
    by_team: Record<string, number>;
  };
}

export async function readSlatePlayers(
  store: Queryable,
  date: string,
  games: SlateGame[],
): Promise<CandidateRow[]> {
  if (!games.length) return [];
  const s = slateValues(games, 3);
  return store.query<CandidateRow>(
    `WITH s AS (${s.sql}),
     teams AS (SELECT game_id, home AS team FROM s UNION ALL SELECT game_id, away AS team FROM s),
     last_box AS (
       SELECT player_id, team,
              ROW_NUMBER() OVER (PARTITION BY player_id ORDER BY game_date DESC, game_id DESC) AS rn
       FROM box_scores WHERE game_date >= $1::DATE AND game_date < $2::DATE
     ),
     from_box AS (SELECT t.game_id, b.player_id FROM last_box b JOIN teams t ON t.team = b.team WHERE b.rn = 1),
     from_lines AS (
       SELECT DISTINCT l.game_id, l.player_id FROM prop_lines l JOIN s ON s.game_id = l.game_id
       WHERE l.is_main AND l.market = 'player_points' AND l.captured_at <= s.cutoff AND l.captured_at < s.tip
     ),
     inj AS (
       SELECT i.game_id, i.player_id, i.report_time, i.status, i.team FROM injury_reports i JOIN s ON s.game_id = i.game_id
       WHERE i.report_time <= s.cutoff AND i.report_time < s.tip
     ),
     latest AS (SELECT game_id, max(report_time) AS report_time FROM inj GROUP BY game_id),
     cand AS (
       SELECT game_id, player_id FROM from_box
       UNION SELECT game_id, player_id FROM from_lines
       UNION SELECT DISTINCT game_id, player_id FROM inj
     )
     SELECT c.game_id, c.player_id, COALESCE(lb.team, li.team) AS team, li.status AS injury_status
     FROM cand c
     LEFT JOIN latest lr ON lr.game_id = c.game_id
     LEFT JOIN inj li ON li.game_id = c.game_id AND li.player_id = c.player_id AND li.report_time = lr.report_time
     LEFT JOIN last_box lb ON lb.player_id = c.player_id AND lb.rn = 1
     ORDER BY c.game_id, c.player_id`,
    [addDays(date, -60), date, ...s.params],
  );
}

/** Pure: OUT and DOUBTFUL in the latest report are excluded; QUESTIONABLE kept and counted. */
export function splitCandidates(rows: CandidateRow[]): PlayerLoad {
  const out: PlayerLoad = {
    candidates: [],
    excluded: [],
    counts: { candidates: 0, excluded_out: 0, excluded_doubtful: 0, questionable: 0, by_team: {} },
  };
  for (const r of rows) {
    const st = r.injury_status?.toLowerCase() ?? null;
    if (st === 'out') {
      out.counts.excluded_out++;
      out.excluded.push(r);
      continue;
    }
    if (st === 'doubtful') {
      out.counts.excluded_doubtful++;
      out.excluded.push(r);
      continue;
    }
    if (st === 'questionable') out.counts.questionable++;
    out.candidates.push(r);
    const team = r.team ?? 'unknown';
    out.counts.by_team[team] = (out.counts.by_team[team] ?? 0) + 1;
  }
  out.counts.candidates = out.candidates.length;
  return out;
}
