import { type Logger, silentLogger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { dateRange, isIsoDate } from '../domain/dates.ts';
import type { RunHandle } from '../store/runs.ts';
import type { Store } from '../store/store.ts';
import type { ComputedRow, RangeViolation, SlateEntry } from './compute.ts';
import { FEATURE_SETS, type FeatureSetName } from './contract.ts';
import { buildSlate, type Cutoff, computeFeatures, cutoffKindOf } from './core.ts';
import { buildIndex, type FeatureIndex } from './feature-index.ts';
import { loadDateIndex } from './history.ts';
import { paramsFromConfig } from './inputs.ts';
import { loadFeatureInputs } from './load.ts';
import { type CutoffKind, type FeatureRow, FeatureZeroVarianceError, varianceCheck } from './quality.ts';
import { writeFeatureRows } from './store.ts';

/**
 * The one builder (spec 02 §6): training, backfill, daily prediction batches and the backtest
 * all call buildFeatures; only the cutoff differs. `tipoff` → c = each game's tip (kind
 * `tipoff`); an instant → c = that time (kind `asof`; games with tip ≤ c are skipped).
 */
export interface BuildRequest {
  from: string;
  to: string;
  cutoff: 'tipoff' | Date | string;
  sets?: readonly FeatureSetName[];
  config: Config;
  /** Default true: write the rows (one transaction); the caller records the `features` run. */
  write?: boolean;
  explain?: boolean;
  log?: Logger;
  /**
   * One-date builds only: reuse the index of the days before the date while its rows are
   * unchanged (history.ts). Prediction batches rebuild their date at every run and set it.
   */
  reuseHistory?: boolean;
}

export interface FeatureSummary {
  run_id: string | null;
  from: string;
  to: string;
  cutoff_kind: CutoffKind;
  dates: number;
  player_games: number;
  rows: number;
  quality_ready: number;
  by_set: Record<string, { rows: number; ready: number }>;
  blocked_by_reason: Record<string, number>;
  feature_range: number;
  warnings: string[];
  seconds: number;
  /** Wall time of the build's parts in ms (load = SQL reads, compute = pure core, write). */
  timings_ms: { load: number; compute: number; write: number };
  /** With reuseHistory: whether the history index was reused (hit) or loaded (miss). */
  history?: 'hit' | 'miss' | 'off';
}

export interface FeatureBuild {
  dates: string[];
  cutoffKind: CutoffKind;
  sets: FeatureSetName[];
  slate: SlateEntry[];
  computed: ComputedRow[];
  rows: FeatureRow[];
  rangeViolations: RangeViolation[];
  summary: FeatureSummary;
}

function normalizeCutoff(c: BuildRequest['cutoff']): Cutoff {
  if (c === 'tipoff') return 'tipoff';
  const d = c instanceof Date ? c : new Date(c);
  if (Number.isNaN(d.getTime()))
    throw new Error(`features: cutoff must be 'tipoff' or an instant, got ${String(c)}`);
  return d.toISOString();
}

export function summarize(
  rows: readonly FeatureRow[],
  meta: Omit<FeatureSummary, 'rows' | 'quality_ready' | 'by_set' | 'blocked_by_reason'>,
  sets: readonly FeatureSetName[],
): FeatureSummary {
  const by_set: FeatureSummary['by_set'] = Object.fromEntries(sets.map((s) => [s, { rows: 0, ready: 0 }]));
  const blocked: Record<string, number> = {};
  let ready = 0;
  for (const r of rows) {
    by_set[r.feature_set].rows++;
    if (r.is_quality_ready) {
      by_set[r.feature_set].ready++;
      ready++;
    } else {
      const k = r.reason ?? 'LOW_QUALITY';
      blocked[k] = (blocked[k] ?? 0) + 1;
    }
  }
  return { ...meta, rows: rows.length, quality_ready: ready, by_set, blocked_by_reason: blocked };
}

/** Reads, computes, checks and (by default) writes one range's features. */
export async function buildFeatures(
  store: Store,
  req: BuildRequest,
  /** The `features` run its caller opened (its id is written on the rows); null records none. */
  run: RunHandle | null = null,
): Promise<FeatureBuild> {
  if (!isIsoDate(req.from) || !isIsoDate(req.to) || req.from > req.to) {
    throw new Error(`features: bad date range ${req.from} … ${req.to}`);
  }
  const log = req.log ?? silentLogger;
  const cutoff = normalizeCutoff(req.cutoff);
  const cutoffKind = cutoffKindOf(cutoff);
  const sets = [...(req.sets ?? FEATURE_SETS)];
  const params = paramsFromConfig(req.config);
  const dates = dateRange(req.from, req.to);

  const work = async (
    runId: string | null,
    counts: Record<string, unknown> | null,
  ): Promise<FeatureBuild> => {
    const t0 = performance.now();
    let ix: FeatureIndex;
    let history: FeatureSummary['history'];
    let tLoad: number;
    if (req.reuseHistory && req.from === req.to) {
      const loaded = await loadDateIndex(store, { date: req.from, cutoff, params });
      ix = loaded.index;
      history = loaded.history;
      tLoad = performance.now();
    } else {
      const inputs = await loadFeatureInputs(store, {
        from: req.from,
        to: req.to,
        cutoff,
        maxLookbackDays: params.maxLookbackDays,
      });
      tLoad = performance.now();
      ix = buildIndex(inputs, params);
    }
    const slate = buildSlate(ix, dates, cutoff);
    const res = computeFeatures(ix, slate, {
      params,
      config: req.config,
      sets,
      cutoffKind,
      explain: req.explain,
    });
    const tCompute = performance.now();
    // One warning with the count and a few samples; each sample at debug level.
    if (res.rangeViolations.length) {
      const byFeature: Record<string, number> = {};
      for (const v of res.rangeViolations) byFeature[v.feature] = (byFeature[v.feature] ?? 0) + 1;
      log.warn(
        { code: 'FEATURE_RANGE', count: res.rangeViolations.length, by_feature: byFeature },
        'feature values out of range; stored as NULL',
      );
      for (const v of res.rangeViolations.slice(0, 10))
        log.debug({ code: 'FEATURE_RANGE', ...v }, 'feature value out of range');
    }
    const variance = varianceCheck(res.rows, params.quality.varianceMinRows);
    for (const w of variance.warnings) log.warn({ code: 'FEATURE_VARIANCE_SKIPPED' }, w);
    const meta = {
      run_id: runId,
      from: req.from,
      to: req.to,
      cutoff_kind: cutoffKind,
      dates: dates.length,
      player_games: slate.length,
      feature_range: res.rangeViolations.length,
      warnings: variance.warnings,
      seconds: 0,
      timings_ms: { load: Math.round(tLoad - t0), compute: Math.round(tCompute - tLoad), write: 0 },
      ...(history ? { history } : {}),
    };
    if (counts)
      Object.assign(counts, {
        from: req.from,
        to: req.to,
        cutoff_kind: cutoffKind,
        player_games: slate.length,
        FEATURE_RANGE: res.rangeViolations.length,
      });
    if (variance.failures.length) throw new FeatureZeroVarianceError(variance.failures);
    let keepGameIds: string[] = [];
    if (cutoff !== 'tipoff') {
      // Serving skips started games: their earlier `asof` rows stay as they were.
      const cMs = Date.parse(cutoff);
      keepGameIds = [...ix.games.values()]
        .filter((g) => g.date >= req.from && g.date <= req.to && g.tipMs <= cMs)
        .map((g) => g.game_id);
    }
    const tWrite = performance.now();
    if (req.write !== false) {
      await writeFeatureRows(store, res.rows, {
        from: req.from,
        to: req.to,
        cutoffKind,
        sets,
        keepGameIds,
        runId,
      });
    }
    meta.timings_ms.write = Math.round(performance.now() - tWrite);
    const seconds = Math.round((performance.now() - t0) / 10) / 100;
    const summary = summarize(res.rows, { ...meta, seconds }, sets);
    if (counts)
      Object.assign(counts, {
        rows: summary.rows,
        quality_ready: summary.quality_ready,
        by_set: summary.by_set,
        blocked_by_reason: summary.blocked_by_reason,
      });
    log.info(
      {
        phase: 'features',
        rows: summary.rows,
        ready: summary.quality_ready,
        ...summary.timings_ms,
        seconds,
      },
      `features ${req.from}…${req.to} (${cutoffKind})`,
    );
    return {
      dates,
      cutoffKind,
      sets,
      slate,
      computed: res.computed,
      rows: res.rows,
      rangeViolations: res.rangeViolations,
      summary,
    };
  };

  if (req.write === false) return work(null, null);
  return work(run?.runId ?? null, run?.counts ?? null);
}
