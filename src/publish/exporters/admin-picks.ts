import { z } from 'zod';
import type { PickRow } from '../data.ts';
import { CACHE, type Exporter } from '../exporter.ts';
import { r1, r1n } from '../format.ts';
import { toAdminPick } from '../picks.ts';
import {
  AdminPickSchema,
  date,
  direction,
  EdgeDistributionSchema,
  envelope,
  FILTER_KEY_LIST,
  FilterSummarySchema,
  HaltSchema,
  int,
  num,
  PipelineSummarySchema,
  RunStatusSchema,
  UltraGateSchema,
} from '../schemas.ts';
import { edgeDistribution, filterSummary, pipelineSummary, ultraGate } from '../sections.ts';
import { gateTargets } from './admin-dashboard.ts';
import { type SignalData, selectSignal } from './signal-best-bets.ts';

/** `v1/admin/picks/{date}.json` (spec 07 §2.4): every candidate of D and why it passed or not. */

export const adminPicksSchema = z.strictObject({
  ...envelope,
  date,
  status: RunStatusSchema,
  halt: HaltSchema,
  picks: z.array(AdminPickSchema),
  candidates: z.array(
    z.strictObject({
      player_id: z.string(),
      player: z.string(),
      player_lookup: z.string(),
      game_id: z.string(),
      system_id: z.string(),
      family: z.string(),
      direction,
      line: num,
      edge: num.min(0),
      predicted: num,
      quality_score: num,
      signals: z.array(z.string()),
      real_signal_count: int,
      ev_pct: num.nullable(),
      filter_result: z.enum(['passed', ...FILTER_KEY_LIST]),
      rank: int.nullable(),
    }),
  ),
  total_candidates: int,
  filter_summary: FilterSummarySchema.nullable(),
  pipeline_summary: PipelineSummarySchema.nullable(),
  edge_distribution: EdgeDistributionSchema.nullable(),
  ultra: z.strictObject({
    count: int,
    gate: UltraGateSchema,
    criteria: z.array(z.strictObject({ id: z.string(), hr: num.nullable(), n: int })),
  }),
});

/**
 * A criterion's WIN/LOSS record over active picks dated before D (spec 05 §9). Every such pick
 * has been in all.json, so "published" adds nothing but would make the first re-export differ.
 */
export function criterionRecords(
  criteria: ReadonlyArray<{ id: string }>,
  picks: readonly PickRow[],
  date: string,
) {
  return criteria.map((c) => {
    let w = 0;
    let l = 0;
    for (const p of picks) {
      if (p.date >= date || p.status !== 'active') continue;
      if (!p.ultra_criteria.some((x) => x.id === c.id)) continue;
      if (p.result === 'WIN') w++;
      else if (p.result === 'LOSS') l++;
    }
    return { id: c.id, hr: w + l ? r1((100 * w) / (w + l)) : null, n: w + l };
  });
}

export function buildAdminPicks(d: SignalData, ctx: { generated_at: string; algorithm_version: string }) {
  const s = d.all.settings;
  const o = { gateMet: !!d.run?.ultra_gate?.met, maxPublic: s.maxPublicAngles, maxStored: s.maxStoredAngles };
  const rank = new Map(d.picks.map((p) => [`${p.game_id}|${p.player_id}`, p.rank]));
  const cands = [...d.candidates].sort(
    (a, b) =>
      Math.abs(b.edge) - Math.abs(a.edge) ||
      a.player_lookup.localeCompare(b.player_lookup) ||
      a.game_id.localeCompare(b.game_id),
  );
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    date: d.date,
    status: d.run ? d.run.status : 'not_run',
    halt: d.halt,
    picks: d.picks.map((p) => toAdminPick(p, o)),
    candidates: cands.map((c) => ({
      player_id: String(c.player_id),
      player: c.player,
      player_lookup: c.player_lookup,
      game_id: c.game_id,
      system_id: c.system_id,
      family: c.family,
      direction: c.direction,
      line: r1n(c.line),
      edge: r1n(Math.abs(c.edge)),
      predicted: r1n(c.predicted),
      quality_score: r1n(c.quality_score ?? 0),
      signals: c.signals.map((x) => x.tag),
      real_signal_count: c.real_signal_count,
      ev_pct: c.ev === null ? null : r1(100 * c.ev),
      filter_result: c.filter_result,
      rank: rank.get(`${c.game_id}|${c.player_id}`) ?? null,
    })),
    total_candidates: cands.length,
    filter_summary: filterSummary(d.run),
    pipeline_summary: pipelineSummary(d.run),
    edge_distribution: edgeDistribution(d.run),
    ultra: {
      count: d.picks.filter((p) => p.ultra_tier).length,
      gate: ultraGate(d.run, gateTargets(d.all)),
      criteria: criterionRecords(s.ultraCriteria, d.all.picks, d.date),
    },
  };
}

export const adminPicks: Exporter<SignalData> = {
  kind: 'admin/picks',
  schemaVersion: 1,
  path: (p) => `v1/admin/picks/${p.date}.json`,
  schema: adminPicksSchema,
  cacheControl: () => CACHE.admin,
  dateOf: (p) => p.date,
  select: (all, p) => selectSignal(all, p.date),
  build: buildAdminPicks,
};
