import type { Config } from '../config/schema.ts';
import { isValidAmerican, noVigProbabilities } from '../domain/odds.ts';
import {
  type EvalRow,
  type Evaluation,
  evaluate,
  isLined,
  isPlayed,
  logLossOf,
  TIERS,
  type Tier,
  tierOf,
} from './evaluation.ts';
import {
  betsToDetectEdge,
  bootstrapMeanEstimate,
  type Estimate,
  judgeAtLeast,
  judgeAtMost,
  judgeWithin,
  logLossGainOfEdge,
  meanEstimate,
  nToDetect,
  proportionEstimate,
  seedFor,
} from './evidence.ts';

/**
 * Model gates (spec 03 §8 as superseded by 00-decisions "Gates weigh evidence"). Pure: the gate
 * period's evaluation rows in, one result per gate out. Each result carries the figure, its 95%
 * interval, the bar (`threshold`), N and `n_needed`. Outcomes:
 *   - `fail` only when the interval lies wholly on the wrong side of the bar;
 *   - `pass` when it lies wholly on the right side;
 *   - `insufficient` when it straddles the bar, or N / eval days are below the minimum.
 * No `fail` ⇒ the model may be enabled as shadow (`gatesNoFail`; the fails of
 * `models.registry.advisoryGates`, default log_loss, do not count there); promotion to champion
 * needs no fail at all and a `pass` on one of `models.registry.promoteOn` (hr3 or log_loss:
 * `promotable`).
 *
 * `n_needed`: for hr3/directional the bets a true hit rate 3 points above the bar needs to pass
 * in 80% of samples; for log_loss the rows the log-loss gain of a 3-point edge (0.0018 nats) needs
 * at the observed per-row spread; for the error and bias gates the rows needed to resolve the
 * observed gap to the bar at the observed spread. It shows why `insufficient` is common on a
 * 14-day window (≈2,150 bets at a 52% bar).
 */

export type GatesConfig = Config['models']['gates'];
export type GateOutcome = 'pass' | 'fail' | 'insufficient';
export type GateName =
  | 'duplicate_window'
  | 'line_bias'
  | 'tier_bias'
  | 'hr3'
  | 'directional'
  | 'mae_vs_line'
  | 'log_loss';
export const GATE_NAMES: GateName[] = [
  'duplicate_window',
  'line_bias',
  'tier_bias',
  'hr3',
  'directional',
  'mae_vs_line',
  'log_loss',
];

export interface GateInterval {
  low: number | null;
  high: number | null;
}

export interface GateResult {
  gate: GateName;
  pass: boolean;
  outcome: GateOutcome;
  figure: number | string | null;
  /** 95% interval of the figure; null when there is none (duplicate_window, too few rows). */
  interval: GateInterval | null;
  /** The bar the interval is judged against. */
  threshold: number | string | null;
  n: number;
  /** N the gate would need (see the module comment); null when it cannot be said. */
  n_needed: number | null;
  note?: string;
  /** directional: per side; tier_bias: per tier; duplicate_window: duplicate_of; … */
  detail?: Record<string, unknown>;
}

export type GateResults = Record<GateName, GateResult>;

export interface GateContext {
  /** Another model of the family with this window, if any. */
  duplicateOf?: string | null;
  /** --force: a duplicate window passes, recording duplicate_of. */
  force?: boolean;
  /**
   * The probability the log-loss gate scores against the no-vig market. Default `p_over`
   * (p_model); the probabilities issue passes its calibrated p_final here.
   */
  probability?: (r: EvalRow) => number | null | undefined;
  /** A precomputed `evaluate(rows)` of the same rows (saves a pass). */
  evaluation?: Evaluation;
}

const r4 = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10000) / 10000;
const interval = (e: Estimate): GateInterval | null =>
  e.low === null || e.high === null ? null : { low: r4(e.low), high: r4(e.high) };

function result(
  gate: GateName,
  outcome: GateOutcome,
  figure: number | string | null,
  iv: GateInterval | null,
  threshold: number | string | null,
  n: number,
  nNeeded: number | null,
  extra: Partial<GateResult> = {},
): GateResult {
  return {
    gate,
    pass: outcome === 'pass',
    outcome,
    figure,
    interval: iv,
    threshold,
    n,
    n_needed: nNeeded,
    ...extra,
  };
}

/** A gate result from an estimate and its verdict (insufficient with a note below minN). */
function judged(
  gate: GateName,
  e: Estimate,
  verdict: GateResult['outcome'],
  bar: number,
  nNeeded: number | null,
  extra: Partial<GateResult> = {},
): GateResult {
  return result(gate, verdict, r4(e.figure), interval(e), bar, e.n, nNeeded, extra);
}

const withNote = (r: GateResult, note: string): GateResult => ({
  ...r,
  outcome: 'insufficient',
  pass: false,
  note: r.note ? `${r.note}; ${note}` : note,
});

const fmtPct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);

/** Every gate on the gate period's evaluation rows. */
export function evaluateGates(
  rows: readonly EvalRow[],
  cfg: GatesConfig,
  ctx: GateContext = {},
): GateResults {
  const ev = ctx.evaluation ?? evaluate(rows);
  const enoughDays = ev.lined_days >= cfg.minEvalGameDays;
  const daysNote = `${ev.lined_days} eval game days < ${cfg.minEvalGameDays}`;
  const seed = (gate: string) => seedFor(cfg.bootstrapSeed, gate);

  const dup: GateResult = ctx.duplicateOf
    ? result('duplicate_window', ctx.force ? 'pass' : 'fail', ctx.duplicateOf, null, null, 0, null, {
        detail: { duplicate_of: ctx.duplicateOf, forced: !!ctx.force },
      })
    : result('duplicate_window', 'pass', null, null, null, 0, null);

  // Per-row series, one pass over the rows.
  const lineDiff: number[] = []; // predicted − line (line_bias)
  const absDiff: number[] = []; // |pred − actual| − |line − actual| (mae_vs_line)
  const tierErr = Object.fromEntries(TIERS.map((t) => [t, [] as number[]])) as Record<Tier, number[]>;
  const llDiff: number[] = []; // log loss(p) − log loss(no-vig market) (log_loss)
  const prob = ctx.probability ?? ((r: EvalRow) => r.p_over);
  for (const r of rows) {
    if (!isPlayed(r)) continue;
    const actual = r.actual as number;
    if (r.season_avg_pre !== null && r.season_avg_pre !== undefined && Number.isFinite(r.season_avg_pre))
      tierErr[tierOf(r.season_avg_pre)].push(r.predicted - actual);
    if (!isLined(r)) continue;
    const line = r.line as number;
    lineDiff.push(r.predicted - line);
    absDiff.push(Math.abs(r.predicted - actual) - Math.abs(line - actual));
    const p = prob(r);
    if (
      actual !== line &&
      p !== null &&
      p !== undefined &&
      Number.isFinite(p) &&
      isValidAmerican(r.over_price) &&
      isValidAmerican(r.under_price)
    ) {
      const o = actual > line ? 1 : 0;
      const pm = noVigProbabilities(r.over_price, r.under_price)[0];
      llDiff.push(logLossOf(p, o) - logLossOf(pm, o));
    }
  }
  const fewLined = (n: number) => `${n} lined rows < ${cfg.minLinedRows}`;

  // line_bias: the t interval of mean(predicted − line) inside ±maxAbsLineBias.
  const lb = meanEstimate(lineDiff);
  let lineBias = judged(
    'line_bias',
    lb,
    judgeWithin(lb, cfg.maxAbsLineBias),
    cfg.maxAbsLineBias,
    lb.figure === null ? null : nToDetect(lb.sd, cfg.maxAbsLineBias - Math.abs(lb.figure)),
  );
  if (lb.n < cfg.minLinedRows) lineBias = withNote(lineBias, fewLined(lb.n));

  // tier_bias: each tier with n ≥ tierMinN judged on its own t interval; the worst tier is shown.
  const tiers: Record<string, unknown> = {};
  let worst: { tier: Tier; e: Estimate } | null = null;
  let anyFail = false;
  let allPass = true;
  let judgedTiers = 0;
  let judgedRows = 0;
  for (const t of TIERS) {
    const e = meanEstimate(tierErr[t]);
    if (e.n < cfg.tierMinN) {
      tiers[t] = { n: e.n, bias: r4(e.figure), not_assessed: true };
      continue;
    }
    const v = judgeWithin(e, cfg.maxAbsTierBias);
    tiers[t] = { n: e.n, bias: r4(e.figure), interval: interval(e), outcome: v };
    judgedTiers++;
    judgedRows += e.n;
    if (v === 'fail') anyFail = true;
    if (v !== 'pass') allPass = false;
    if (!worst || Math.abs(e.figure as number) > Math.abs(worst.e.figure as number)) worst = { tier: t, e };
  }
  const tierBias = !worst
    ? result('tier_bias', 'insufficient', null, null, cfg.maxAbsTierBias, 0, null, {
        note: `no tier with n ≥ ${cfg.tierMinN}`,
        detail: { tiers },
      })
    : result(
        'tier_bias',
        anyFail ? 'fail' : allPass ? 'pass' : 'insufficient',
        r4(worst.e.figure),
        interval(worst.e),
        cfg.maxAbsTierBias,
        judgedRows,
        nToDetect(worst.e.sd, cfg.maxAbsTierBias - Math.abs(worst.e.figure as number)),
        { detail: { worst_tier: worst.tier, tiers_judged: judgedTiers, tiers } },
      );

  // hr3: Wilson interval of HR@3 against the bar.
  const h = ev.hr3;
  const he = proportionEstimate(h.wins, h.n);
  let hr3 = judged(
    'hr3',
    he,
    judgeAtLeast(he, cfg.minHr3),
    cfg.minHr3,
    betsToDetectEdge(cfg.minHr3, cfg.detectEdge),
    {
      detail: { wins: h.wins, losses: h.losses, pushes: h.pushes },
    },
  );
  if (!enoughDays) hr3 = withNote(hr3, daysNote);
  else if (h.n < cfg.minHr3N) hr3 = withNote(hr3, `N=${h.n} < ${cfg.minHr3N}`);

  // directional: each side with N ≥ minSideN judged on its own Wilson interval.
  const sideDetail: Record<string, unknown> = {};
  let lowest: { side: string; e: Estimate; v: GateOutcome } | null = null;
  let sideFail = false;
  let sidesPass = true;
  for (const [name, s] of Object.entries({ over: ev.by_side.over, under: ev.by_side.under })) {
    const e = proportionEstimate(s.wins, s.n);
    if (s.n < cfg.minSideN) {
      sideDetail[name] = { hr: r4(e.figure), n: s.n, not_assessed: true };
      continue;
    }
    const v = judgeAtLeast(e, cfg.minSideHr3);
    sideDetail[name] = { hr: r4(e.figure), n: s.n, interval: interval(e), outcome: v };
    if (v === 'fail') sideFail = true;
    if (v !== 'pass') sidesPass = false;
    if (!lowest || (e.figure as number) < (lowest.e.figure as number)) lowest = { side: name, e, v };
  }
  const sideNeeded = betsToDetectEdge(cfg.minSideHr3, cfg.detectEdge);
  let directional = lowest
    ? result(
        'directional',
        sideFail ? 'fail' : sidesPass ? 'pass' : 'insufficient',
        r4(lowest.e.figure),
        interval(lowest.e),
        cfg.minSideHr3,
        h.n,
        sideNeeded,
        { detail: { lowest_side: lowest.side, ...sideDetail } },
      )
    : result('directional', 'insufficient', null, null, cfg.minSideHr3, h.n, sideNeeded, {
        note: `not_assessed: no side has N ≥ ${cfg.minSideN}`,
        detail: sideDetail,
      });
  if (!enoughDays) directional = withNote(directional, daysNote);

  // mae_vs_line: paired bootstrap of mean(|pred − actual| − |line − actual|) at most the tolerance.
  const me = bootstrapMeanEstimate(absDiff, seed('mae_vs_line'), cfg.bootstrapDraws);
  let mae = judged(
    'mae_vs_line',
    me,
    judgeAtMost(me, cfg.maxMaeOverLine),
    cfg.maxMaeOverLine,
    me.figure === null ? null : nToDetect(me.sd, me.figure - cfg.maxMaeOverLine),
    { detail: { mae_lined: r4(ev.mae_lined), line_mae: r4(ev.line_mae) } },
  );
  if (me.n < cfg.minLinedRows) mae = withNote(mae, fewLined(me.n));

  // log_loss: paired bootstrap of mean(log loss of p − log loss of the no-vig market) at most the bar.
  const le = bootstrapMeanEstimate(llDiff, seed('log_loss'), cfg.bootstrapDraws);
  let logLoss = judged(
    'log_loss',
    le,
    judgeAtMost(le, cfg.maxLogLossOverMarket),
    cfg.maxLogLossOverMarket,
    nToDetect(le.sd, logLossGainOfEdge(cfg.detectEdge)),
  );
  if (le.n < cfg.minLinedRows) logLoss = withNote(logLoss, `${le.n} priced rows < ${cfg.minLinedRows}`);
  else if (!enoughDays) logLoss = withNote(logLoss, daysNote);

  return {
    duplicate_window: dup,
    line_bias: lineBias,
    tier_bias: tierBias,
    hr3,
    directional,
    mae_vs_line: mae,
    log_loss: logLoss,
  };
}

/** Convenience: evaluate the rows, then the gates. */
export function gateRows(rows: readonly EvalRow[], cfg: GatesConfig, ctx: GateContext = {}) {
  const evaluation = evaluate(rows);
  return { evaluation, gates: evaluateGates(rows, cfg, { ...ctx, evaluation }) };
}

/** Every gate passed. */
export function gatesPassed(g: GateResults): boolean {
  return Object.values(g).every((x) => x.outcome === 'pass');
}

/**
 * No gate failed, `advisory` gates apart (`models.registry.advisoryGates`): what enables a model
 * as shadow (`train --enable`, the weekly auto-enable, `models enable`, the backtest's as-live view).
 */
export function gatesNoFail(
  g: GateResults | Partial<GateResults> | null | undefined,
  advisory: readonly string[] = [],
): boolean {
  return failedGates(g, advisory).length === 0;
}

/** The gates that failed, by name (`advisory` gates left out). */
export function failedGates(
  g: GateResults | Partial<GateResults> | null | undefined,
  advisory: readonly string[] = [],
): GateName[] {
  return Object.values(g ?? {})
    .filter((x): x is GateResult => x?.outcome === 'fail' && !advisory.includes(x.gate))
    .map((x) => x.gate);
}

/**
 * Promotion to champion: no gate failed and at least one of `promoteOn` (config
 * `models.registry.promoteOn`, default hr3 and log_loss) passed.
 */
export function promotable(
  g: GateResults | Partial<GateResults> | null | undefined,
  promoteOn: readonly string[],
): boolean {
  if (!g || !gatesNoFail(g)) return false;
  return promoteOn.some((name) => (g as Record<string, GateResult | undefined>)[name]?.outcome === 'pass');
}

/** "2/7 hr3? dir? mae+ ll✗ lb+ tb?" (gates passed / gates, then `gateColumn`) for listings. */
export function gateSummary(g: GateResults | Partial<GateResults> | null | undefined): string {
  if (!g) return '-';
  const all = Object.values(g).filter(Boolean) as GateResult[];
  return `${all.filter((x) => x.outcome === 'pass').length}/${all.length} ${gateColumn(g)}`;
}

const SHORT: Record<GateName, string> = {
  duplicate_window: 'dup',
  line_bias: 'lb',
  tier_bias: 'tb',
  hr3: 'hr3',
  directional: 'dir',
  mae_vs_line: 'mae',
  log_loss: 'll',
};
const MARK: Record<GateOutcome, string> = { pass: '+', fail: '✗', insufficient: '?' };

/**
 * One compact column for `models list`: each gate's short name and mark, `+` pass, `✗` fail,
 * `?` insufficient, e.g. `hr3? dir? mae+ ll✗ lb+ tb+` (duplicate_window only when it did not
 * pass; gates a stored row predates are left out). '-' without gates.
 */
export function gateColumn(g: GateResults | Partial<GateResults> | null | undefined): string {
  if (!g) return '-';
  const order: GateName[] = ['hr3', 'directional', 'mae_vs_line', 'log_loss', 'line_bias', 'tier_bias'];
  const parts: string[] = [];
  const dup = (g as Partial<GateResults>).duplicate_window;
  if (dup && dup.outcome !== 'pass') parts.push(`${SHORT.duplicate_window}${MARK[dup.outcome]}`);
  for (const name of order) {
    const r = (g as Partial<GateResults>)[name];
    if (r?.outcome) parts.push(`${SHORT[name]}${MARK[r.outcome]}`);
  }
  return parts.length ? parts.join(' ') : '-';
}

/** "hr3 47.1% [41.2%, 51.8%] vs 52.0% (N=281)", "line_bias -4.61 [-4.8, -4.42] vs ±1.5 (N=476)": why a gate failed, for reports. */
export function gateReason(r: GateResult): string {
  const pctGate = r.gate === 'hr3' || r.gate === 'directional';
  const f = (x: number | string | null | undefined) =>
    typeof x === 'number' ? (pctGate ? fmtPct(x) : String(x)) : (x ?? '–');
  const iv = r.interval ? ` [${f(r.interval.low)}, ${f(r.interval.high)}]` : '';
  const within = r.gate === 'line_bias' || r.gate === 'tier_bias';
  return `${r.gate} ${f(r.figure)}${iv} vs ${within ? '±' : ''}${f(r.threshold as number | null)} (N=${r.n})`;
}
