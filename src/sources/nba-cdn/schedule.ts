import { z } from 'zod';
import { etDate, seasonFromNbaGameId } from '../../domain/dates.ts';
import type { GameInput, MappedPayload, RejectInput } from '../ingest/types.ts';
import { resolveTeam } from '../teams.ts';
import { type ParseResult, parseWith } from './parse.ts';

/**
 * NBA.com CDN schedule (spec 01 §3): `scheduleLeagueV2.json` → games. Pure: `parseSchedule`
 * checks the payload with zod, `mapSchedule` turns it into writer inputs (src/sources/ingest).
 * Preseason (S = 1) and All-Star (S = 3) games are skipped; "TBD" tips keep start_utc NULL with
 * the date from gameDateEst; `gameDateTimeEst` is Eastern wall time despite its "Z" and is
 * never parsed as UTC. Postponement rules (MOVED, FINAL_WITHOUT_SCORE) are applied by the
 * games writer; the payload's own flag ("PPD"/"Postponed", postponedStatus "Y") is passed on.
 */

export const SCHEDULE_URL = 'https://cdn.nba.com/static/json/staticData/scheduleLeagueV2.json';

const teamSchema = z.looseObject({
  teamId: z.number().int(),
  teamTricode: z.string(),
  teamCity: z.string().optional(),
  teamName: z.string().optional(),
  score: z.number().int().nullable().optional(),
});

const gameSchema = z.looseObject({
  gameId: z.string().regex(/^\d{10}$/, 'gameId must be 10 digits'),
  gameCode: z.string().optional(),
  gameStatus: z.number().int().min(1).max(3),
  gameStatusText: z.string().optional().default(''),
  gameDateTimeUTC: z.string().optional(),
  gameDateEst: z.string().optional(),
  postponedStatus: z.string().optional(),
  homeTeam: teamSchema,
  awayTeam: teamSchema,
});

export const scheduleSchema = z.looseObject({
  leagueSchedule: z.looseObject({
    seasonYear: z.string(),
    gameDates: z.array(z.looseObject({ gameDate: z.string().optional(), games: z.array(gameSchema) })),
  }),
});

export type SchedulePayload = z.infer<typeof scheduleSchema>;
export type ScheduleGame = z.infer<typeof gameSchema>;

export function parseSchedule(body: string | unknown): ParseResult<SchedulePayload> {
  return parseWith(scheduleSchema, body);
}

/** Season type from the id's S digit: 2 regular, 4 playoffs, 5 play-in, 6 cup final; else skip. */
export function seasonTypeOfGameId(gameId: string): GameInput['season_type'] | null {
  switch (gameId[2]) {
    case '2':
      return 'regular';
    case '4':
      return 'playoffs';
    case '5':
      return 'playin';
    case '6':
      return 'cup_final';
    default:
      return null;
  }
}

export function isPostponedFlag(g: { gameStatusText?: string; postponedStatus?: string }): boolean {
  return /^(ppd|postponed)$/i.test((g.gameStatusText ?? '').trim()) || g.postponedStatus === 'Y';
}

/** One schedule (or box score) game → a games input, or the reason it cannot be one. */
export function gameInput(
  g: {
    gameId: string;
    gameStatus: number;
    gameStatusText?: string;
    gameDateTimeUTC?: string;
    gameDateEst?: string;
    postponedStatus?: string;
    homeTeam: { teamTricode: string; score?: number | null };
    awayTeam: { teamTricode: string; score?: number | null };
  },
  rowRef: string,
): { game: GameInput } | { reject: RejectInput } | { skip: true } {
  const seasonType = seasonTypeOfGameId(g.gameId);
  if (!seasonType) return { skip: true };
  const home = resolveTeam(g.homeTeam.teamTricode);
  const away = resolveTeam(g.awayTeam.teamTricode);
  if (!home || !away) {
    return {
      reject: {
        row_ref: rowRef,
        reason: 'UNKNOWN_TEAM',
        detail: `unknown team ${!home ? g.homeTeam.teamTricode : g.awayTeam.teamTricode}`,
        row_data: g,
      },
    };
  }
  const tbd = /tbd/i.test(g.gameStatusText ?? '');
  const utc =
    !tbd && g.gameDateTimeUTC && !Number.isNaN(Date.parse(g.gameDateTimeUTC)) ? g.gameDateTimeUTC : null;
  const startUtc = utc ? new Date(utc).toISOString() : null;
  const gameDate = startUtc ? etDate(startUtc) : (g.gameDateEst ?? '').slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(gameDate)) {
    return {
      reject: {
        row_ref: rowRef,
        reason: 'BAD_TIMESTAMP',
        detail: 'no gameDateTimeUTC nor gameDateEst',
        row_data: g,
      },
    };
  }
  const status = g.gameStatus as 1 | 2 | 3;
  const final = status === 3;
  const hs = g.homeTeam.score ?? null;
  const as = g.awayTeam.score ?? null;
  return {
    game: {
      row_ref: rowRef,
      game_id: g.gameId,
      nba_game_id: g.gameId,
      game_date: gameDate,
      start_utc: startUtc,
      season: seasonFromNbaGameId(g.gameId) ?? Number(gameDate.slice(0, 4)),
      season_type: seasonType,
      home,
      away,
      status,
      status_text: g.gameStatusText ?? null,
      // Scores only for a final game with both present and non-zero (spec 01 §3).
      home_score: final && hs && as ? hs : null,
      away_score: final && hs && as ? as : null,
      postponed_flag: isPostponedFlag(g),
    },
  };
}

export function mapSchedule(parsed: SchedulePayload): MappedPayload {
  const games: GameInput[] = [];
  const rejects: RejectInput[] = [];
  let read = 0;
  let skipped = 0;
  for (const day of parsed.leagueSchedule.gameDates) {
    for (const g of day.games) {
      read++;
      const r = gameInput(g, `game ${g.gameId}`);
      if ('skip' in r) skipped++;
      else if ('reject' in r) rejects.push(r.reject);
      else games.push(r.game);
    }
  }
  return { read, skipped, primary: ['games'], games, rejects };
}
