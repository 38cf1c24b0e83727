import { noVigOver } from '../../domain/model-bundle.ts';
import { calibration, type EvalRow, round, wilson } from '../evaluation.ts';

/**
 * The probabilities issue's measurement: p_model, p_final and the market's no-vig
 * probability scored on the same rows (lined, played, non-push, both prices of the priced
 * book), so "better than the market" compares like with like. Reliability bins carry Wilson
 * intervals on the observed over rate.
 */

export interface ProbabilityEvalRow extends EvalRow {
  p_model?: number | null;
  p_final?: number | null;
}

export interface ReliabilityRow {
  bin: number;
  n: number;
  mean_p: number | null;
  observed: number | null;
  ci_low: number | null;
  ci_high: number | null;
}

export interface ProbabilityStats {
  n: number;
  ece: number | null;
  log_loss: number | null;
  brier: number | null;
  reliability: ReliabilityRow[];
}

export interface ProbabilityReport {
  /** Rows scored (priced, lined, played, non-push). */
  n: number;
  /** Lined, played, non-push rows left out for want of both prices. */
  n_unpriced: number;
  market_log_loss: number | null;
  market: ProbabilityStats;
  p_model: ProbabilityStats;
  p_final: ProbabilityStats;
}

function stats(rows: readonly EvalRow[]): ProbabilityStats {
  const c = calibration(rows);
  return {
    n: c.n,
    ece: round(c.ece),
    log_loss: round(c.log_loss),
    brier: round(c.brier),
    reliability: c.bins
      .filter((b) => b.n > 0)
      .map((b) => {
        const w = wilson(Math.round((b.observed ?? 0) * b.n), b.n);
        return {
          bin: b.bin,
          n: b.n,
          mean_p: round(b.mean_p),
          observed: round(b.observed),
          ci_low: round(w.low),
          ci_high: round(w.high),
        };
      }),
  };
}

export function probabilityReport(rows: readonly ProbabilityEvalRow[]): ProbabilityReport {
  const base: (ProbabilityEvalRow & { pm: number })[] = [];
  let unpriced = 0;
  for (const r of rows) {
    if (r.void || r.actual === null || r.actual === undefined) continue;
    if (r.line === null || r.line === undefined || r.actual === r.line) continue;
    if (r.p_model === null || r.p_model === undefined) continue;
    const pm = noVigOver(r.over_price, r.under_price);
    if (pm === null) {
      unpriced++;
      continue;
    }
    base.push({ ...r, pm });
  }
  const as = (p: (r: (typeof base)[number]) => number | null | undefined) =>
    base.map((r) => ({ ...r, p_over: p(r) ?? null }));
  const market = stats(as((r) => r.pm));
  return {
    n: base.length,
    n_unpriced: unpriced,
    market_log_loss: market.log_loss,
    market,
    p_model: stats(as((r) => r.p_model)),
    p_final: stats(as((r) => r.p_final ?? r.p_model)),
  };
}
