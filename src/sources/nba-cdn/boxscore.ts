import { z } from 'zod';
import type { BoxInput, GameInput, MappedPayload, RejectInput, TeamBoxInput } from '../ingest/types.ts';
import { resolveTeam } from '../teams.ts';
import { type ParseResult, parseWith } from './parse.ts';
import { gameInput } from './schedule.ts';

/**
 * NBA.com CDN box score (spec 01 §3): `boxscore_{gameId}.json` → the game's status/scores/tip,
 * box_scores (DNP rows included) and team_box_scores. Pure: `parseBoxScore` (zod) and
 * `mapBoxScore` (writer inputs of src/sources/ingest). Rows are produced only when
 * `game.gameStatus` = 3; an earlier payload updates the game and counts its rows `skipped`.
 * Optional keys only the simulator sends: `statistics.zonePaintAttempted|zonePaintMade|
 * zoneMidAttempted|zoneMidMade` (shot zones) and the player's `birthDate` (YYYY-MM-DD).
 */

export const BOXSCORE_URL = 'https://cdn.nba.com/static/json/liveData/boxscore/boxscore_{gameId}.json';

export function boxScoreUrl(gameId: string, template = BOXSCORE_URL): string {
  return template.replace('{gameId}', gameId);
}

const int = z.number().int();
const optInt = z.number().int().nullable().optional();

const playerStatsSchema = z.looseObject({
  minutes: z.string().optional().default(''),
  points: int.default(0),
  fieldGoalsMade: optInt,
  fieldGoalsAttempted: optInt,
  threePointersMade: optInt,
  threePointersAttempted: optInt,
  freeThrowsMade: optInt,
  freeThrowsAttempted: optInt,
  reboundsOffensive: optInt,
  reboundsDefensive: optInt,
  reboundsTotal: optInt,
  assists: optInt,
  steals: optInt,
  blocks: optInt,
  turnovers: optInt,
  foulsPersonal: optInt,
  plusMinusPoints: z.number().nullable().optional(),
  zonePaintAttempted: optInt,
  zonePaintMade: optInt,
  zoneMidAttempted: optInt,
  zoneMidMade: optInt,
});

const playerSchema = z.looseObject({
  status: z.string(),
  personId: int,
  name: z.string().min(1),
  starter: z.string().optional(),
  played: z.string().optional(),
  notPlayingReason: z.string().optional(),
  notPlayingDescription: z.string().optional(),
  birthDate: z.string().optional(),
  statistics: playerStatsSchema,
});

const teamStatsSchema = z.looseObject({
  minutes: z.string().optional(),
  points: optInt,
  fieldGoalsMade: optInt,
  fieldGoalsAttempted: optInt,
  threePointersMade: optInt,
  threePointersAttempted: optInt,
  freeThrowsMade: optInt,
  freeThrowsAttempted: optInt,
  reboundsOffensive: optInt,
  reboundsDefensive: optInt,
  turnoversTotal: optInt,
  foulsPersonal: optInt,
});

const teamSchema = z.looseObject({
  teamId: int,
  teamTricode: z.string(),
  score: z.number().int().nullable().optional(),
  players: z.array(playerSchema).optional().default([]),
  statistics: teamStatsSchema.optional(),
});

export const boxScoreSchema = z.looseObject({
  game: z.looseObject({
    gameId: z.string().regex(/^\d{10}$/, 'gameId must be 10 digits'),
    gameTimeUTC: z.string().optional(),
    gameStatus: z.number().int().min(1).max(3),
    gameStatusText: z.string().optional().default(''),
    homeTeam: teamSchema,
    awayTeam: teamSchema,
  }),
});

export type BoxScorePayload = z.infer<typeof boxScoreSchema>;

export function parseBoxScore(body: string | unknown): ParseResult<BoxScorePayload> {
  return parseWith(boxScoreSchema, body);
}

/** "PT25M01.00S" → 25.02 minutes (2 decimals); empty or unreadable → 0. */
export function parseMinutes(s: string | null | undefined): number {
  const m = /^PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec((s ?? '').trim());
  if (!m || (!m[1] && !m[2])) return 0;
  const total = Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60;
  return Math.round(total * 100) / 100;
}

const n = (v: number | null | undefined): number | null => (v === undefined ? null : v);

export function mapBoxScore(parsed: BoxScorePayload): MappedPayload {
  const g = parsed.game;
  const rejects: RejectInput[] = [];
  const games: GameInput[] = [];
  const gi = gameInput({ ...g, gameDateTimeUTC: g.gameTimeUTC }, `game ${g.gameId}`);
  if ('skip' in gi) {
    const rows = g.homeTeam.players.length + g.awayTeam.players.length;
    return { read: rows, skipped: rows, primary: ['boxScores'] };
  }
  if ('reject' in gi) {
    const rows = g.homeTeam.players.length + g.awayTeam.players.length;
    return {
      read: rows,
      skipped: 0,
      primary: ['boxScores'],
      rejects: [
        gi.reject,
        ...[...g.homeTeam.players, ...g.awayTeam.players].map((p) => ({
          ...gi.reject,
          row_ref: `player ${p.personId}`,
          row_data: undefined,
        })),
      ],
    };
  }
  games.push(gi.game);
  const game = gi.game;
  const read = g.homeTeam.players.length + g.awayTeam.players.length;
  if (g.gameStatus !== 3) return { read, skipped: read, primary: ['boxScores'], games };

  const boxScores: BoxInput[] = [];
  const teamBoxScores: TeamBoxInput[] = [];
  const sides = [
    { t: g.homeTeam, team: game.home, opp: g.awayTeam },
    { t: g.awayTeam, team: game.away, opp: g.homeTeam },
  ];
  for (const { t, team, opp } of sides) {
    if (resolveTeam(t.teamTricode) !== team) continue;
    for (const p of t.players) {
      const s = p.statistics;
      const active = p.status.toUpperCase() === 'ACTIVE';
      const dnp = !active || p.played === '0';
      const minutes = parseMinutes(s.minutes);
      boxScores.push({
        row_ref: `player ${p.personId}`,
        game_id: game.game_id,
        player_id: p.personId,
        player_name: p.name,
        game_date: game.game_date,
        team,
        minutes,
        points: s.points,
        fgm: n(s.fieldGoalsMade),
        fga: n(s.fieldGoalsAttempted),
        fg3m: n(s.threePointersMade),
        fg3a: n(s.threePointersAttempted),
        ftm: n(s.freeThrowsMade),
        fta: n(s.freeThrowsAttempted),
        oreb: n(s.reboundsOffensive),
        dreb: n(s.reboundsDefensive),
        reb: n(s.reboundsTotal),
        ast: n(s.assists),
        stl: n(s.steals),
        blk: n(s.blocks),
        tov: n(s.turnovers),
        pf: n(s.foulsPersonal),
        plus_minus: s.plusMinusPoints == null ? null : Math.round(s.plusMinusPoints),
        starter: p.starter === undefined ? null : p.starter === '1',
        dnp,
        dnp_reason: dnp ? (p.notPlayingReason ?? (active ? 'DNP_UNKNOWN' : 'INACTIVE')) : null,
        dnp_detail: dnp ? (p.notPlayingDescription ?? null) : null,
        fga_paint: n(s.zonePaintAttempted),
        fgm_paint: n(s.zonePaintMade),
        fga_mid: n(s.zoneMidAttempted),
        fgm_mid: n(s.zoneMidMade),
        birth_date: p.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) ? p.birthDate : null,
      });
    }
    const ts = t.statistics;
    if (ts) {
      const pts = n(ts.points) ?? n(t.score);
      const oppPts = n(opp.statistics?.points) ?? n(opp.score);
      teamBoxScores.push({
        row_ref: `team ${team}`,
        game_id: game.game_id,
        team,
        game_date: game.game_date,
        minutes: ts.minutes ? Math.round(parseMinutes(ts.minutes)) : null,
        points: pts,
        fgm: n(ts.fieldGoalsMade),
        fga: n(ts.fieldGoalsAttempted),
        fg3m: n(ts.threePointersMade),
        fg3a: n(ts.threePointersAttempted),
        ftm: n(ts.freeThrowsMade),
        fta: n(ts.freeThrowsAttempted),
        oreb: n(ts.reboundsOffensive),
        dreb: n(ts.reboundsDefensive),
        tov: n(ts.turnoversTotal),
        pf: n(ts.foulsPersonal),
        win: pts != null && oppPts != null && pts !== oppPts ? pts > oppPts : null,
      });
    }
  }
  return { read, skipped: 0, primary: ['boxScores'], games, boxScores, teamBoxScores, rejects };
}
