import { z } from 'zod';
import type { PublishData } from '../data.ts';
import { CACHE, dateFullyGraded, type Exporter } from '../exporter.ts';
import { instant, r1, r1n, r4 } from '../format.ts';
import { date, envelope, instantStr, int, num } from '../schemas.ts';
import { gameStatus, slateEntries } from '../slate.ts';

/** `v1/predictions/{date}.json` (spec 07 §2.4): every active prediction of D by player-game. */

export const predictionsSchema = z.strictObject({
  ...envelope,
  date,
  games: z.array(
    z.strictObject({
      game_id: z.string(),
      start_utc: instantStr.nullable(),
      away: z.string(),
      home: z.string(),
      status: z.enum(['scheduled', 'live', 'final', 'postponed']),
    }),
  ),
  players: z.array(
    z.strictObject({
      player_id: z.string(),
      player: z.string(),
      player_lookup: z.string(),
      team: z.string(),
      opponent: z.string(),
      game_id: z.string(),
      line: num.nullable(),
      book: z.string().nullable(),
      consensus_line: num.nullable(),
      predictions: z.array(
        z.strictObject({
          system_id: z.string(),
          family: z.string(),
          predicted: num,
          edge: num.min(0).nullable(),
          recommendation: z.enum(['OVER', 'UNDER', 'PASS', 'NO_LINE']),
          confidence: num.min(0).max(1),
          p_over: num.min(0).max(1).nullable(),
        }),
      ),
      summary: z.strictObject({ models: int, n_over: int, n_under: int, mean_predicted: num }),
      best_bet_rank: int.nullable(),
    }),
  ),
});

export function buildPredictions(d: PublishData, ctx: { generated_at: string; algorithm_version: string }) {
  const rank = new Map(
    d.picks
      .filter((p) => p.date === d.date && p.status === 'active')
      .map((p) => [`${p.game_id}|${p.player_id}`, p.rank]),
  );
  const consensus = new Map(
    d.candidates
      .filter((c) => c.date === d.date)
      .map((c) => [`${c.game_id}|${c.player_id}`, c.consensus_line]),
  );
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    date: d.date,
    games: d.games.map((g) => ({
      game_id: g.game_id,
      start_utc: instant(g.start_utc),
      away: g.away,
      home: g.home,
      status: gameStatus(g),
    })),
    players: slateEntries(d).map((e) => {
      const k = `${e.game_id}|${e.player_id}`;
      const sum = e.preds.reduce((s, p) => s + p.predicted, 0);
      return {
        player_id: String(e.player_id),
        player: e.player?.name ?? String(e.player_id),
        player_lookup: e.player?.player_lookup ?? '',
        team: e.team,
        opponent: e.opponent,
        game_id: e.game_id,
        line: r1(e.line),
        book: e.book,
        consensus_line: r1(consensus.get(k) ?? null),
        predictions: e.preds.map((p) => ({
          system_id: p.system_id,
          family: p.family,
          predicted: r1n(p.predicted),
          edge: p.edge === null ? null : r1(Math.abs(p.edge)),
          recommendation: p.recommendation as 'OVER',
          confidence: r4(
            p.confidence ?? (p.p_over === null ? 0.5 : Math.max(p.p_over, 1 - p.p_over)),
          ) as number,
          p_over: r4(p.p_over),
        })),
        summary: {
          models: e.preds.length,
          n_over: e.preds.filter((p) => p.recommendation === 'OVER').length,
          n_under: e.preds.filter((p) => p.recommendation === 'UNDER').length,
          mean_predicted: r1n(sum / e.preds.length),
        },
        best_bet_rank: rank.get(k) ?? null,
      };
    }),
  };
}

export const predictionsFile: Exporter<PublishData> = {
  kind: 'predictions',
  schemaVersion: 1,
  path: (p) => `v1/predictions/${p.date}.json`,
  schema: predictionsSchema,
  cacheControl: (p, d) => (dateFullyGraded(d, p.date) ? CACHE.day : CACHE.medium),
  dateOf: (p) => p.date,
  select: (all) => all,
  build: buildPredictions,
};
