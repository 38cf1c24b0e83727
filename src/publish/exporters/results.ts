import { z } from 'zod';
import type { PredRow, PublishData } from '../data.ts';
import { CACHE, dateFullyGraded, type Exporter } from '../exporter.ts';
import { r1, r2, recordOf } from '../format.ts';
import { displayOrder, toPublicPick } from '../picks.ts';
import { date, envelope, int, num, PublicPickSchema, RecordSchema } from '../schemas.ts';
import { runOf } from '../sections.ts';
import { slateEntries } from '../slate.ts';

/**
 * `v1/results/{date}.json` (spec 07 §2.4). A model's `record` covers its OVER/UNDER predictions
 * of D, `record_edge3` those with |edge| ≥ 3; MAE over rows with an actual (0.01, as the
 * dashboard's MAE).
 */

export const resultsSchema = z.strictObject({
  ...envelope,
  date,
  status: z.enum(['not_started', 'partial', 'complete']),
  games_final: int,
  games_total: int,
  best_bets: z.strictObject({ record: RecordSchema, units: num, picks: z.array(PublicPickSchema) }),
  models: z.array(
    z.strictObject({
      system_id: z.string(),
      family: z.string(),
      record: RecordSchema,
      record_edge3: RecordSchema,
      no_bet: int,
      mae: num.nullable(),
      line_mae: num.nullable(),
    }),
  ),
  players: z.array(
    z.strictObject({
      player_id: z.string(),
      player: z.string(),
      player_lookup: z.string(),
      team: z.string(),
      game_id: z.string(),
      minutes: num.nullable(),
      actual: int.nullable(),
      line: num.nullable(),
      void_reason: z.string().nullable(),
      predictions: z.array(
        z.strictObject({
          system_id: z.string(),
          predicted: num,
          recommendation: z.string(),
          result: z.string().nullable(),
          abs_error: num.nullable(),
        }),
      ),
    }),
  ),
});

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const directional = (p: PredRow) => p.recommendation === 'OVER' || p.recommendation === 'UNDER';

export function buildResults(d: PublishData, ctx: { generated_at: string; algorithm_version: string }) {
  const finalGames = d.games.filter((g) => g.status === 3 && !g.postponed).length;
  const done = d.games.length > 0 && d.games.every((g) => g.status === 3 || g.postponed);
  const run = runOf(d, d.date);
  const o = {
    gateMet: !!run?.ultra_gate?.met,
    maxPublic: d.settings.maxPublicAngles,
    maxStored: d.settings.maxStoredAngles,
  };
  const dayPicks = d.picks.filter((p) => p.date === d.date).sort(displayOrder);
  const active = dayPicks.filter((p) => p.status === 'active');
  const bySystem = new Map<string, PredRow[]>();
  for (const p of d.predictions) bySystem.set(p.system_id, [...(bySystem.get(p.system_id) ?? []), p]);
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    date: d.date,
    status: done ? 'complete' : finalGames === 0 ? 'not_started' : 'partial',
    games_final: finalGames,
    games_total: d.games.length,
    best_bets: {
      record: recordOf(active.map((p) => p.result)),
      units: r2(active.reduce((s, p) => s + (p.units_won ?? 0), 0)) as number,
      picks: dayPicks.map((p) => toPublicPick(p, o)),
    },
    models: [...bySystem.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([system_id, rows]) => {
        const dir = rows.filter(directional);
        const withActual = rows.filter((r) => r.abs_error !== null);
        return {
          system_id,
          family: rows[0].family,
          record: recordOf(dir.map((r) => r.result)),
          record_edge3: recordOf(dir.filter((r) => Math.abs(r.edge ?? 0) >= 3).map((r) => r.result)),
          no_bet: rows.filter((r) => r.result === 'NO_BET').length,
          mae: r2(mean(withActual.map((r) => r.abs_error as number))),
          line_mae: r2(
            mean(withActual.filter((r) => r.line_abs_error !== null).map((r) => r.line_abs_error as number)),
          ),
        };
      }),
    players: slateEntries(d).map((e) => {
      const g = e.preds.find((p) => p.result !== null);
      return {
        player_id: String(e.player_id),
        player: e.player?.name ?? String(e.player_id),
        player_lookup: e.player?.player_lookup ?? '',
        team: e.team,
        game_id: e.game_id,
        minutes: r1(g?.minutes ?? null),
        actual: g?.actual ?? null,
        line: r1(e.line),
        void_reason: g?.void_reason ?? null,
        predictions: e.preds.map((p) => ({
          system_id: p.system_id,
          predicted: r1(p.predicted) as number,
          recommendation: p.recommendation,
          result: p.result,
          abs_error: r1(p.abs_error),
        })),
      };
    }),
  };
}

export const resultsFile: Exporter<PublishData> = {
  kind: 'results',
  schemaVersion: 1,
  path: (p) => `v1/results/${p.date}.json`,
  schema: resultsSchema,
  cacheControl: (p, d) => (dateFullyGraded(d, p.date) ? CACHE.day : CACHE.medium),
  dateOf: (p) => p.date,
  select: (all) => all,
  build: buildResults,
};
