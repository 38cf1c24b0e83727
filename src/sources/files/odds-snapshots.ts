import { etDate } from '../../domain/dates.ts';
import type { MappedPayload, PropInput, RejectInput, TipInput } from '../ingest/types.ts';
import { parseMatchupFullNames } from '../teams.ts';
import type { FileMapContext } from './common.ts';
import { Columns, RowErrors, rowObject, widthReject } from './common.ts';
import { parseCsvSkipping } from './csv.ts';
import { parseAmerican, parseInstant, parseNumField } from './values.ts';

export const POINTS_MARKET = 'player_points';

/** captured_at from a name `raw_YYYYMMDD_HHMMSS.csv` (UTC), else null. */
export function capturedAtFromName(name: string): string | null {
  const m = /raw_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/.exec(name);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 19) !== iso.slice(0, 19)
    ? null
    : d.toISOString();
}

/**
 * Odds snapshot CSV `event_id,player,market,line,bookmaker,game,game_time,over_odds,under_odds`
 * → prop_lines (spec 01 §5): other markets are skipped; `game` = "Away @ Home" full names,
 * the game found by (ET date of game_time, away, home) or the swapped pair; game_time fills
 * games.start_utc (the only tip time in the real files); prices "-115.0" → −115.
 */
export function mapOddsSnapshotCsv(
  text: string,
  ctx: Pick<FileMapContext, 'key' | 'capturedAt'>,
): MappedPayload {
  const captured = capturedAtFromName(ctx.key) ?? ctx.capturedAt ?? null;
  if (!captured) {
    throw new Error(`${ctx.key}: no capture time in the name (raw_YYYYMMDD_HHMMSS.csv); pass --captured-at`);
  }
  const file = parseCsvSkipping(text, POINTS_MARKET);
  const c = new Columns(file.header);
  const props: PropInput[] = [];
  const tips = new Map<string, TipInput>();
  const rejects: RejectInput[] = [];
  let skipped = 0;
  let pointsRows = 0;
  // Rows of one file repeat a few games: parse each game text and tip once.
  const etDates = new Map<string, string>();
  const tipCache = new Map<string, ReturnType<typeof parseInstant>>();
  const teamCache = new Map<string, ReturnType<typeof parseMatchupFullNames>>();
  // Lines that cannot be player_points rows: skipped, or rejected when their width is wrong.
  for (const o of file.others) {
    if (o.width === file.header.length) skipped++;
    else
      rejects.push({
        row_ref: `line ${o.line}`,
        reason: 'BAD_VALUE',
        detail: `expected ${file.header.length} fields, got ${o.width}`,
      });
  }
  for (const row of file.rows) {
    const ref = `line ${row.line}`;
    const wide = widthReject(file, row);
    if (wide) {
      rejects.push(wide);
      continue;
    }
    const market = (c.get(row, 'market') ?? '').trim();
    if (market !== POINTS_MARKET) {
      skipped++;
      continue;
    }
    pointsRows++;
    const reject = (reason: RejectInput['reason'], detail: string) =>
      rejects.push({ row_ref: ref, reason, detail, row_data: rowObject(file.header, row) });
    const tipText = c.get(row, 'game_time') ?? '';
    let tip = tipCache.get(tipText);
    if (!tip) {
      tip = parseInstant('game_time', tipText);
      tipCache.set(tipText, tip);
    }
    if (tip.error !== undefined) {
      reject('BAD_TIMESTAMP', tip.error);
      continue;
    }
    const gameText = c.get(row, 'game') ?? '';
    let teams = teamCache.get(gameText);
    if (teams === undefined) {
      teams = parseMatchupFullNames(gameText);
      teamCache.set(gameText, teams);
    }
    if (!teams?.away || !teams.home) {
      reject('UNKNOWN_TEAM', `game "${gameText}" is not "Away Team @ Home Team" with NBA teams`);
      continue;
    }
    const e = new RowErrors();
    const line = e.take(parseNumField('line', c.get(row, 'line')));
    const over = e.take(parseAmerican('over_odds', c.get(row, 'over_odds')));
    const under = e.take(parseAmerican('under_odds', c.get(row, 'under_odds')));
    if (e.first) {
      reject('BAD_VALUE', e.first);
      continue;
    }
    const book = (c.get(row, 'bookmaker') ?? '').trim();
    if (!book) {
      reject('BAD_VALUE', 'bookmaker is empty');
      continue;
    }
    const player = (c.get(row, 'player') ?? '').trim();
    if (!player) {
      reject('MALFORMED_OUTCOME', 'player is empty');
      continue;
    }
    let gameDate = etDates.get(tip.value);
    if (!gameDate) {
      gameDate = etDate(tip.value);
      etDates.set(tip.value, gameDate);
    }
    const game_ref = { game_date: gameDate, away: teams.away, home: teams.home };
    tips.set(`${game_ref.game_date}|${game_ref.away}|${game_ref.home}`, { game_ref, start_utc: tip.value });
    props.push({
      row_ref: ref,
      captured_at: captured,
      game_ref,
      raw_name: player,
      book,
      line,
      over_price: over,
      under_price: under,
      event_id: (c.get(row, 'event_id') ?? '').trim() || null,
    });
  }
  return {
    read: file.rows.length + file.others.length,
    skipped,
    primary: ['propLines'],
    propLines: props,
    tips: [...tips.values()],
    rejects,
    // The denominator of match_rate_all: every player_points row, malformed ones included.
    warnings: { player_points_rows: pointsRows },
  };
}
