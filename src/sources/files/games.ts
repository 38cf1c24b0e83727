import { seasonFromNbaGameId, seasonOf } from '../../domain/dates.ts';
import type { GameInput, MappedPayload, RejectInput } from '../ingest/types.ts';
import { resolveTeam } from '../teams.ts';
import { Columns, RowErrors, rowObject, seasonTypeOfDigit, widthReject } from './common.ts';
import { parseCsv } from './csv.ts';
import { parseDateField, parseOptInt } from './values.ts';

/**
 * games CSV `GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS,…` → games: status 3 when
 * both points are present, else 1; season and type from the id (preseason/All-Star skipped).
 */
export function mapGamesCsv(text: string): MappedPayload {
  const file = parseCsv(text);
  const c = new Columns(file.header);
  const games: GameInput[] = [];
  const rejects: RejectInput[] = [];
  let skipped = 0;
  for (const row of file.rows) {
    const ref = `line ${row.line}`;
    const wide = widthReject(file, row);
    if (wide) {
      rejects.push(wide);
      continue;
    }
    const reject = (reason: RejectInput['reason'], detail: string) =>
      rejects.push({ row_ref: ref, reason, detail, row_data: rowObject(file.header, row) });
    const id = (c.get(row, 'GAME_ID') ?? '').trim();
    const m = /^00(\d)(\d{2})\d{5}$/.exec(id);
    if (!m) {
      reject('BAD_VALUE', `GAME_ID "${id}" is not a 10-digit NBA game id`);
      continue;
    }
    const type = seasonTypeOfDigit(m[1]);
    if (type === 'skip') {
      skipped++;
      continue;
    }
    if (!type) {
      reject('BAD_VALUE', `GAME_ID ${id} has an unknown season type digit ${m[1]}`);
      continue;
    }
    const e = new RowErrors();
    const date = e.take(parseDateField('GAME_DATE', c.get(row, 'GAME_DATE')));
    const hp = e.take(parseOptInt('HOME_PTS', c.get(row, 'HOME_PTS')));
    const ap = e.take(parseOptInt('AWAY_PTS', c.get(row, 'AWAY_PTS')));
    if (e.first) {
      reject('BAD_VALUE', e.first);
      continue;
    }
    if ((hp !== null && hp < 0) || (ap !== null && ap < 0)) {
      reject('BAD_VALUE', 'points are negative');
      continue;
    }
    const home = resolveTeam(c.get(row, 'HOME_TEAM'));
    const away = resolveTeam(c.get(row, 'AWAY_TEAM'));
    if (!home || !away) {
      reject(
        'UNKNOWN_TEAM',
        `team ${!home ? c.get(row, 'HOME_TEAM') : c.get(row, 'AWAY_TEAM')} is not an NBA team`,
      );
      continue;
    }
    const final = hp !== null && ap !== null;
    games.push({
      row_ref: ref,
      game_id: id,
      nba_game_id: id,
      game_date: date,
      season: seasonFromNbaGameId(id) ?? seasonOf(date),
      season_type: type,
      home,
      away,
      status: final ? 3 : 1,
      home_score: final ? hp : null,
      away_score: final ? ap : null,
    });
  }
  return { read: file.rows.length, skipped, primary: ['games'], games, rejects };
}
