import { availableParallelism } from 'node:os';
import type { Logger } from '../config/log.ts';
import { silentLogger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import { IDENTITY_CALIBRATION } from '../domain/model-bundle.ts';
import { contractHash, type FeatureSetName, featureSetVersion } from '../features/index.ts';
import type { RunHandle } from '../store/runs.ts';
import type { Queryable, Store } from '../store/store.ts';
import { blockCalibration } from './calibration/block.ts';
import { type FeatureFrame, loadFeatureFrame, loadPrices, type Prices } from './data.ts';
import { coreFigures, type EvalRow, type evaluate, hrJson, round } from './evaluation.ts';
import { type Family, resolveFamilies } from './families.ts';
import { distOfFit, type FitResult, fitFamily, makeBundle, predictDates, TrainError } from './fit.ts';
import { FitPool } from './fit-pool.ts';
import { evaluateGates, type GateResults, gatesNoFail, promotable } from './gates.ts';
import { decideSystemId, type ExistingModel } from './naming.ts';
import { type ModelRow, registerModel } from './registry.ts';
import {
  gatePeriod,
  lastGameDayBefore,
  loadGameDays,
  type TrainingWindow,
  windowCoverage,
  windowFor,
} from './windows.ts';

/**
 * `courtedge train` (spec 03 §4): one `train` phase run; per family a window fit, gates on a
 * twin (or self) evaluation, and one transaction writing the model row and its artifact.
 */

export interface TrainRequest {
  /** Family names; empty = every enabled family (--all). */
  families?: string[];
  all?: boolean;
  /** train_end; default the last game day before `today`. */
  end?: string;
  today: string;
  windowGameDays?: number;
  force?: boolean;
  enable?: boolean;
  /** The `train` pipeline_runs row the caller opened for trainingEnd's date. */
  run: RunHandle;
  /** Builds missing feature dates (the features phase); tests may pass a no-op. */
  buildFeatures?: (from: string, to: string, sets: FeatureSetName[]) => Promise<void>;
  log?: Logger;
  now?: () => Date;
}

export interface GateJson {
  pass: boolean;
  outcome: string;
  figure: number | string | null;
  /** 95% interval of the figure. */
  interval: { low: number | null; high: number | null } | null;
  /** The bar. */
  threshold: number | string | null;
  n: number;
  n_needed: number | null;
  note?: string;
  /** Per side (directional), per tier (tier_bias), duplicate_of, wins/losses (hr3). */
  detail?: Record<string, unknown>;
}

export interface TrainEntry {
  family: string;
  system_id?: string;
  rows?: number;
  train_start?: string;
  train_end?: string;
  seconds?: number;
  best_iteration?: number;
  metrics?: Record<string, unknown>;
  gates?: Record<string, GateJson>;
  gate_basis?: string;
  passed?: boolean;
  status?: string;
  skipped?: 'DUPLICATE_WINDOW';
  existing?: string;
  error?: string;
}

export interface TrainSummary {
  run_id: string;
  train_end: string;
  /** The window in game days (each model records the validation dates it used). */
  window: { start: string; end: string; game_days: number } | null;
  models: TrainEntry[];
}

export function fitSettings(config: Config) {
  return {
    validationShare: config.models.training.validationShare,
    minTrainRows: config.models.training.minTrainRows,
    minValRows: config.models.training.minValRows,
    refitFullWindow: config.models.training.refitFullWindow,
    clampMax: config.models.scoring.clampMax,
    conditionalSpread: config.models.probability.enabled,
    threads: config.threads > 0 ? config.threads : availableParallelism(),
  };
}

/** The figures a listing shows, from an evaluation (rounded, JSON-ready). */
export function metricsJson(ev: ReturnType<typeof evaluate>): Record<string, unknown> {
  return {
    ...coreFigures(ev),
    bias: round(ev.bias),
    bias_vs_line: round(ev.bias_vs_line),
    tier_bias: Object.fromEntries(
      Object.entries(ev.tier_bias).map(([k, v]) => [k, { n: v.n, bias: round(v.bias) }]),
    ),
    hr1: hrJson(ev.hr1),
    hr3: hrJson(ev.hr3),
    hr5: hrJson(ev.hr5),
    by_side: { over: hrJson(ev.by_side.over), under: hrJson(ev.by_side.under) },
    brier: round(ev.calibration.brier),
    log_loss: round(ev.calibration.log_loss),
    ece: round(ev.calibration.ece),
  };
}

export function gatesJson(g: GateResults): Record<string, GateJson> {
  return Object.fromEntries(
    Object.entries(g).map(([k, v]) => [
      k,
      {
        pass: v.pass,
        outcome: v.outcome,
        figure: v.figure,
        interval: v.interval ?? null,
        threshold: v.threshold,
        n: v.n,
        n_needed: v.n_needed ?? null,
        ...(v.note ? { note: v.note } : {}),
        ...(v.detail ? { detail: v.detail } : {}),
      },
    ]),
  );
}

/** Dates of [from, to] without tipoff rows of the current contract for a set (one query per set). */
async function missingFeatureDates(
  store: Queryable,
  set: FeatureSetName,
  hash: string,
  dates: readonly string[],
): Promise<string[]> {
  if (!dates.length) return [];
  const rows = await store.query<{ d: string }>(
    `SELECT DISTINCT game_date AS d FROM features
     WHERE feature_set_version = $1 AND cutoff_kind = 'tipoff' AND contract_hash = $2
       AND game_date BETWEEN $3::DATE AND $4::DATE`,
    [featureSetVersion(set), hash, dates[0], dates[dates.length - 1]],
  );
  const have = new Set(rows.map((r) => r.d));
  return dates.filter((d) => !have.has(d));
}

/**
 * Builds the missing dates of every set: consecutive missing game days (in `dates` order)
 * form one range, so a store with a few holes is not rebuilt end to end.
 */
export async function ensureFeatures(
  store: Queryable,
  config: Config,
  sets: FeatureSetName[],
  dates: readonly string[],
  build: TrainRequest['buildFeatures'],
): Promise<number> {
  if (!build) return 0;
  const missing = new Set<string>();
  for (const s of sets)
    for (const d of await missingFeatureDates(store, s, contractHash(s, config), dates)) missing.add(d);
  if (!missing.size) return 0;
  const ranges: [string, string][] = [];
  let open: [string, string] | null = null;
  for (const d of dates) {
    if (missing.has(d)) {
      if (open) open[1] = d;
      else open = [d, d];
    } else if (open) {
      ranges.push(open);
      open = null;
    }
  }
  if (open) ranges.push(open);
  for (const [from, to] of ranges) await build(from, to, sets);
  return missing.size;
}

export interface GateEvalInput {
  frame: FeatureFrame;
  family: Family;
  model: FitResult;
  dates: string[];
  /** Prices of the consensus line's book: the log_loss gate's no-vig market probability. */
  prices?: ((gameId: string, playerId: number, line: number) => Prices | null) | null;
}

/** Gate-period rows as a FIRST batch would predict them (spec 03 §8). */
export function gateRowsFor(g: GateEvalInput, config: Config): EvalRow[] {
  return predictDates(
    g.frame,
    g.model.model,
    distOfFit(g.model),
    g.dates,
    config.predict.minQuality.FIRST,
    g.family.minEdge,
    config.models.scoring.clampMax,
    g.prices ?? null,
  );
}

/** The train_end a request resolves to (the run row's date): `end`, else the last game day before `today`. */
export async function trainingEnd(
  store: Queryable,
  config: Config,
  req: Pick<TrainRequest, 'end' | 'today'>,
): Promise<string> {
  if (req.end) return req.end;
  const gameDays = await loadGameDays(store, config.models.training.seasonTypes);
  const end = lastGameDayBefore(gameDays, req.today);
  if (!end) throw new Error(`no game day before ${req.today} in the store (import data first)`);
  return end;
}
export async function runTraining(
  store: Store,
  config: Config,
  configHash: string,
  req: TrainRequest,
): Promise<TrainSummary> {
  const log = req.log ?? silentLogger;
  const now = req.now ?? (() => new Date());
  const tcfg = config.models.training;
  const W = req.windowGameDays ?? tcfg.windowGameDays;
  const all = resolveFamilies(config, req.families?.length ? req.families : undefined);
  const families = req.families?.length ? all : all.filter((f) => f.enabled);
  if (!families.length)
    throw new Error('no family to train (name one with --family or enable one in models.families)');

  const gameDays = await loadGameDays(store, tcfg.seasonTypes);
  const trainEnd = req.end ?? lastGameDayBefore(gameDays, req.today);
  if (!trainEnd) throw new Error(`no game day before ${req.today} in the store (import data first)`);

  // The `train` run row is the caller's (the use case opened it for trainingEnd's date).
  const run = req.run;
  return (async () => {
    const window = windowFor(gameDays, trainEnd, W, tcfg.validationShare);
    if (!window) throw new TrainError('NO_WINDOW', `no game day on or before ${trainEnd}`);
    const cov = await windowCoverage(store, window.start, window.end, tcfg.seasonTypes);
    if (cov.share < tcfg.minCoverage) {
      throw new TrainError(
        'DATA_INCOMPLETE',
        `box scores cover ${(cov.share * 100).toFixed(1)}% of the window's ${cov.finals} Final games (< ${tcfg.minCoverage * 100}%); dates: ${cov.gaps.map((g) => g.date).join(', ')}. Import or fetch those box scores (courtedge import … / courtedge fetch boxscores --date D), train on an earlier window (--end D), or lower models.training.minCoverage`,
      );
    }
    const gcfg = config.models.gates;
    // Self basis only when the 14 days after train_end are complete in the store (00-decisions).
    const lastDay = gameDays[gameDays.length - 1];
    const selfBasis = lastDay >= addDays(trainEnd, gcfg.evalDays);
    const twinEnd = addDays(trainEnd, -gcfg.evalDays);
    const twinWindow = selfBasis ? null : windowFor(gameDays, twinEnd, W, tcfg.validationShare);
    const evalDates = selfBasis
      ? gatePeriod(gameDays, trainEnd, gcfg.evalDays)
      : gatePeriod(gameDays, twinEnd, gcfg.evalDays);

    const sets = [...new Set(families.map((f) => f.featureSet))];
    const span = [...new Set([...(twinWindow?.dates ?? []), ...window.dates, ...evalDates])].sort();
    const built = await ensureFeatures(store, config, sets, span, req.buildFeatures);
    if (built) log.info({ dates: built }, 'train: built missing feature dates');

    const frames = new Map<FeatureSetName, FeatureFrame>();
    for (const s of sets)
      frames.set(
        s,
        await loadFeatureFrame(store, s, contractHash(s, config), span[0], span[span.length - 1]),
      );
    // Prices of the gate period: the log_loss gate weighs the model against the no-vig market.
    const gatePrices = evalDates.length
      ? await loadPrices(
          store,
          evalDates[0],
          evalDates[evalDates.length - 1],
          config.models.backtest.bookPriority,
        )
      : null;
    const existing = await store.query<ExistingModel>(
      'SELECT system_id, family, train_start, train_end FROM models',
    );
    const settings = fitSettings(config);

    // Fits of every family (and its twin) run in parallel on the fit pool (one worker per core);
    // duplicates are not fitted at all.
    const pool = new FitPool(Math.min(settings.threads, families.length * 2), settings);
    const fits = new Map<string, Promise<FitResult | Error>>();
    for (const fam of families) {
      const d = decideSystemId(fam.name, fam.idPrefix, window.start, window.end, existing, !!req.force);
      if (d.kind === 'duplicate') continue;
      const frame = frames.get(fam.featureSet)!;
      fits.set(`${fam.name}|main`, pool.fit(fam.featureSet, frame, fam, window));
      if (!selfBasis && twinWindow)
        fits.set(`${fam.name}|twin`, pool.fit(fam.featureSet, frame, fam, twinWindow));
    }
    const fitted = new Map<string, FitResult | Error>();
    try {
      for (const [k, p] of fits) fitted.set(k, await p);
    } finally {
      await pool.close();
    }

    const out: TrainEntry[] = [];
    for (const fam of families) {
      const frame = frames.get(fam.featureSet)!;
      const entry = await trainOne(store, config, configHash, run.runId, fam, frame, window, {
        existing,
        force: !!req.force,
        enable: !!req.enable,
        selfBasis,
        twinWindow,
        evalDates,
        gatePrices,
        settings,
        now,
        main: fitted.get(`${fam.name}|main`) ?? null,
        twin: fitted.get(`${fam.name}|twin`) ?? null,
      });
      if (entry.system_id)
        existing.push({
          system_id: entry.system_id,
          family: fam.name,
          train_start: window.start,
          train_end: window.end,
        });
      log.info(
        {
          family: fam.name,
          system_id: entry.system_id ?? entry.existing,
          rows: entry.rows,
          best_iteration: entry.best_iteration,
          val_mae: (entry.metrics as any)?.mae,
          gates: entry.gates
            ? Object.fromEntries(Object.entries(entry.gates).map(([k, v]) => [k, v.outcome]))
            : undefined,
          status: entry.status ?? entry.skipped ?? 'error',
          error: entry.error,
        },
        'train: family done',
      );
      out.push(entry);
    }
    run.counts = {
      train_end: trainEnd,
      families: families.length,
      trained: out.filter((e) => e.system_id).length,
      skipped: out.filter((e) => e.skipped).length,
      failed: out.filter((e) => e.error).length,
      built_feature_dates: built,
    };
    return {
      run_id: run.runId,
      train_end: trainEnd,
      window: {
        start: window.start,
        end: window.end,
        game_days: window.dates.length,
      },
      models: out,
    };
  })();
}

interface OneOptions {
  existing: ExistingModel[];
  force: boolean;
  enable: boolean;
  selfBasis: boolean;
  twinWindow: TrainingWindow | null;
  evalDates: string[];
  gatePrices: GateEvalInput['prices'];
  settings: ReturnType<typeof fitSettings>;
  now: () => Date;
  /** Pre-computed fits (the fit pool); null = fit here. */
  main: FitResult | Error | null;
  twin: FitResult | Error | null;
}

async function trainOne(
  store: Store,
  config: Config,
  configHash: string,
  runId: string,
  fam: Family,
  frame: FeatureFrame,
  window: TrainingWindow,
  o: OneOptions,
): Promise<TrainEntry> {
  const name = decideSystemId(fam.name, fam.idPrefix, window.start, window.end, o.existing, o.force);
  if (name.kind === 'duplicate')
    return { family: fam.name, skipped: 'DUPLICATE_WINDOW', existing: name.duplicateOf };
  const t0 = Date.now();
  let fit: FitResult;
  try {
    const pre = o.main ?? fitFamily(frame, fam, window, o.settings);
    if (pre instanceof Error) throw pre;
    fit = pre;
  } catch (e) {
    return { family: fam.name, error: (e as Error).message };
  }
  // Gates: the model itself on (T, T+14] (self) or a twin trained 14 days earlier on (T−14, T].
  let gateModel: FitResult | null = fit;
  let twinNote: string | null = null;
  if (!o.selfBasis) {
    gateModel = null;
    if (o.twinWindow) {
      try {
        const pre = o.twin ?? fitFamily(frame, fam, o.twinWindow, o.settings);
        if (pre instanceof Error) throw pre;
        gateModel = pre;
      } catch (e) {
        twinNote = `twin: ${(e as Error).message}`;
      }
    } else twinNote = 'twin: no window 14 days earlier';
  }
  const rows = gateModel
    ? gateRowsFor({ frame, family: fam, model: gateModel, dates: o.evalDates, prices: o.gatePrices }, config)
    : [];
  const gates = evaluateGates(rows, config.models.gates, {
    duplicateOf: name.kind === 'forced' ? name.duplicateOf : null,
    force: o.force,
  });
  if (twinNote)
    for (const g of Object.values(gates))
      if (g.outcome === 'insufficient') g.note = g.note ? `${g.note}; ${twinNote}` : twinNote;
  // gates_passed = promotable: no fail and a pass on hr3 or log_loss (models.registry.promoteOn).
  const passed = promotable(gates, config.models.registry.promoteOn);
  const enable = o.enable && gatesNoFail(gates, config.models.registry.advisoryGates);
  const hash = contractHash(fam.featureSet, config);
  // p_final's combination (probabilities issue): fitted on the twin's rows up to train_end, never
  // later; on the self basis (no twin fitted) the identity, p_final = the market's probability.
  const pcfg = config.models.probability;
  const calibration = !pcfg.enabled
    ? null
    : !o.selfBasis && gateModel
      ? blockCalibration({
          frame,
          family: fam,
          twin: gateModel,
          dates: o.evalDates,
          trainEnd: window.end,
          minQuality: config.predict.minQuality.FIRST,
          clampMax: o.settings.clampMax,
          prices: o.gatePrices ?? null,
          prior: pcfg.prior,
        })
      : IDENTITY_CALIBRATION;
  const art = makeBundle(name.systemId, fam, hash, fit, o.settings.clampMax, calibration);
  const created = o.now().toISOString();
  // The coefficients and their N ride in the registry row's metrics (`models show`).
  const metrics = { ...metricsJson(fit.validation), ...(calibration ? { calibration } : {}) };
  const row: ModelRow = {
    system_id: name.systemId,
    family: fam.name,
    feature_set: fam.featureSet,
    contract_hash: hash,
    loss: fam.loss,
    quantile_alpha: fam.alpha,
    feature_weights: fam.weightsByName,
    min_edge: fam.minEdge,
    train_start: window.start,
    train_end: window.end,
    window_game_days: window.dates.length,
    val_start: fit.valStart,
    val_end: fit.valEnd,
    params: fit.model.params,
    best_iteration: fit.bestIteration,
    counts: { ...fit.counts, gate_rows: rows.length, gate_days: o.evalDates.length },
    metrics,
    gates,
    gates_passed: passed,
    gate_basis: o.selfBasis ? 'self' : 'twin',
    importance: [...fit.importance].sort((a, b) => b.gain - a.gain),
    vegas_gain_share: round(fit.vegasGainShare, 6),
    residual_quantiles: fit.residualQuantiles,
    status: enable ? 'shadow' : 'candidate',
    enabled: enable,
    is_champion: false,
    shadow_since: enable ? created : null,
    status_changed_at: created,
    status_reason: enable ? 'train --enable: no gate failed' : 'trained',
    artifact_hash: art.hash,
    config_hash: configHash,
    seed: Number(fit.model.params.seed ?? 0),
    duration_ms: (o.main ? fit.durationMs : 0) + Date.now() - t0,
    run_id: runId,
    created_at: created,
  };
  await registerModel(store, row, art);
  return {
    family: fam.name,
    system_id: name.systemId,
    rows: fit.counts.train_rows + fit.counts.val_rows,
    train_start: window.start,
    train_end: window.end,
    seconds: round(((o.main ? fit.durationMs : 0) + Date.now() - t0) / 1000, 2) ?? 0,
    best_iteration: fit.bestIteration,
    metrics,
    gates: gatesJson(gates),
    gate_basis: row.gate_basis ?? undefined,
    passed,
    status: row.status,
  };
}
