import { z } from 'zod';
import { wilson } from '../../models/index.ts';
import type { PublishData } from '../data.ts';
import { CACHE, type Exporter } from '../exporter.ts';
import { r4 } from '../format.ts';
import { date, envelope, HaltSchema, int, ModelRowSchema, num } from '../schemas.ts';
import { latestPerf, modelRow, shownModels } from '../sections.ts';

/**
 * `v1/models/health.json` (spec 07 §2.4): the registry with rolling HR series (60 dates) and a
 * 30-day calibration table per model. Calibration uses the population of the calibration
 * report (06 §7): graded predictions with p_over and a line, player played, not a push;
 * observed = share of actual > line, with its Wilson interval (probabilities, 0.0001).
 */

export const modelsHealthSchema = z.strictObject({
  ...envelope,
  date,
  break_even_pct: num,
  halt: HaltSchema,
  models: z.array(
    z.strictObject({
      ...ModelRowSchema.shape,
      series: z.array(z.strictObject({ date, hr_7d: num.nullable(), n_7d: int })),
      calibration: z.array(
        z.strictObject({
          bin_low: num,
          bin_high: num,
          n: int,
          mean_p: num.nullable(),
          observed: num.nullable(),
          ci_low: num.nullable(),
          ci_high: num.nullable(),
        }),
      ),
    }),
  ),
  families: z.array(z.strictObject({ family: z.string(), enabled_models: int, blocked: z.boolean() })),
});

export function buildModelsHealth(d: PublishData, ctx: { generated_at: string; algorithm_version: string }) {
  const perf = latestPerf(d.perf);
  const bins = d.settings.calibrationBins;
  const models = shownModels(d).map((m) => {
    const cal = d.calibration.filter((c) => c.system_id === m.system_id);
    return {
      ...modelRow(m, perf.get(m.system_id), d.asOf),
      series: d.perf
        .filter((p) => p.system_id === m.system_id)
        .map((p) => ({ date: p.date, hr_7d: p.n_7d ? roundPct(p.hr_7d) : null, n_7d: p.n_7d })),
      calibration: Array.from({ length: bins }, (_, b) => {
        const c = cal.find((x) => x.bin === b);
        const n = c?.n ?? 0;
        const ci = wilson(c?.overs ?? 0, n);
        return {
          bin_low: r4(b / bins) as number,
          bin_high: r4((b + 1) / bins) as number,
          n,
          mean_p: n ? r4((c as { sum_p: number }).sum_p / n) : null,
          observed: n ? r4((c as { overs: number }).overs / n) : null,
          ci_low: n ? r4(ci.low) : null,
          ci_high: n ? r4(ci.high) : null,
        };
      }),
    };
  });
  const families = [...new Set(d.models.map((m) => m.family))].sort().map((family) => {
    const enabled = d.models.filter((m) => m.family === family && m.enabled);
    return {
      family,
      enabled_models: enabled.length,
      blocked: enabled.length > 0 && enabled.every((m) => perf.get(m.system_id)?.state === 'BLOCKED'),
    };
  });
  return {
    schema_version: 1,
    generated_at: ctx.generated_at,
    algorithm_version: ctx.algorithm_version,
    date: d.asOf,
    break_even_pct: d.settings.breakEvenPct,
    halt: d.halt,
    models,
    families,
  };
}

const roundPct = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export const modelsHealth: Exporter<PublishData> = {
  kind: 'models/health',
  schemaVersion: 1,
  path: () => 'v1/models/health.json',
  schema: modelsHealthSchema,
  cacheControl: () => CACHE.medium,
  dateOf: (_p, all) => all.asOf,
  select: (all) => all,
  build: buildModelsHealth,
};
