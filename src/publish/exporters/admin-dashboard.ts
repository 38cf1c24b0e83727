import { z } from 'zod';
import type { PublishData } from '../data.ts';
import { CACHE, type Exporter } from '../exporter.ts';
import { instant, seasonLabelOf } from '../format.ts';
import { toAdminPick } from '../picks.ts';
import {
  AdminPickSchema,
  DirectionHealthSchema,
  date,
  EdgeDistributionSchema,
  envelope,
  FilterSummarySchema,
  HaltSchema,
  instantStr,
  int,
  ModelRowSchema,
  PipelineSummarySchema,
  PlayerBlacklistSchema,
  RunStatusSchema,
  SignalEvaluatedSchema,
  UltraGateSchema,
} from '../schemas.ts';
import {
  directionHealth,
  edgeDistribution,
  filterSummary,
  latestPerf,
  modelRow,
  pipelineSummary,
  playerBlacklist,
  shownModels,
  signalsEvaluated,
  ultraGate,
} from '../sections.ts';
import { type SignalData, selectSignal } from './signal-best-bets.ts';

/**
 * `v1/admin/dashboard.json` (spec 07 §2.3): D's admin view; `today_picks` is the predecessor's
 * alias of `picks` (the same list). Run sections are null on a date without a best-bets run.
 */

export const dashboardSchema = z.strictObject({
  ...envelope,
  date,
  season: z.string(),
  config_hash: z.string().nullable(),
  status: RunStatusSchema,
  halt: HaltSchema,
  picks: z.array(AdminPickSchema),
  today_picks: z.array(AdminPickSchema),
  pipeline_summary: PipelineSummarySchema.nullable(),
  filter_summary: FilterSummarySchema.nullable(),
  edge_distribution: EdgeDistributionSchema.nullable(),
  model_health: z.array(z.strictObject({ ...ModelRowSchema.shape, candidates_today: int, picks_today: int })),
  ultra_gate: UltraGateSchema,
  latest_batch: z
    .strictObject({
      batch_id: z.string(),
      date,
      status: z.string(),
      requested: int,
      completed: int,
      failed: int,
      started_at: instantStr.nullable(),
      finished_at: instantStr.nullable(),
    })
    .nullable(),
  pipeline_runs: z.array(
    z.strictObject({
      run_id: z.string(),
      phase: z.string(),
      date: date.nullable(),
      status: z.string(),
      started_at: instantStr,
      duration_ms: int.nullable(),
      counts: z.record(z.string(), z.unknown()),
      error: z.string().nullable(),
    }),
  ),
  alerts: z.array(
    z.strictObject({
      created_at: instantStr,
      kind: z.string(),
      severity: z.string(),
      subject: z.string(),
      message: z.string(),
    }),
  ),
  signal_health: z.array(SignalEvaluatedSchema),
  direction_health: DirectionHealthSchema,
  player_blacklist: PlayerBlacklistSchema,
});

export function adminModelHealth(d: SignalData) {
  const perf = latestPerf(d.all.perf.filter((p) => p.date <= d.date));
  return shownModels(d.all).map((m) => ({
    ...modelRow(m, perf.get(m.system_id), d.date),
    candidates_today: d.candidates.filter((c) => c.system_id === m.system_id).length,
    picks_today: d.picks.filter((p) => p.system_id === m.system_id).length,
  }));
}

export const gateTargets = (all: PublishData) => all.settings.ultraGateTargets;

export function buildDashboard(d: SignalData, ctx: { generated_at: string; algorithm_version: string }) {
  const s = d.all.settings;
  const o = { gateMet: !!d.run?.ultra_gate?.met, maxPublic: s.maxPublicAngles, maxStored: s.maxStoredAngles };
  const picks = d.picks.map((p) => toAdminPick(p, o));
  const b = d.all.latestBatch;
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    date: d.date,
    season: seasonLabelOf(d.date),
    config_hash: d.run?.config_hash ?? null,
    status: d.run ? d.run.status : 'not_run',
    halt: d.halt,
    picks,
    today_picks: picks,
    pipeline_summary: pipelineSummary(d.run),
    filter_summary: filterSummary(d.run),
    edge_distribution: edgeDistribution(d.run),
    model_health: adminModelHealth(d),
    ultra_gate: ultraGate(d.run, gateTargets(d.all)),
    latest_batch: b
      ? {
          batch_id: b.batch_id,
          date: b.date,
          status: b.status,
          requested: b.requested,
          completed: b.completed,
          failed: b.failed,
          started_at: instant(b.started_at),
          finished_at: instant(b.finished_at),
        }
      : null,
    pipeline_runs: d.all.pipelineRuns.map((r) => ({
      run_id: r.run_id,
      phase: r.phase,
      date: r.date,
      status: r.status,
      started_at: instant(r.started_at) as string,
      duration_ms: r.duration_ms,
      counts: r.counts ?? {},
      error: r.error,
    })),
    alerts: d.all.alerts.map((a) => ({
      created_at: instant(a.created_at) as string,
      kind: a.kind,
      severity: a.severity,
      subject: a.subject,
      message: a.message,
    })),
    signal_health: signalsEvaluated(d.all, d.candidates, d.picks),
    direction_health: directionHealth(d.all),
    player_blacklist: playerBlacklist(d.all),
  };
}

export const adminDashboard: Exporter<SignalData> = {
  kind: 'admin/dashboard',
  schemaVersion: 1,
  path: () => 'v1/admin/dashboard.json',
  schema: dashboardSchema,
  cacheControl: () => CACHE.admin,
  dateOf: (_p, all) => all.asOf,
  select: (all) => selectSignal(all, all.asOf),
  build: buildDashboard,
};
