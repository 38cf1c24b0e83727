/**
 * The points distribution the simulator draws from and the books price (spec 01 §10, 00-decisions
 * "Simulated lines"): a gamma-Poisson (negative binomial) with mean mu and shape k. Lines sit on
 * its median, made continuous by spreading each integer's mass over [x − ½, x + ½).
 */
export function negBinCdfTable(mu: number, k: number, upTo: number): Float64Array {
  const p = k / (k + mu);
  const cdf = new Float64Array(upTo + 1);
  // pmf(0) = p^k; pmf(x) = pmf(x−1) · (x − 1 + k)/x · (1 − p)
  let pmf = p ** k;
  let acc = pmf;
  cdf[0] = acc;
  for (let x = 1; x <= upTo; x++) {
    pmf *= ((x - 1 + k) / x) * (1 - p);
    acc += pmf;
    cdf[x] = acc;
  }
  return cdf;
}

/** Continuous median of NegBin(mu, k): F(x − ½) interpolated linearly within each integer. */
export function continuousMedian(mu: number, k: number): number {
  if (mu <= 0) return 0;
  const cdf = negBinCdfTable(mu, k, Math.ceil(mu * 4 + 40));
  let prev = 0;
  for (let x = 0; x < cdf.length; x++) {
    if (cdf[x] >= 0.5) {
      const mass = cdf[x] - prev;
      return x - 0.5 + (0.5 - prev) / mass;
    }
    prev = cdf[x];
  }
  return mu;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 through erf). */
export function normCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z / Math.SQRT2));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** American price of a probability (with the book's margin already in p), as an integer. */
export function probToAmerican(p: number): number {
  const q = Math.min(0.97, Math.max(0.03, p));
  return q >= 0.5 ? -Math.round((100 * q) / (1 - q)) : Math.round((100 * (1 - q)) / q);
}
