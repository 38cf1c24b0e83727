import { americanToDecimal } from '../domain/odds.ts';
import { roiAt110, calibration as sharedCalibration } from '../models/index.ts';
import { hitRate, mean, mulberry32, round, sampleSd, tQuantile975, wilson } from './stats.ts';

/**
 * Calibration, ROI and CLV reports (spec 06 §7): pure functions over graded rows. Every result
 * row carries N and a 95% interval; each report names its population and date range.
 */

export interface CalibrationInput {
  p_over: number | null;
  line: number | null;
  actual_points: number | null;
  /** No-vig consensus over-probability at the prediction's odds snapshot, when known. */
  market_p_over?: number | null;
}

export interface CalibrationBin {
  bin: number;
  low: number;
  high: number;
  n: number;
  mean_p: number | null;
  observed: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface CalibrationSummary {
  n: number;
  brier: number | null;
  log_loss: number | null;
  ece: number | null;
  bins: CalibrationBin[];
}

/**
 * Reliability table, Brier, log loss and ECE of probabilities against outcomes (0/1), through the
 * shared calibration of src/models (each pair becomes a row with line 0.5 and actual 0 or 1);
 * grading adds a Wilson interval to each bin's observed rate.
 */
export function calibrationTable(pairs: ReadonlyArray<[number, 0 | 1]>, bins: number): CalibrationSummary {
  const c = sharedCalibration(
    pairs.map(([p, y]) => ({ game_date: '', predicted: 0, line: 0.5, actual: y, p_over: p })),
    bins,
  );
  return {
    n: c.n,
    brier: round(c.brier, 6),
    log_loss: round(c.log_loss, 6),
    ece: round(c.ece, 6),
    bins: c.bins.map((b) => {
      const wins = b.observed === null ? 0 : Math.round(b.observed * b.n);
      const ci = wilson(wins, b.n);
      return {
        bin: b.bin,
        low: round(b.lo, 4)!,
        high: round(b.hi, 4)!,
        n: b.n,
        mean_p: round(b.mean_p, 4),
        observed: round(b.observed, 4),
        ci_low: ci ? round(ci.low / 100, 4) : null,
        ci_high: ci ? round(ci.high / 100, 4) : null,
      };
    }),
  };
}

export interface CalibrationReport {
  population: string;
  model: CalibrationSummary;
  market: (CalibrationSummary & { model_on_same_rows: CalibrationSummary }) | null;
  mae: number | null;
  line_mae: number | null;
}

/** Population: graded predictions with p_over and a line, player played, not a push. */
export function calibrationReport(
  rows: ReadonlyArray<CalibrationInput & { abs_error?: number | null }>,
  bins: number,
): CalibrationReport {
  const pop = rows.filter(
    (r) => r.p_over !== null && r.line !== null && r.actual_points !== null && r.actual_points !== r.line,
  );
  const y = (r: CalibrationInput): 0 | 1 => (r.actual_points! > r.line! ? 1 : 0);
  const model = calibrationTable(
    pop.map((r) => [r.p_over!, y(r)]),
    bins,
  );
  const withMarket = pop.filter((r) => r.market_p_over !== null && r.market_p_over !== undefined);
  const market = withMarket.length
    ? {
        ...calibrationTable(
          withMarket.map((r) => [r.market_p_over!, y(r)]),
          bins,
        ),
        model_on_same_rows: calibrationTable(
          withMarket.map((r) => [r.p_over!, y(r)]),
          bins,
        ),
      }
    : null;
  const errs = pop.filter((r) => r.abs_error !== null && r.abs_error !== undefined);
  return {
    population: 'graded predictions with p_over and a line, player played, pushes excluded',
    model,
    market,
    mae: round(mean(errs.map((r) => r.abs_error!)), 4),
    line_mae: round(mean(errs.map((r) => Math.abs(r.line! - r.actual_points!))), 4),
  };
}

export interface RoiBet {
  result: string;
  price: number;
}

export interface RoiReport {
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  voids_excluded: number;
  hr: number | null;
  hr_ci_low: number | null;
  hr_ci_high: number | null;
  units: number;
  roi: number | null;
  roi_ci_low: number | null;
  roi_ci_high: number | null;
  roi_at_110: number | null;
  break_even_hr: number | null;
  resamples: number;
  seed: number;
}

function profit(b: RoiBet): number {
  if (b.result === 'WIN') return americanToDecimal(b.price) - 1;
  return b.result === 'LOSS' ? -1 : 0;
}

/**
 * ROI at the recorded prices. Bets = WIN, LOSS, PUSH (voids excluded). ROI = units / bets (as a
 * percentage), its 95% interval by percentile bootstrap with a seeded PRNG (reproducible), ROI had
 * every bet been −110, and the break-even HR of the mean decimal price.
 */
export function roiReport(rows: readonly RoiBet[], resamples: number, seed: number): RoiReport {
  const bets = rows.filter((r) => r.result === 'WIN' || r.result === 'LOSS' || r.result === 'PUSH');
  const wins = bets.filter((b) => b.result === 'WIN').length;
  const losses = bets.filter((b) => b.result === 'LOSS').length;
  const pushes = bets.length - wins - losses;
  const profits = bets.map(profit);
  const units = profits.reduce((s, x) => s + x, 0);
  const n = bets.length;
  let lo: number | null = null;
  let hi: number | null = null;
  if (n) {
    const rnd = mulberry32(seed);
    const rois: number[] = new Array(resamples);
    for (let k = 0; k < resamples; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += profits[Math.floor(rnd() * n)];
      rois[k] = s / n;
    }
    rois.sort((a, b) => a - b);
    const q = (p: number) => rois[Math.min(resamples - 1, Math.max(0, Math.floor(p * resamples)))];
    lo = 100 * q(0.025);
    hi = 100 * q(0.975);
  }
  const ci = wilson(wins, wins + losses);
  const meanDecimal = mean(bets.map((b) => americanToDecimal(b.price)));
  return {
    bets: n,
    wins,
    losses,
    pushes,
    voids_excluded: rows.length - n,
    hr: round(hitRate(wins, wins + losses), 2),
    hr_ci_low: round(ci?.low, 2),
    hr_ci_high: round(ci?.high, 2),
    units: round(units, 4)!,
    roi: n ? round((100 * units) / n, 2) : null,
    roi_ci_low: round(lo, 2),
    roi_ci_high: round(hi, 2),
    // The shared roiAt110 is per decided bet; the report's ROI is per bet, pushes included.
    roi_at_110: n ? round((100 * (roiAt110(wins, losses) ?? 0) * (wins + losses)) / n, 2) : null,
    break_even_hr: meanDecimal ? round(100 / meanDecimal, 2) : null,
    resamples,
    seed,
  };
}

export interface ClvInput {
  line_clv: number | null;
  price_clv: number | null;
  close_line: number | null;
}

export interface MeanWithInterval {
  n: number;
  mean: number | null;
  ci_low: number | null;
  ci_high: number | null;
  t: number | null;
}

function tSummary(xs: readonly number[], scale = 1): MeanWithInterval {
  const n = xs.length;
  const m = mean(xs);
  const sd = sampleSd(xs);
  if (m === null) return { n, mean: null, ci_low: null, ci_high: null, t: null };
  if (sd === null) return { n, mean: round(m * scale, 4), ci_low: null, ci_high: null, t: null };
  const se = sd / Math.sqrt(n);
  const h = tQuantile975(n - 1) * se;
  return {
    n,
    mean: round(m * scale, 4),
    ci_low: round((m - h) * scale, 4),
    ci_high: round((m + h) * scale, 4),
    t: se > 0 ? round(m / se, 3) : null,
  };
}

export interface ClvReport {
  population: string;
  picks_total: number;
  with_close: number;
  availability: string;
  line_clv: MeanWithInterval;
  price_clv_pp: MeanWithInterval;
  beat_close: { n: number; rate: number | null; ci_low: number | null; ci_high: number | null };
}

/** CLV summary; picks without a close are counted, never dropped silently. */
export function clvReport(rows: readonly ClvInput[]): ClvReport {
  const withClose = rows.filter((r) => r.close_line !== null || r.price_clv !== null);
  const lines = withClose.filter((r) => r.line_clv !== null).map((r) => r.line_clv!);
  const prices = withClose.filter((r) => r.price_clv !== null).map((r) => r.price_clv!);
  const beat = prices.filter((p) => p > 0).length;
  const ci = wilson(beat, prices.length);
  return {
    population: 'graded picks with a closing snapshot',
    picks_total: rows.length,
    with_close: withClose.length,
    availability: withClose.length
      ? `CLV available for ${withClose.length} of ${rows.length} picks`
      : `CLV unavailable: no closing snapshot for any of ${rows.length} picks`,
    line_clv: tSummary(lines),
    price_clv_pp: tSummary(prices, 100),
    beat_close: {
      n: prices.length,
      rate: round(hitRate(beat, prices.length), 2),
      ci_low: round(ci?.low, 2),
      ci_high: round(ci?.high, 2),
    },
  };
}
