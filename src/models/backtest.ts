import { availableParallelism } from 'node:os';
import type { Logger } from '../config/log.ts';
import { silentLogger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { addDays } from '../domain/dates.ts';
import { IDENTITY_CALIBRATION, type ProbabilityCalibration } from '../domain/model-bundle.ts';
import { americanToDecimal, BREAK_EVEN_110, isValidAmerican } from '../domain/odds.ts';
import type { BacktestPick } from '../domain/types.ts';
import { contractHash, type FeatureSetName, featureSetVersion } from '../features/index.ts';
import { blockCalibration } from './calibration/block.ts';
import { type ProbabilityReport, probabilityReport } from './calibration/measure.ts';
import { type FeatureFrame, loadFeatureFrame, loadPrices } from './data.ts';
import {
  coreFigures,
  evaluate,
  type HrJson,
  hitRate,
  hrJson,
  isoWeekOf,
  round,
  wilson,
} from './evaluation.ts';
import { type Family, resolveFamilies } from './families.ts';
import { type Dist, distOfFit, type FitResult, predictDates, type ScoredRow } from './fit.ts';
import { FitPool } from './fit-pool.ts';
import { evaluateGates, failedGates, type GateResults, gateReason, gatesNoFail } from './gates.ts';
import { baseSystemId } from './naming.ts';
import { ensureFeatures, fitSettings, gateRowsFor, gatesJson, type TrainRequest } from './train.ts';
import { gatePeriod, lastGameDayBefore, loadGameDays, type TrainingWindow, windowFor } from './windows.ts';

/**
 * The walk-forward backtest (spec 03 §9). Blocks of `cadenceDays` from D1; each block retrains
 * every family on the window ending the last game day before it, gates it on the twin basis
 * (never past train_end), and scores the block's game days from tip-off features and lines
 * through the one scoring path. Nothing is written to the live models/predictions tables: the
 * models live in memory and the report is a file. Deterministic: no wall-clock values in the
 * result (timings go to pipeline_runs via the caller).
 */

export interface BacktestPrediction {
  game_date: string;
  game_id: string;
  player_id: number;
  family: string;
  system_id: string;
  feature_set_version: string;
  feature_quality: number;
  min_edge: number;
  predicted: number;
  line: number | null;
  edge: number | null;
  /** The published probability (p_final when models.probability.enabled). */
  p_over: number | null;
  confidence: number | null;
  recommendation: string;
  /** The model's own probability and the market-aware one (probabilities issue). */
  p_model: number | null;
  p_final: number | null;
  actual: number | null;
  over_price: number | null;
  under_price: number | null;
}

export type { BacktestPick };

/** Best bets over one day's predictions of every family (the CLI passes the bestbets module in). */
export type BestBetsHook = (
  date: string,
  predictions: BacktestPrediction[],
) => Promise<BacktestPick[]> | BacktestPick[];

export interface BacktestRequest {
  from: string;
  to: string;
  families?: string[];
  windowGameDays?: number;
  cadenceDays?: number;
  /**
   * The research view: every trained model feeds best bets. Default (false) is the as-live view:
   * only models with no failed gate at their retrain feed best bets, and a family whose new model
   * failed keeps its previously enabled model (as the live registry's auto-enable does).
   */
  allModels?: boolean;
  bestBets?: BestBetsHook | null;
  buildFeatures?: TrainRequest['buildFeatures'];
  /** Keep every scored prediction in the result (--dump-predictions). */
  keepPredictions?: boolean;
  /** Fit workers (default: config.threads, else one per core); 1 = inline. */
  workers?: number;
  bookPriority?: readonly string[];
  log?: Logger;
}

export interface FamilyReport {
  n: number;
  n_lined: number;
  mae: number | null;
  mae_lined: number | null;
  line_mae: number | null;
  bias_vs_line: number | null;
  hr1: HrJson;
  hr3: HrJson;
  hr5: HrJson;
  by_side: { over: HrJson; under: HrJson };
  /** Over the HR@3 population (00-decisions). */
  roi_actual: number | null;
  roi_110: number | null;
  brier: number | null;
  log_loss: number | null;
  ece: number | null;
  market_log_loss: number | null;
  reliability: { bin: number; n: number; mean_p: number | null; observed: number | null }[];
  by_week: Record<string, { n: number; mae: number | null; line_mae: number | null; hr3: HrJson }>;
  blocks_sat_out: number;
  /** p_model, p_final and the market on the same rows (models.probability.enabled). */
  probability?: ProbabilityReport;
}

export interface BestBetsReport {
  n: number;
  wins: number;
  losses: number;
  pushes: number;
  voids: number;
  hr: number | null;
  ci_low: number | null;
  ci_high: number | null;
  roi_actual: number | null;
  roi_110: number | null;
  by_real_signal_count: Record<
    string,
    { n: number; hr: number | null; ci_low: number | null; ci_high: number | null }
  >;
}

export interface BlockReport {
  start: string;
  end: string;
  train_end: string | null;
  game_days: number;
  /** The system ids whose predictions fed the block's best bets. */
  fed: string[];
  models: Record<
    string,
    {
      system_id: string | null;
      train_start?: string;
      rows?: number;
      best_iteration?: number;
      gates?: ReturnType<typeof gatesJson>;
      /** The block's own model did not feed best bets (as-live view). */
      sat_out?: boolean;
      predictions: number;
      /** The model whose predictions fed best bets for the family in this block, if any. */
      fed_by: string | null;
      /** Why: enabled, carried over (and why the new model sat out), sat out, research view. */
      why: string;
      error?: string;
      /** The block's fitted combination (models.probability.enabled). */
      calibration?: ProbabilityCalibration;
    }
  >;
}

export interface BacktestResult {
  from: string;
  to: string;
  /** as_live: best bets from the models live operation would have enabled; all_models: research. */
  view: 'as_live' | 'all_models';
  break_even_110: number;
  families: Record<string, FamilyReport>;
  best_bets: BestBetsReport | null;
  clv: { available: false; reason: string };
  blocks: BlockReport[];
  data: {
    game_days: number;
    feature_rows: Record<string, number>;
    other_contract_rows: Record<string, number>;
    models_trained: number;
    predictions: number;
    lined_predictions: number;
    /** Predictions best bets saw (the fed models'). */
    fed_predictions: number;
    /** HR@3 and HR@5 of those predictions: the model record live operation would have shown. */
    fed_hr3: HrJson;
    fed_hr5: HrJson;
  };
  settings: {
    window_game_days: number;
    cadence_days: number;
    respect_gates: boolean;
    season_types: string[];
  };
  predictions?: BacktestPrediction[];
}

/** A scored row as the prediction best bets and the dump see. */
function backtestPrediction(r: ScoredRow, fam: Family, systemId: string): BacktestPrediction {
  return {
    game_date: r.game_date,
    game_id: r.game_id,
    player_id: r.player_id,
    family: fam.name,
    system_id: systemId,
    feature_set_version: featureSetVersion(fam.featureSet),
    feature_quality: r.quality,
    min_edge: fam.minEdge,
    predicted: r.score.predicted,
    line: r.score.line,
    edge: r.score.edge,
    p_over: r.score.p_over,
    confidence: r.score.confidence,
    recommendation: r.score.recommendation,
    p_model: r.score.p_model,
    p_final: r.score.p_final,
    actual: r.actual ?? null,
    over_price: r.over_price ?? null,
    under_price: r.under_price ?? null,
  };
}

export function familyReport(rows: ScoredRow[], satOut: number, probability = false): FamilyReport {
  const ev = evaluate(rows);
  const weeks = new Map<string, ScoredRow[]>();
  for (const r of rows) {
    const w = isoWeekOf(r.game_date);
    const l = weeks.get(w);
    if (l) l.push(r);
    else weeks.set(w, [r]);
  }
  const byWeek: FamilyReport['by_week'] = {};
  for (const w of [...weeks.keys()].sort()) {
    const e = evaluate(weeks.get(w)!);
    byWeek[w] = { n: e.n, mae: round(e.mae_lined), line_mae: round(e.line_mae), hr3: hrJson(e.hr3) };
  }
  return {
    ...coreFigures(ev),
    bias_vs_line: round(ev.bias_vs_line),
    hr1: hrJson(ev.hr1),
    hr3: hrJson(ev.hr3),
    hr5: hrJson(ev.hr5),
    by_side: { over: hrJson(ev.by_side.over), under: hrJson(ev.by_side.under) },
    roi_actual: round(ev.hr3.roi_actual),
    roi_110: round(ev.hr3.roi_110),
    brier: round(ev.calibration.brier),
    log_loss: round(ev.calibration.log_loss),
    ece: round(ev.calibration.ece),
    market_log_loss: round(ev.calibration.market.log_loss),
    reliability: ev.calibration.bins.map((b) => ({
      bin: b.bin,
      n: b.n,
      mean_p: round(b.mean_p),
      observed: round(b.observed),
    })),
    by_week: byWeek,
    blocks_sat_out: satOut,
    ...(probability ? { probability: probabilityReport(rows) } : {}),
  };
}

/** Grades picks: WIN/LOSS/PUSH against the actual, void without one; HR, Wilson, ROI. */
export function bestBetsReport(
  picks: BacktestPick[],
  actual: (p: BacktestPick) => number | null,
): BestBetsReport {
  let wins = 0;
  let losses = 0;
  let pushes = 0;
  let voids = 0;
  let priced = 0;
  let profit = 0;
  const bySig = new Map<string, { w: number; l: number }>();
  for (const p of picks) {
    const a = actual(p);
    if (a === null) {
      voids++;
      continue;
    }
    if (a === p.line) {
      pushes++;
      continue;
    }
    const win = p.direction === 'OVER' ? a > p.line : a < p.line;
    if (win) wins++;
    else losses++;
    if (isValidAmerican(p.price)) {
      priced++;
      profit += win ? americanToDecimal(p.price) - 1 : -1;
    }
    const k = String(p.real_signal_count ?? 'unknown');
    const s = bySig.get(k) ?? { w: 0, l: 0 };
    if (win) s.w++;
    else s.l++;
    bySig.set(k, s);
  }
  const n = wins + losses;
  const ci = wilson(wins, n);
  const by: BestBetsReport['by_real_signal_count'] = {};
  for (const k of [...bySig.keys()].sort()) {
    const s = bySig.get(k)!;
    const c = wilson(s.w, s.w + s.l);
    by[k] = {
      n: s.w + s.l,
      hr: round(s.w + s.l ? s.w / (s.w + s.l) : null),
      ci_low: round(c.low),
      ci_high: round(c.high),
    };
  }
  return {
    n,
    wins,
    losses,
    pushes,
    voids,
    hr: round(n ? wins / n : null),
    ci_low: round(ci.low),
    ci_high: round(ci.high),
    roi_actual: round(priced ? profit / priced : null),
    roi_110: round(n ? (wins * (100 / 110) - losses) / n : null),
    by_real_signal_count: by,
  };
}

interface Block {
  start: string;
  end: string;
  days: string[];
  trainEnd: string | null;
  window: TrainingWindow | null;
  twinWindow: TrainingWindow | null;
  twinEval: string[];
}

export async function runBacktest(
  store: Parameters<typeof loadGameDays>[0] & Parameters<typeof ensureFeatures>[0],
  config: Config,
  req: BacktestRequest,
): Promise<BacktestResult> {
  const log = req.log ?? silentLogger;
  const tcfg = config.models.training;
  const gcfg = config.models.gates;
  const W = req.windowGameDays ?? tcfg.windowGameDays;
  const cadence = req.cadenceDays ?? config.models.backtest.cadenceDays;
  const fams = resolveFamilies(config, req.families?.length ? req.families : undefined).filter(
    (f) => req.families?.length || f.enabled,
  );
  if (!fams.length) throw new Error('backtest: no family selected');
  if (req.from > req.to) throw new Error(`backtest: --from ${req.from} is after --to ${req.to}`);
  const gameDays = await loadGameDays(store, tcfg.seasonTypes);

  const blocks: Block[] = [];
  for (let s = req.from; s <= req.to; s = addDays(s, cadence)) {
    const e = [addDays(s, cadence - 1), req.to].sort()[0];
    const trainEnd = lastGameDayBefore(gameDays, s);
    const twinEnd = trainEnd ? addDays(trainEnd, -gcfg.evalDays) : null;
    blocks.push({
      start: s,
      end: e,
      days: gameDays.filter((d) => d >= s && d <= e),
      trainEnd,
      window: trainEnd ? windowFor(gameDays, trainEnd, W, tcfg.validationShare) : null,
      twinWindow: twinEnd ? windowFor(gameDays, twinEnd, W, tcfg.validationShare) : null,
      twinEval: twinEnd ? gatePeriod(gameDays, twinEnd, gcfg.evalDays) : [],
    });
  }
  const need = new Set<string>();
  for (const b of blocks) {
    for (const d of [...(b.window?.dates ?? []), ...(b.twinWindow?.dates ?? []), ...b.twinEval, ...b.days])
      need.add(d);
  }
  const span = [...need].sort();
  if (!span.length) throw new Error(`backtest: no game days in or before ${req.from} … ${req.to}`);
  const sets = [...new Set(fams.map((f) => f.featureSet))];
  const built = await ensureFeatures(store, config, sets, span, req.buildFeatures);
  if (built) log.info({ dates: built }, 'backtest: built missing feature dates');

  // One read per feature set for the whole span, shared by every family and block.
  const frames = new Map<FeatureSetName, FeatureFrame>();
  for (const s of sets)
    frames.set(s, await loadFeatureFrame(store, s, contractHash(s, config), span[0], span[span.length - 1]));
  const pcfg = config.models.probability;
  // The gates' log_loss and the calibration score the twin's evaluation days, before D1: prices
  // from the span's start.
  const prices = await loadPrices(
    store,
    [span[0], req.from].sort()[0],
    req.to,
    req.bookPriority ?? config.models.backtest.bookPriority,
  );
  const settings = fitSettings(config);
  const clampMax = config.models.scoring.clampMax;
  const minQuality = config.predict.minQuality.FIRST;

  // Models are cached by family + window: a block's twin is usually an earlier block's model.
  // Each block's missing fits run in parallel on the fit pool (one worker per core).
  const cache = new Map<string, FitResult | Error>();
  const keyOf = (fam: Family, w: TrainingWindow) => `${fam.name}|${w.start}|${w.end}`;
  const workers = req.workers ?? (config.threads > 0 ? config.threads : availableParallelism());
  const pool = new FitPool(Math.min(workers, fams.length * 2), settings);
  const prefetch = async (b: Block) => {
    const jobs: Promise<void>[] = [];
    for (const fam of fams) {
      for (const w of [b.window, b.twinWindow]) {
        if (!w || cache.has(keyOf(fam, w))) continue;
        const k = keyOf(fam, w);
        cache.set(k, new Error('pending'));
        jobs.push(
          pool.fit(fam.featureSet, frames.get(fam.featureSet)!, fam, w).then((r) => void cache.set(k, r)),
        );
      }
    }
    await Promise.all(jobs);
  };
  const fitCached = (fam: Family, w: TrainingWindow): FitResult | Error =>
    cache.get(keyOf(fam, w)) ?? new Error('not fitted');

  const rowsByFamily = new Map<string, ScoredRow[]>(fams.map((f) => [f.name, []]));
  const satOut = new Map<string, number>(fams.map((f) => [f.name, 0]));
  const predictions: BacktestPrediction[] = [];
  // What best bets see: as live, the family's enabled model (its own block's when no gate
  // failed, else the one enabled before, which live operation keeps); all models otherwise.
  const fed: BacktestPrediction[] = [];
  const enabledModel = new Map<string, { systemId: string; fit: FitResult; dist: Dist; since: string }>();
  const carry = (fam: Family, frame: FeatureFrame, b: Block, reason: string) => {
    if (req.allModels) return { fed_by: null, why: `no model: ${reason}` };
    const prev = enabledModel.get(fam.name);
    if (!prev) return { fed_by: null, why: `sat out: ${reason}; no earlier model enabled` };
    const rows = predictDates(
      frame,
      prev.fit.model,
      prev.dist,
      b.days,
      minQuality,
      fam.minEdge,
      clampMax,
      prices,
      prev.systemId,
    );
    for (const r of rows) fed.push(backtestPrediction(r, fam, prev.systemId));
    return {
      fed_by: prev.systemId,
      why: `carried over: ${reason}; ${prev.systemId} (enabled ${prev.since}) keeps predicting`,
    };
  };
  const blockReports: BlockReport[] = [];
  try {
    for (const b of blocks) {
      await prefetch(b);
      const br: BlockReport = {
        start: b.start,
        end: b.end,
        train_end: b.trainEnd,
        game_days: b.days.length,
        fed: [],
        models: {},
      };
      for (const fam of fams) {
        const frame = frames.get(fam.featureSet)!;
        if (!b.window) {
          const error = 'NO_WINDOW: no game day before the block';
          br.models[fam.name] = { system_id: null, predictions: 0, error, ...carry(fam, frame, b, error) };
          continue;
        }
        const fit = fitCached(fam, b.window);
        if (fit instanceof Error) {
          const error = `not trained: ${fit.message}`;
          br.models[fam.name] = { system_id: null, predictions: 0, error, ...carry(fam, frame, b, error) };
          continue;
        }
        const systemId = baseSystemId(fam.idPrefix, b.window.start, b.window.end);
        const twin = b.twinWindow
          ? fitCached(fam, b.twinWindow)
          : new Error('twin: no window 14 days earlier');
        const gateRows =
          twin instanceof Error
            ? []
            : gateRowsFor({ frame, family: fam, model: twin, dates: b.twinEval, prices }, config);
        const gates: GateResults = evaluateGates(gateRows, gcfg, {});
        if (twin instanceof Error) {
          for (const g of Object.values(gates))
            if (g.outcome === 'insufficient') g.note = `${g.note ? `${g.note}; ` : ''}twin: ${twin.message}`;
        }
        // As live: no failed gate ⇒ enabled at this retrain. Every model is scored either way
        // (the family figures are the research view's); only feeding best bets differs.
        const enabled = gatesNoFail(gates, config.models.registry.advisoryGates);
        const sit = !req.allModels && !enabled;
        // p_final's combination comes from the twin's rows up to train_end (never later);
        // without a twin it is the identity (the market's probability where there are prices).
        const calibration: ProbabilityCalibration | null = !pcfg.enabled
          ? null
          : twin instanceof Error || !b.trainEnd
            ? IDENTITY_CALIBRATION
            : blockCalibration({
                frame,
                family: fam,
                twin,
                dates: b.twinEval,
                trainEnd: b.trainEnd,
                minQuality,
                clampMax,
                prices,
                prior: pcfg.prior,
              });
        const dist: Dist = distOfFit(fit, calibration);
        const scored = predictDates(
          frame,
          fit.model,
          dist,
          b.days,
          minQuality,
          fam.minEdge,
          clampMax,
          prices,
          systemId,
        );
        if (sit) satOut.set(fam.name, (satOut.get(fam.name) ?? 0) + 1);
        rowsByFamily.get(fam.name)!.push(...scored);
        let feeding: { fed_by: string | null; why: string };
        if (sit) {
          const why = failedGates(gates, config.models.registry.advisoryGates)
            .map((g) => gateReason(gates[g]))
            .join('; ');
          feeding = carry(fam, frame, b, `${systemId} failed ${why}`);
        } else {
          if (enabled) enabledModel.set(fam.name, { systemId, fit, dist, since: b.start });
          for (const r of scored) fed.push(backtestPrediction(r, fam, systemId));
          const advisory = failedGates(gates).filter((g) =>
            config.models.registry.advisoryGates.includes(g as never),
          );
          feeding = {
            fed_by: systemId,
            why: req.allModels
              ? 'all-models view: every trained model feeds'
              : `enabled: no gate failed${advisory.length ? ` (advisory, not blocking: ${advisory.map((g) => gateReason(gates[g])).join('; ')})` : ''}`,
          };
        }
        for (const r of scored) predictions.push(backtestPrediction(r, fam, systemId));
        br.models[fam.name] = {
          system_id: systemId,
          train_start: b.window.start,
          rows: fit.counts.train_rows + fit.counts.val_rows,
          best_iteration: fit.bestIteration,
          gates: gatesJson(gates),
          ...(sit ? { sat_out: true } : {}),
          predictions: scored.length,
          ...feeding,
          ...(calibration ? { calibration } : {}),
        };
      }
      br.fed = [...new Set(Object.values(br.models).flatMap((m) => (m.fed_by ? [m.fed_by] : [])))].sort();
      blockReports.push(br);
      log.info({ block: b.start, train_end: b.trainEnd, fed: br.fed.length }, 'backtest: block done');
    }
  } finally {
    await pool.close();
  }

  // Best bets per day over the fed models' predictions (when the bestbets module is passed in).
  let bestBets: BestBetsReport | null = null;
  if (req.bestBets) {
    const byDay = new Map<string, BacktestPrediction[]>();
    for (const p of fed) {
      const l = byDay.get(p.game_date);
      if (l) l.push(p);
      else byDay.set(p.game_date, [p]);
    }
    const picks: BacktestPick[] = [];
    for (const d of [...byDay.keys()].sort()) picks.push(...(await req.bestBets(d, byDay.get(d)!)));
    const actualOf = new Map(fed.map((p) => [`${p.game_id}|${p.player_id}`, p.actual]));
    bestBets = bestBetsReport(picks, (p) => actualOf.get(`${p.game_id}|${p.player_id}`) ?? null);
  }

  const families: Record<string, FamilyReport> = {};
  for (const f of fams)
    families[f.name] = familyReport(rowsByFamily.get(f.name)!, satOut.get(f.name) ?? 0, pcfg.enabled);
  const models = [...cache.values()].filter((x) => !(x instanceof Error)).length;
  return {
    from: req.from,
    to: req.to,
    view: req.allModels ? 'all_models' : 'as_live',
    break_even_110: round(BREAK_EVEN_110) as number,
    families,
    best_bets: bestBets,
    clv: {
      available: false,
      reason: 'no closing-line snapshot in the store (CLV needs a close); shown as unavailable, not zero',
    },
    blocks: blockReports,
    data: {
      game_days: blocks.reduce((a, b) => a + b.days.length, 0),
      feature_rows: Object.fromEntries([...frames].map(([s, f]) => [s, f.n])),
      other_contract_rows: Object.fromEntries([...frames].map(([s, f]) => [s, f.otherHashRows])),
      models_trained: models,
      predictions: predictions.length,
      lined_predictions: predictions.filter((p) => p.line !== null).length,
      fed_predictions: fed.length,
      fed_hr3: hrJson(hitRate(fed, 3)),
      fed_hr5: hrJson(hitRate(fed, 5)),
    },
    settings: {
      window_game_days: W,
      cadence_days: cadence,
      respect_gates: !req.allModels,
      season_types: [...tcfg.seasonTypes],
    },
    ...(req.keepPredictions ? { predictions } : {}),
  };
}

/** The `--json` line of the issue's output contract. */
export function backtestJson(r: BacktestResult) {
  const hr = (h: HrJson) => ({ hr: h.hr, n: h.n, ci_low: h.ci_low, ci_high: h.ci_high });
  return {
    from: r.from,
    to: r.to,
    view: r.view,
    families: Object.fromEntries(
      Object.entries(r.families).map(([k, f]) => [
        k,
        {
          n: f.n,
          // Over lined rows: the same rows as line_mae (like with like); mae_all over every row.
          mae: f.mae_lined,
          line_mae: f.line_mae,
          hr3: hr(f.hr3),
          hr5: hr(f.hr5),
          roi_actual: f.roi_actual,
          roi_110: f.roi_110,
          brier: f.brier,
          n_lined: f.n_lined,
          mae_all: f.mae,
          ...(f.probability ? { probability: probabilityJson(f.probability) } : {}),
        },
      ]),
    ),
    best_bets: r.best_bets
      ? {
          n: r.best_bets.n,
          hr: r.best_bets.hr,
          ci_low: r.best_bets.ci_low,
          ci_high: r.best_bets.ci_high,
          roi_actual: r.best_bets.roi_actual,
          roi_110: r.best_bets.roi_110,
        }
      : null,
    // Per block: the models that fed best bets, and why each other family's model sat out.
    blocks: r.blocks.map((b) => ({
      start: b.start,
      end: b.end,
      train_end: b.train_end,
      fed: b.fed,
      sat_out: Object.fromEntries(
        Object.entries(b.models)
          .filter(([, m]) => m.sat_out || m.error)
          .map(([name, m]) => [name, { system_id: m.system_id, fed_by: m.fed_by, why: m.why }]),
      ),
    })),
  };
}

/** Per family, for p_model and p_final: ece, log_loss, brier, market_log_loss on the same rows, N, reliability. */
function probabilityJson(p: ProbabilityReport) {
  const one = (x: ProbabilityReport['p_model']) => ({
    n: x.n,
    ece: x.ece,
    log_loss: x.log_loss,
    brier: x.brier,
    market_log_loss: p.market_log_loss,
    reliability: x.reliability,
  });
  return {
    n: p.n,
    n_unpriced: p.n_unpriced,
    p_model: one(p.p_model),
    p_final: one(p.p_final),
    market: one(p.market),
  };
}
