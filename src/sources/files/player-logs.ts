import { loadGameIndex } from '../ingest/games.ts';
import type { BoxInput, MappedPayload, RejectInput } from '../ingest/types.ts';
import { resolveTeam } from '../teams.ts';
import type { FileMapContext } from './common.ts';
import { Columns, RowErrors, rowObject, widthReject } from './common.ts';
import { parseCsv } from './csv.ts';
import { parseDateField, parseIntField, parseNumField, parseOptInt } from './values.ts';

/**
 * nba_api player game log → box_scores + players (spec 01 §5): the game is found by (date,
 * team = first token of `matchup`), else UNKNOWN_GAME; threes_made/attempted → fg3m/fg3a;
 * starter NULL; 0 minutes → dnp = true with no reason; `player_normalized` is ignored.
 */
export async function mapPlayerLogsCsv(text: string, ctx: FileMapContext): Promise<MappedPayload> {
  const file = parseCsv(text);
  const c = new Columns(file.header);
  const rejects: RejectInput[] = [];
  const boxes: BoxInput[] = [];
  const dates = new Set<string>();
  for (const row of file.rows) {
    const d = parseDateField('date', c.get(row, 'date'));
    if (d.value) dates.add(d.value);
  }
  const games = await loadGameIndex(ctx.q, dates);
  for (const row of file.rows) {
    const ref = `line ${row.line}`;
    const wide = widthReject(file, row);
    if (wide) {
      rejects.push(wide);
      continue;
    }
    const reject = (reason: RejectInput['reason'], detail: string) =>
      rejects.push({ row_ref: ref, reason, detail, row_data: rowObject(file.header, row) });
    const e = new RowErrors();
    const date = e.take(parseDateField('date', c.get(row, 'date')));
    const playerId = e.take(parseIntField('player_id', c.get(row, 'player_id')));
    const minutes = e.take(parseNumField('minutes', c.get(row, 'minutes')));
    const pts = e.take(parseIntField('pts', c.get(row, 'pts')));
    const n = (k: string) => e.take(parseOptInt(k, c.get(row, k)));
    const stats = {
      fgm: n('fgm'),
      fga: n('fga'),
      fg3m: n('threes_made'),
      fg3a: n('threes_attempted'),
      ftm: n('ftm'),
      fta: n('fta'),
      oreb: n('oreb'),
      dreb: n('dreb'),
      reb: n('reb'),
      ast: n('ast'),
      stl: n('stl'),
      blk: n('blk'),
      tov: n('tov'),
      pf: n('pf'),
      plus_minus: n('plus_minus'),
    };
    if (e.first) {
      reject('BAD_VALUE', e.first);
      continue;
    }
    const name = (c.get(row, 'player') ?? '').trim();
    if (!name) {
      reject('BAD_VALUE', 'player is empty');
      continue;
    }
    const matchup = (c.get(row, 'matchup') ?? '').trim();
    const team = resolveTeam(matchup.split(/\s+/)[0]);
    if (!team) {
      reject('UNKNOWN_TEAM', `matchup "${matchup}" does not start with an NBA team`);
      continue;
    }
    const gameId = games.teamGameOn(team, date);
    if (!gameId) {
      reject('UNKNOWN_GAME', `no game for ${team} on ${date}`);
      continue;
    }
    boxes.push({
      row_ref: ref,
      game_id: gameId,
      player_id: playerId,
      player_name: name,
      game_date: date,
      team,
      minutes: Math.round(minutes * 100) / 100,
      points: pts,
      ...stats,
      starter: null,
      dnp: minutes === 0,
      dnp_reason: null,
    });
  }
  return { read: file.rows.length, skipped: 0, primary: ['boxScores'], boxScores: boxes, rejects };
}
