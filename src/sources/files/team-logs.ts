import { seasonFromNbaGameId, seasonOf } from '../../domain/dates.ts';
import type { GameInput, MappedPayload, RejectInput, TeamBoxInput } from '../ingest/types.ts';
import { resolveTeam } from '../teams.ts';
import { Columns, RowErrors, rowObject, seasonTypeOfDigit, widthReject } from './common.ts';
import { parseCsv } from './csv.ts';
import { parseDateField, parseIntField, parseNumField, parseOptInt } from './values.ts';

/**
 * nba_api team game log → games + team_box_scores (spec 01 §5). SEASON_ID's first digit is the
 * season type (1 preseason and 3 All-Star skipped: their opponents are not NBA teams);
 * MATCHUP "BOS vs. DAL" = home BOS, "DAL @ BOS" = away DAL; a game seen from one side gets
 * the other score as PTS − PLUS_MINUS; status 3. The 2025-26 file has one side per game and
 * no SEASON column: both are valid.
 */
export function mapTeamLogsCsv(text: string): MappedPayload {
  const file = parseCsv(text);
  const c = new Columns(file.header);
  const games: GameInput[] = [];
  const boxes: TeamBoxInput[] = [];
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
    const seasonId = (c.get(row, 'SEASON_ID') ?? '').trim();
    const type = seasonTypeOfDigit(seasonId.slice(0, 1));
    if (type === 'skip') {
      skipped++;
      continue;
    }
    if (!type || !/^\d{5}$/.test(seasonId)) {
      reject('BAD_VALUE', `SEASON_ID "${seasonId}" is not a season id`);
      continue;
    }
    const id = (c.get(row, 'GAME_ID') ?? '').trim();
    if (!/^00\d{8}$/.test(id)) {
      reject('BAD_VALUE', `GAME_ID "${id}" is not a 10-digit NBA game id`);
      continue;
    }
    const team = resolveTeam(c.get(row, 'TEAM_ABBREVIATION'));
    if (!team) {
      reject('UNKNOWN_TEAM', `TEAM_ABBREVIATION ${c.get(row, 'TEAM_ABBREVIATION')} is not an NBA team`);
      continue;
    }
    // "X @ Y" is X away at Y, "X vs. Y" is X at home, whichever side's row it is: neutral-site
    // Cup games and a few rows list the matchup from the other team's view.
    const matchup = (c.get(row, 'MATCHUP') ?? '').trim();
    const mm = /^(\S+)\s+(vs\.?|@)\s+(\S+)$/.exec(matchup);
    const first = mm ? resolveTeam(mm[1]) : null;
    const second = mm ? resolveTeam(mm[3]) : null;
    if (!mm || (first !== team && second !== team)) {
      reject('BAD_VALUE', `MATCHUP "${matchup}" does not name ${team}`);
      continue;
    }
    if (!first || !second || first === second) {
      reject('UNKNOWN_TEAM', `MATCHUP "${matchup}" does not name two NBA teams`);
      continue;
    }
    const homeTeam = mm[2] === '@' ? second : first;
    const awayTeam = mm[2] === '@' ? first : second;
    const isHome = homeTeam === team;
    const e = new RowErrors();
    const date = e.take(parseDateField('GAME_DATE', c.get(row, 'GAME_DATE')));
    const pts = e.take(parseIntField('PTS', c.get(row, 'PTS')));
    const pm = e.take(parseNumField('PLUS_MINUS', c.get(row, 'PLUS_MINUS') ?? ''));
    const minutes = e.take(parseNumField('MIN', c.get(row, 'MIN')));
    const n = (k: string) => e.take(parseOptInt(k, c.get(row, k)));
    const box: TeamBoxInput = {
      row_ref: ref,
      game_id: id,
      team,
      game_date: date,
      minutes,
      points: pts,
      fgm: n('FGM'),
      fga: n('FGA'),
      fg3m: n('FG3M'),
      fg3a: n('FG3A'),
      ftm: n('FTM'),
      fta: n('FTA'),
      oreb: n('OREB'),
      dreb: n('DREB'),
      tov: n('TOV'),
      pf: n('PF'),
      win: null,
    };
    if (e.first) {
      reject('BAD_VALUE', e.first);
      continue;
    }
    const wl = (c.get(row, 'WL') ?? '').trim();
    box.win = wl === 'W' ? true : wl === 'L' ? false : pm > 0;
    const other = Math.round(pts - pm);
    if (pts < 0 || other < 0) {
      reject('BAD_VALUE', `PTS ${pts} and PLUS_MINUS ${pm} give a negative score`);
      continue;
    }
    boxes.push(box);
    games.push({
      row_ref: ref,
      game_id: id,
      nba_game_id: id,
      game_date: date,
      season: seasonFromNbaGameId(id) ?? seasonOf(date),
      season_type: type,
      home: homeTeam,
      away: awayTeam,
      status: 3,
      home_score: isHome ? pts : other,
      away_score: isHome ? other : pts,
    });
  }
  return {
    read: file.rows.length,
    skipped,
    primary: ['teamBoxScores'],
    games,
    teamBoxScores: boxes,
    rejects,
  };
}
