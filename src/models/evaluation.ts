import { americanToDecimal, BREAK_EVEN_110, isValidAmerican, noVigProbabilities } from '../domain/odds.ts';

/**
 * The one set of evaluation formulas (spec 03 §7): gates, the backtest, grading's rollups and
 * the reports all call these, so they can never disagree. Pure; rows in, numbers out.
 *
 * One hit-rate population (00-decisions): HR@k counts rows with a real line, not void, and
 * |predicted − line| ≥ k; the direction is sign(edge), whatever a stored recommendation says.
 * HR = wins / (wins + losses); pushes (actual = line) are counted apart and never enter it.
 */

export { BREAK_EVEN_110 };

export interface EvalRow {
  game_date: string;
  system_id?: string;
  predicted: number;
  line?: number | null;
  actual?: number | null;
  /** No box score or 0 minutes: excluded from every metric. A null actual is void too. */
  void?: boolean;
  over_price?: number | null;
  under_price?: number | null;
  p_over?: number | null;
  /** The player's season scoring average before the game (tier bias). */
  season_avg_pre?: number | null;
}

export interface Interval {
  low: number | null;
  high: number | null;
}

/** Wilson score interval at z (1.96 → 95%); nulls for n = 0. */
export function wilson(wins: number, n: number, z = 1.96): Interval {
  if (n <= 0) return { low: null, high: null };
  const p = wins / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
}

/** ROI per bet had every bet been at −110: (wins·100/110 − losses)/N. */
export function roiAt110(wins: number, losses: number): number | null {
  const n = wins + losses;
  return n ? (wins * (100 / 110) - losses) / n : null;
}

export interface HitRate {
  k: number;
  wins: number;
  losses: number;
  pushes: number;
  /** wins + losses */
  n: number;
  hr: number | null;
  ci_low: number | null;
  ci_high: number | null;
  roi_110: number | null;
  /** Over the bets with a price for their side; null when none has one. */
  roi_actual: number | null;
  n_priced: number;
}

export type Side = 'OVER' | 'UNDER';
export type Outcome = 'WIN' | 'LOSS' | 'PUSH';

/** Rows that count at all: not void and with an actual. */
export function isPlayed(r: EvalRow): boolean {
  return !r.void && r.actual !== null && r.actual !== undefined && Number.isFinite(r.actual);
}

export function isLined(r: EvalRow): boolean {
  return r.line !== null && r.line !== undefined && Number.isFinite(r.line);
}

/** The bet a row makes at threshold k, or null (no line, void, |edge| < k or edge 0). */
export function betOf(r: EvalRow, k: number): { side: Side; outcome: Outcome; price: number | null } | null {
  if (!isPlayed(r) || !isLined(r)) return null;
  const line = r.line as number;
  const edge = r.predicted - line;
  // Edges are compared at 2 dp, as stored (scorePrediction rounds them), so 27.5 − 24.5 = 3 counts at k = 3.
  const absEdge = Math.round(Math.abs(edge) * 100) / 100;
  if (absEdge < k || edge === 0) return null;
  const side: Side = edge > 0 ? 'OVER' : 'UNDER';
  const actual = r.actual as number;
  const outcome: Outcome = actual === line ? 'PUSH' : (side === 'OVER') === actual > line ? 'WIN' : 'LOSS';
  const p = side === 'OVER' ? r.over_price : r.under_price;
  return { side, outcome, price: isValidAmerican(p) ? p : null };
}

/** HR@k with N, Wilson 95% interval and ROI, optionally for one side. */
export function hitRate(rows: readonly EvalRow[], k: number, side?: Side): HitRate {
  let wins = 0;
  let losses = 0;
  let pushes = 0;
  let nPriced = 0;
  let profit = 0;
  for (const r of rows) {
    const b = betOf(r, k);
    if (!b || (side && b.side !== side)) continue;
    if (b.outcome === 'PUSH') {
      pushes++;
      continue;
    }
    if (b.outcome === 'WIN') wins++;
    else losses++;
    if (b.price !== null) {
      nPriced++;
      profit += b.outcome === 'WIN' ? americanToDecimal(b.price) - 1 : -1;
    }
  }
  const n = wins + losses;
  const ci = wilson(wins, n);
  return {
    k,
    wins,
    losses,
    pushes,
    n,
    hr: n ? wins / n : null,
    ci_low: ci.low,
    ci_high: ci.high,
    roi_110: roiAt110(wins, losses),
    roi_actual: nPriced ? profit / nPriced : null,
    n_priced: nPriced,
  };
}

export interface TierBias {
  n: number;
  bias: number | null;
}

export const TIERS = ['star', 'starter', 'role', 'bench'] as const;
export type Tier = (typeof TIERS)[number];

/** Pre-game season average → tier: star ≥ 25, starter [15, 25), role [5, 15), bench < 5. */
export function tierOf(seasonAvg: number): Tier {
  if (seasonAvg >= 25) return 'star';
  if (seasonAvg >= 15) return 'starter';
  if (seasonAvg >= 5) return 'role';
  return 'bench';
}

export interface ReliabilityBin {
  bin: number;
  lo: number;
  hi: number;
  n: number;
  mean_p: number | null;
  observed: number | null;
}

export interface Calibration {
  n: number;
  brier: number | null;
  log_loss: number | null;
  ece: number | null;
  bins: ReliabilityBin[];
  /** The no-vig market over-probability on the rows with both prices. */
  market: { n: number; brier: number | null; log_loss: number | null; model_log_loss: number | null };
}

const P_EPS = 1e-6;
const clipP = (p: number) => Math.min(1 - P_EPS, Math.max(P_EPS, p));
/** Log loss of probability p for outcome o (1 = over), p clipped to [1e-6, 1 − 1e-6]. */
export const logLossOf = (p: number, o: number) => -(o ? Math.log(clipP(p)) : Math.log(1 - clipP(p)));

/** Lined, played, non-push rows with p_over: Brier, log loss, 10-bin reliability, ECE, market. */
export function calibration(rows: readonly EvalRow[], nBins = 10): Calibration {
  const bins: ReliabilityBin[] = [];
  const acc = Array.from({ length: nBins }, () => ({ n: 0, p: 0, o: 0 }));
  let n = 0;
  let brier = 0;
  let ll = 0;
  const market = { n: 0, brier: 0, ll: 0, modelLl: 0 };
  for (const r of rows) {
    if (!isPlayed(r) || !isLined(r) || r.p_over === null || r.p_over === undefined) continue;
    if (r.actual === r.line) continue;
    const o = (r.actual as number) > (r.line as number) ? 1 : 0;
    const p = r.p_over;
    n++;
    brier += (p - o) ** 2;
    ll += logLossOf(p, o);
    const b = Math.min(nBins - 1, Math.max(0, Math.floor(p * nBins)));
    acc[b].n++;
    acc[b].p += p;
    acc[b].o += o;
    if (isValidAmerican(r.over_price) && isValidAmerican(r.under_price)) {
      const pm = noVigProbabilities(r.over_price, r.under_price)[0];
      market.n++;
      market.brier += (pm - o) ** 2;
      market.ll += logLossOf(pm, o);
      market.modelLl += logLossOf(p, o);
    }
  }
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    const a = acc[b];
    const meanP = a.n ? a.p / a.n : null;
    const obs = a.n ? a.o / a.n : null;
    if (a.n) ece += (a.n / n) * Math.abs((obs as number) - (meanP as number));
    bins.push({ bin: b, lo: b / nBins, hi: (b + 1) / nBins, n: a.n, mean_p: meanP, observed: obs });
  }
  return {
    n,
    brier: n ? brier / n : null,
    log_loss: n ? ll / n : null,
    ece: n ? ece : null,
    bins,
    market: {
      n: market.n,
      brier: market.n ? market.brier / market.n : null,
      log_loss: market.n ? market.ll / market.n : null,
      model_log_loss: market.n ? market.modelLl / market.n : null,
    },
  };
}

export interface Evaluation {
  /** Played rows (voids excluded). */
  n: number;
  n_void: number;
  n_lined: number;
  /** Distinct game dates with at least one played, lined row. */
  lined_days: number;
  mae: number | null;
  mae_lined: number | null;
  line_mae: number | null;
  /** mean(predicted − actual) over played rows. */
  bias: number | null;
  bias_vs_line: number | null;
  tier_bias: Record<Tier, TierBias>;
  hr1: HitRate;
  hr3: HitRate;
  hr5: HitRate;
  by_side: { over: HitRate; under: HitRate };
  calibration: Calibration;
}

/** Every metric of spec 03 §7 over one population of rows. */
export function evaluate(rows: readonly EvalRow[]): Evaluation {
  let n = 0;
  let nVoid = 0;
  let nLined = 0;
  let absErr = 0;
  let absErrLined = 0;
  let lineAbsErr = 0;
  let err = 0;
  let biasLine = 0;
  const days = new Set<string>();
  const tiers = Object.fromEntries(TIERS.map((t) => [t, { n: 0, s: 0 }])) as Record<
    Tier,
    { n: number; s: number }
  >;
  for (const r of rows) {
    if (!isPlayed(r)) {
      nVoid++;
      continue;
    }
    const actual = r.actual as number;
    n++;
    absErr += Math.abs(r.predicted - actual);
    err += r.predicted - actual;
    if (r.season_avg_pre !== null && r.season_avg_pre !== undefined && Number.isFinite(r.season_avg_pre)) {
      const t = tiers[tierOf(r.season_avg_pre)];
      t.n++;
      t.s += r.predicted - actual;
    }
    if (isLined(r)) {
      const line = r.line as number;
      nLined++;
      days.add(r.game_date);
      absErrLined += Math.abs(r.predicted - actual);
      lineAbsErr += Math.abs(line - actual);
      biasLine += r.predicted - line;
    }
  }
  const tierBias = Object.fromEntries(
    TIERS.map((t) => [t, { n: tiers[t].n, bias: tiers[t].n ? tiers[t].s / tiers[t].n : null }]),
  ) as Record<Tier, TierBias>;
  return {
    n,
    n_void: nVoid,
    n_lined: nLined,
    lined_days: days.size,
    mae: n ? absErr / n : null,
    mae_lined: nLined ? absErrLined / nLined : null,
    line_mae: nLined ? lineAbsErr / nLined : null,
    bias: n ? err / n : null,
    bias_vs_line: nLined ? biasLine / nLined : null,
    tier_bias: tierBias,
    hr1: hitRate(rows, 1),
    hr3: hitRate(rows, 3),
    hr5: hitRate(rows, 5),
    by_side: { over: hitRate(rows, 3, 'OVER'), under: hitRate(rows, 3, 'UNDER') },
    calibration: calibration(rows),
  };
}

/** Monday of the ISO week of a date, for "by ISO week" breakdowns ('2025-11-03'). */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - dow);
  return d.toISOString().slice(0, 10);
}

/** Rounds for reports (JSON and Markdown show the same figures). */
export function round(x: number | null | undefined, dp = 4): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}

/** A hit-rate block as reports and listings print it (rounded, JSON-ready). */
export interface HrJson {
  hr: number | null;
  n: number;
  wins: number;
  losses: number;
  pushes: number;
  ci_low: number | null;
  ci_high: number | null;
  roi_110: number | null;
  roi_actual: number | null;
  n_priced: number;
}

export function hrJson(h: Evaluation['hr3']): HrJson {
  return {
    hr: round(h.hr),
    n: h.n,
    wins: h.wins,
    losses: h.losses,
    pushes: h.pushes,
    ci_low: round(h.ci_low),
    ci_high: round(h.ci_high),
    roi_110: round(h.roi_110),
    roi_actual: round(h.roi_actual),
    n_priced: h.n_priced,
  };
}

/** The figures every listing starts with (training metrics, backtest family rows), rounded. */
export function coreFigures(ev: ReturnType<typeof evaluate>) {
  return {
    n: ev.n,
    n_lined: ev.n_lined,
    mae: round(ev.mae),
    mae_lined: round(ev.mae_lined),
    line_mae: round(ev.line_mae),
  };
}
