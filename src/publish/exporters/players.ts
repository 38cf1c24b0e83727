import { z } from 'zod';
import type { BoxRow, PickRow, PlayerInfo, PredRow, PublishData } from '../data.ts';
import { CACHE, type Exporter } from '../exporter.ts';
import { r1, r1n, recordOf, seasonLabelOf } from '../format.ts';
import { date, direction, envelope, int, num, RecordSchema } from '../schemas.ts';
import { commonLine, sides } from '../slate.ts';

/**
 * `v1/players/{player_lookup}.json` (spec 07 §2.4): a player's last 20 played games (oldest
 * first) against the line the models used, his best-bets record this season and his D game
 * while it is not Final. Written for D's slate (which includes D's graded players).
 */

export const playerSchema = z.strictObject({
  ...envelope,
  player_id: z.string(),
  player: z.string(),
  player_lookup: z.string(),
  team: z.string(),
  season: z.string(),
  games: z.array(
    z.strictObject({
      date,
      game_id: z.string(),
      opponent: z.string(),
      home: z.boolean(),
      minutes: num,
      points: int,
      line: num.nullable(),
      vs_line: z.enum(['OVER', 'UNDER', 'PUSH']).nullable(),
      best_bet: z.strictObject({ direction, result: z.string().nullable() }).nullable(),
    }),
  ),
  record: RecordSchema,
  upcoming: z
    .strictObject({
      date,
      game_id: z.string(),
      opponent: z.string(),
      line: num.nullable(),
      predictions: z.array(
        z.strictObject({ system_id: z.string(), predicted: num, recommendation: z.string() }),
      ),
    })
    .nullable(),
});

export interface PlayerData {
  date: string;
  player: PlayerInfo;
  boxes: BoxRow[];
  lines: Map<string, number | null>;
  picks: PickRow[];
  today: PredRow[];
  game: PublishData['games'][number] | undefined;
}

export function selectPlayer(all: PublishData, lookup: string): PlayerData {
  const player = all.players.find((p) => p.player_lookup === lookup);
  if (!player) throw new Error(`players/${lookup}.json: no player with that lookup on ${all.date}'s slate`);
  const id = player.player_id;
  const lines = new Map<string, number | null>();
  const byGame = new Map<string, Array<{ line: number; n: number }>>();
  for (const l of all.boxLines) {
    if (l.player_id !== id) continue;
    byGame.set(l.game_id, [...(byGame.get(l.game_id) ?? []), { line: l.line, n: l.n }]);
  }
  for (const [g, rows] of byGame) lines.set(g, commonLine(rows).line);
  const today = all.predictions.filter((p) => p.player_id === id);
  return {
    date: all.date,
    player,
    boxes: all.boxes.filter((b) => b.player_id === id),
    lines,
    picks: all.picks.filter((p) => p.player_id === id),
    today,
    game: all.games.find((g) => g.game_id === today[0]?.game_id),
  };
}

export function buildPlayer(d: PlayerData, ctx: { generated_at: string; algorithm_version: string }) {
  const active = d.picks.filter((p) => p.status === 'active');
  const pickOf = new Map(active.map((p) => [p.game_id, p]));
  const open = d.game && d.game.status !== 3 && !d.game.postponed;
  const todaySide = sides(d.game, d.player.team);
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    player_id: String(d.player.player_id),
    player: d.player.name,
    player_lookup: d.player.player_lookup,
    team: d.player.team ?? '',
    season: seasonLabelOf(d.date),
    games: d.boxes.map((b) => {
      const line = d.lines.get(b.game_id) ?? null;
      const pick = pickOf.get(b.game_id);
      const home = b.team === b.home_team;
      return {
        date: b.game_date,
        game_id: b.game_id,
        opponent: home ? b.away_team : b.home_team,
        home,
        minutes: r1n(b.minutes),
        points: b.points,
        line: r1(line),
        vs_line: line === null ? null : b.points > line ? 'OVER' : b.points < line ? 'UNDER' : 'PUSH',
        best_bet: pick ? { direction: pick.direction, result: pick.result } : null,
      };
    }),
    record: recordOf(active.map((p) => p.result)),
    upcoming:
      open && d.game
        ? {
            date: d.date,
            game_id: d.game.game_id,
            opponent: todaySide.opponent,
            line: r1(commonLine(d.today).line),
            predictions: d.today.map((p) => ({
              system_id: p.system_id,
              predicted: r1n(p.predicted),
              recommendation: p.recommendation,
            })),
          }
        : null,
  };
}

export const LOOKUP_RE = /^[a-z0-9]{1,64}$/;

export const playerFile: Exporter<PlayerData> = {
  kind: 'players',
  schemaVersion: 1,
  path: (p) => `v1/players/${p.lookup}.json`,
  schema: playerSchema,
  cacheControl: () => CACHE.hour,
  dateOf: (p) => p.date,
  select: (all, p) => selectPlayer(all, p.lookup as string),
  build: buildPlayer,
};
