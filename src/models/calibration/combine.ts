import { logit, type ProbabilityCalibration } from '../../domain/model-bundle.ts';

/**
 * Fitting the market-aware combination (probabilities issue):
 *   p_final = σ(a + b·logit(p_market) + c·logit(p_model))   rows with both prices
 *   p_final = σ(a + c·logit(p_model))                       rows without (model-only map)
 * by penalized maximum likelihood (Newton on the log loss plus λ/2·‖θ − θ₀‖²), with θ₀ =
 * (0, 1, 0) for the combination (the market unchanged) and (0, 1) for the model-only map (the
 * model unchanged): with few rows the fit stays near θ₀, with many the data decide. b and c
 * are held ≥ 0 so p_final never falls as either probability rises (monotone maps).
 */

export interface CalibrationRow {
  game_date: string;
  /** No-vig over probability of the priced book; null without both prices. */
  p_market: number | null;
  p_model: number;
  /** 1 when the player went over the line, 0 under (pushes are left out by the caller). */
  y: 0 | 1;
}

export interface FitOptions {
  /** λ of the penalty, in log-likelihood units. */
  prior: number;
  /** The model's train_end: rows dated after it are never read. */
  trainEnd: string;
}

const MAX_ITER = 100;

/** Solves the k×k system A x = g (k ≤ 3) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], g: number[]): number[] {
  const k = g.length;
  const M = A.map((r, i) => [...r, g[i]]);
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < k; r++) {
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= k; j++) M[r][j] -= f * M[c][j];
    }
  }
  const x = new Array(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = M[r][k];
    for (let j = r + 1; j < k; j++) s -= M[r][j] * x[j];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * Penalized logistic regression of y on the design X (rows of length K, first column 1),
 * with the parameters in `fixed` held at their prior value. Deterministic.
 */
function newton(X: number[][], y: number[], prior: number[], lambda: number, fixed: Set<number>): number[] {
  const K = prior.length;
  const free = [...Array(K).keys()].filter((j) => !fixed.has(j));
  const th = [...prior];
  for (let it = 0; it < MAX_ITER; it++) {
    const g = new Array(K).fill(0);
    const H = Array.from({ length: K }, () => new Array(K).fill(0));
    for (let i = 0; i < X.length; i++) {
      let z = 0;
      for (let j = 0; j < K; j++) z += th[j] * X[i][j];
      const p = 1 / (1 + Math.exp(-z));
      const w = p * (1 - p);
      for (let j = 0; j < K; j++) {
        g[j] += (p - y[i]) * X[i][j];
        for (let l = 0; l < K; l++) H[j][l] += w * X[i][j] * X[i][l];
      }
    }
    for (let j = 0; j < K; j++) {
      g[j] += lambda * (th[j] - prior[j]);
      H[j][j] += lambda;
    }
    if (!free.length) break;
    const step = solve(
      free.map((j) => free.map((l) => H[j][l])),
      free.map((j) => g[j]),
    );
    let size = 0;
    free.forEach((j, t) => {
      th[j] -= step[t];
      size = Math.max(size, Math.abs(step[t]));
    });
    if (size < 1e-10) break;
  }
  return th;
}

/** Newton with the indices in `nonNeg` held ≥ 0: a negative one is fixed at 0 and the rest refitted. */
function fitConstrained(
  X: number[][],
  y: number[],
  prior: number[],
  lambda: number,
  nonNeg: number[],
): number[] {
  const fixed = new Set<number>();
  const at = [...prior];
  for (;;) {
    const th = newton(X, y, at, lambda, fixed);
    // Fixed parameters sit at 0 (the prior vector carries that value for them).
    const neg = nonNeg.filter((j) => !fixed.has(j) && th[j] < 0).sort((a, b) => th[a] - th[b]);
    if (!neg.length) return th;
    fixed.add(neg[0]);
    at[neg[0]] = 0;
    // The penalty of a fixed parameter pulls toward its prior, which no longer matters.
  }
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6 || 0;

/**
 * Fits both maps on the rows dated on or before `trainEnd` (others are never read). With no
 * usable row the result is the identity: p_final = p_market with prices, p_model without.
 */
export function fitCalibration(rows: readonly CalibrationRow[], o: FitOptions): ProbabilityCalibration {
  const use = rows.filter((r) => r.game_date <= o.trainEnd && Number.isFinite(r.p_model));
  const priced = use.filter((r) => r.p_market !== null && Number.isFinite(r.p_market));
  const mk = fitConstrained(
    priced.map((r) => [1, logit(r.p_market as number), logit(r.p_model)]),
    priced.map((r) => r.y),
    [0, 1, 0],
    o.prior,
    [1, 2],
  );
  const md = fitConstrained(
    use.map((r) => [1, logit(r.p_model)]),
    use.map((r) => r.y),
    [0, 1],
    o.prior,
    [1],
  );
  const last = use.reduce<string | null>((m, r) => (m === null || r.game_date > m ? r.game_date : m), null);
  return {
    market: { a: r6(mk[0]), b: r6(mk[1]), c: r6(mk[2]), n: priced.length },
    model: { a: r6(md[0]), c: r6(md[1]), n: use.length },
    fitted_through: last,
  };
}
