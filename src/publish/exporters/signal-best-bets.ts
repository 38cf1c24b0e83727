import { z } from 'zod';
import type { CandidateRow, PickRow, PublishData, RunRow } from '../data.ts';
import { CACHE, dateFullyGraded, type Exporter, type FileParams } from '../exporter.ts';
import { seasonLabelOf } from '../format.ts';
import { displayOrder, toDetailPick } from '../picks.ts';
import {
  DetailPickSchema,
  DirectionHealthSchema,
  date,
  EdgeDistributionSchema,
  ExposureSchema,
  envelope,
  FilterSummarySchema,
  HaltSchema,
  HrSchema,
  int,
  PlayerBlacklistSchema,
  RunStatusSchema,
  SignalEvaluatedSchema,
} from '../schemas.ts';
import {
  directionHealth,
  edgeDistribution,
  exposure,
  filterSummary,
  latestPerf,
  modelRow,
  playerBlacklist,
  runOf,
  shownModels,
  signalsEvaluated,
} from '../sections.ts';

/**
 * `v1/signal-best-bets/{date}.json` and `latest.json` (spec 07 §2.2). A date without a run is
 * `status: "not_run"` with null run sections (the spec lists them only for dates that ran).
 */

export const signalBestBetsSchema = z.strictObject({
  ...envelope,
  date,
  season: z.string(),
  status: RunStatusSchema,
  halt: HaltSchema,
  picks: z.array(DetailPickSchema),
  total_picks: int,
  filter_summary: FilterSummarySchema.nullable(),
  edge_distribution: EdgeDistributionSchema.nullable(),
  model_health: z.array(
    z.strictObject({
      system_id: z.string(),
      family: z.string(),
      enabled: z.boolean(),
      state: z.string(),
      w7d: HrSchema,
    }),
  ),
  direction_health: DirectionHealthSchema,
  player_blacklist: PlayerBlacklistSchema,
  signals_evaluated: z.array(SignalEvaluatedSchema),
  exposure: ExposureSchema,
});

export interface SignalData {
  date: string;
  run: RunRow | undefined;
  halt: PublishData['halt'];
  picks: PickRow[];
  candidates: CandidateRow[];
  all: PublishData;
}

export function selectSignal(all: PublishData, date: string): SignalData {
  const run = runOf(all, date);
  return {
    date,
    run,
    halt: run ? run.halt : all.halt,
    picks: all.picks.filter((p) => p.date === date && p.status === 'active').sort(displayOrder),
    candidates: all.candidates.filter((c) => c.date === date),
    all,
  };
}

export function buildSignalBestBets(d: SignalData, ctx: { generated_at: string; algorithm_version: string }) {
  const s = d.all.settings;
  const o = { gateMet: !!d.run?.ultra_gate?.met, maxPublic: s.maxPublicAngles, maxStored: s.maxStoredAngles };
  const perf = latestPerf(d.all.perf.filter((p) => p.date <= d.date));
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    date: d.date,
    season: seasonLabelOf(d.date),
    status: d.run ? d.run.status : 'not_run',
    halt: d.halt,
    picks: d.picks.map((p) => toDetailPick(p, o)),
    total_picks: d.picks.length,
    filter_summary: filterSummary(d.run),
    edge_distribution: edgeDistribution(d.run),
    model_health: shownModels(d.all).map((m) => {
      const row = modelRow(m, perf.get(m.system_id), d.date);
      return { system_id: m.system_id, family: m.family, enabled: m.enabled, state: row.state, w7d: row.w7d };
    }),
    direction_health: directionHealth(d.all),
    player_blacklist: playerBlacklist(d.all),
    signals_evaluated: signalsEvaluated(d.all, d.candidates, d.picks),
    exposure: exposure(d.run),
  };
}

const dated: Exporter<SignalData> = {
  kind: 'signal-best-bets/date',
  schemaVersion: 1,
  path: (p: FileParams) => `v1/signal-best-bets/${p.date}.json`,
  schema: signalBestBetsSchema,
  cacheControl: (p, d) => (dateFullyGraded(d.all, p.date) ? CACHE.day : CACHE.medium),
  dateOf: (p) => p.date,
  select: (all, p) => selectSignal(all, p.date),
  build: buildSignalBestBets,
};

/** latest.json: the content of the newest date ≤ D that has a run (D itself when none has). */
const latest: Exporter<SignalData> = {
  kind: 'signal-best-bets/latest',
  schemaVersion: 1,
  path: () => 'v1/signal-best-bets/latest.json',
  schema: signalBestBetsSchema,
  cacheControl: () => CACHE.short,
  dateOf: (_p, all) => all.latestDate ?? all.date,
  select: (all) => selectSignal(all, all.latestDate ?? all.date),
  build: buildSignalBestBets,
};

export const signalBestBets = dated;
export const signalBestBetsLatest = latest;
