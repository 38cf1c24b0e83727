import { z } from 'zod';
import type { PickRow, PublishData, RunRow } from '../data.ts';
import { CACHE, type Exporter } from '../exporter.ts';
import { recordOf, seasonLabelOf, seasonStart, weekStart } from '../format.ts';
import { displayOrder, type PickViewOptions, toPublicPick } from '../picks.ts';
import {
  bestStreak,
  counts,
  dayStatus,
  groupWeeks,
  lastN,
  monthStart,
  recordWindow,
  streak,
} from '../record.ts';
import {
  DayStatusSchema,
  date,
  envelope,
  HaltSchema,
  int,
  num,
  PublicPickSchema,
  RecordSchema,
} from '../schemas.ts';

/** `v1/best-bets/all.json` (spec 07 §2.1): the public record and every day of the season. */

export const bestBetsAllSchema = z.strictObject({
  ...envelope,
  date,
  season: z.string(),
  break_even_pct: num,
  record: z.strictObject({
    season: RecordSchema,
    month: RecordSchema,
    week: RecordSchema,
    last_10: RecordSchema,
  }),
  streak: z.strictObject({ type: z.enum(['W', 'L']).nullable(), count: int }),
  best_streak: z.strictObject({ count: int, start: date.nullable(), end: date.nullable() }),
  ultra_record: z.strictObject({ overall: RecordSchema, over: RecordSchema, under: RecordSchema }),
  halt: HaltSchema,
  today: z.strictObject({
    date,
    status: z.union([DayStatusSchema, z.literal('not_run')]),
    message: z.string().nullable(),
    picks: z.array(PublicPickSchema),
  }),
  weeks: z.array(
    z.strictObject({
      week_start: date,
      record: RecordSchema,
      days: z.array(
        z.strictObject({
          date,
          status: DayStatusSchema,
          record: RecordSchema,
          halt: HaltSchema,
          picks: z.array(PublicPickSchema),
        }),
      ),
    }),
  ),
  counts: z.strictObject({ total: int, graded: int, pending: int, voided: int, withdrawn: int }),
});

export interface BestBetsAllData {
  date: string;
  breakEvenPct: number;
  maxPublic: number;
  maxStored: number;
  halt: PublishData['halt'];
  runs: RunRow[];
  /** Season picks up to D, every status. */
  picks: PickRow[];
}

export const NOT_RUN_MESSAGE = "Today's picks are not out yet";
export const NO_EDGE_MESSAGE = 'No edge today — nothing cleared our filters';

export function buildBestBetsAll(
  d: BestBetsAllData,
  ctx: { generated_at: string; algorithm_version: string },
) {
  const from = seasonStart(d.date);
  const season = d.picks.filter((p) => p.date >= from && p.date <= d.date);
  const active = season.filter((p) => p.status === 'active');
  const gate = new Map(d.runs.map((r) => [r.date, !!r.ultra_gate?.met]));
  const view = (p: PickRow) => {
    const o: PickViewOptions = {
      gateMet: gate.get(p.date) ?? false,
      maxPublic: d.maxPublic,
      maxStored: d.maxStored,
    };
    return toPublicPick(p, o);
  };
  const ultra = active.filter((p) => p.ultra_tier);
  const todayRun = d.runs.find((r) => r.date === d.date);
  const todayActive = active.filter((p) => p.date === d.date).sort(displayOrder);
  const todayStatus = todayRun ? dayStatus(todayActive) : 'not_run';
  const message =
    todayStatus === 'not_run'
      ? NOT_RUN_MESSAGE
      : todayStatus === 'no_picks'
        ? todayRun?.halt.active
          ? `Best bets are halted: ${todayRun.halt.reason ?? todayRun.halt.state}`
          : NO_EDGE_MESSAGE
        : null;
  const weeks = groupWeeks(d.runs, season, from, d.date).map((w) => ({
    week_start: w.week_start,
    record: recordOf(w.days.flatMap((x) => x.active.map((p) => p.result))),
    days: w.days.map((x) => ({
      date: x.date,
      status: dayStatus(x.active),
      record: recordOf(x.active.map((p) => p.result)),
      halt: x.run.halt,
      picks: [...x.picks].sort(displayOrder).map(view),
    })),
  }));
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    date: d.date,
    season: seasonLabelOf(d.date),
    break_even_pct: d.breakEvenPct,
    record: {
      season: recordWindow(active, from, d.date),
      month: recordWindow(active, monthStart(d.date), d.date),
      week: recordWindow(active, weekStart(d.date), d.date),
      last_10: lastN(active, 10),
    },
    streak: streak(active),
    best_streak: bestStreak(active),
    ultra_record: {
      overall: recordOf(ultra.map((p) => p.result)),
      over: recordOf(ultra.filter((p) => p.direction === 'OVER').map((p) => p.result)),
      under: recordOf(ultra.filter((p) => p.direction === 'UNDER').map((p) => p.result)),
    },
    halt: d.halt,
    today: { date: d.date, status: todayStatus, message, picks: todayActive.map(view) },
    weeks,
    counts: counts(season),
  };
}

export const bestBetsAll: Exporter<BestBetsAllData> = {
  kind: 'best-bets/all',
  schemaVersion: 1,
  path: () => 'v1/best-bets/all.json',
  schema: bestBetsAllSchema,
  cacheControl: () => CACHE.medium,
  dateOf: (_p, all) => all.asOf,
  select: (all) => ({
    date: all.asOf,
    breakEvenPct: all.settings.breakEvenPct,
    maxPublic: all.settings.maxPublicAngles,
    maxStored: all.settings.maxStoredAngles,
    halt: all.halt,
    runs: all.runs.filter((r) => r.date <= all.asOf && r.date >= seasonStart(all.asOf)),
    picks: all.picks,
  }),
  build: buildBestBetsAll,
};
