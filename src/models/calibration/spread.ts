import { type ConditionalSpread, residualQuantiles } from '../../domain/model-bundle.ts';

/**
 * Fitting the player-dependent spread (probabilities issue) on out-of-sample rows: the
 * early-stopped fit's validation rows, never its training rows. A least-squares line through
 * |r| against the prediction gives the scale s(predicted); the standardized residuals r / s
 * keep the distribution's shape (skew, tails) as 201 quantiles. One slope, not bins: the
 * probability stays continuous and monotone in the prediction.
 */

/** Smallest scale, as a share of the mean |r| (a projection of 0 still has some spread). */
const FLOOR_SHARE = 0.25;

export function fitSpread(predicted: ArrayLike<number>, residuals: ArrayLike<number>): ConditionalSpread {
  const n = residuals.length;
  if (n === 0 || predicted.length !== n) throw new Error('fitSpread: need one prediction per residual');
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += predicted[i];
    sy += Math.abs(residuals[i]);
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = predicted[i] - mx;
    sxx += dx * dx;
    sxy += dx * (Math.abs(residuals[i]) - my);
  }
  // A negative slope would give stars less spread than bench players: no evidence supports
  // that on points, so the slope is held at ≥ 0 (then the line is flat at the mean).
  const slope = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  const intercept = my - slope * mx;
  const floor = Math.max(1e-6, FLOOR_SHARE * my);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = residuals[i] / Math.max(floor, intercept + slope * predicted[i]);
  return { kind: 'scale', intercept, slope, floor, z_quantiles: residualQuantiles(z), n };
}
