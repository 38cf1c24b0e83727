/**
 * Odds math shared by every module (spec 01 §6, 05 §7). Pure; American odds are integers
 * such as −110 or +150. Probabilities are fractions in (0, 1).
 */

/** Break-even probability of a −110 bet: 110/210 = 52.38%. */
export const BREAK_EVEN_110 = 110 / 210;

/** Decimal odds (total return per unit staked) of an American price. */
export function americanToDecimal(american: number): number {
  if (!isValidAmerican(american)) throw new RangeError(`not an American price: ${american}`);
  return american > 0 ? 1 + american / 100 : 1 + 100 / -american;
}

/** American price of decimal odds d > 1: d ≥ 2 → +100(d−1), else −100/(d−1). Not rounded. */
export function decimalToAmerican(decimal: number): number {
  if (!(decimal > 1)) throw new RangeError(`decimal odds must be above 1: ${decimal}`);
  return decimal >= 2 ? 100 * (decimal - 1) : -100 / (decimal - 1);
}

/** A usable American price: |price| ≥ 100 (−100 and +100 are the same even price). */
export function isValidAmerican(price: number | null | undefined): price is number {
  return typeof price === 'number' && Number.isFinite(price) && Math.abs(price) >= 100;
}

/** Implied probability: −A → A/(A+100); +B → 100/(B+100). */
export function impliedProbability(american: number): number {
  if (!isValidAmerican(american)) throw new RangeError(`not an American price: ${american}`);
  return american < 0 ? -american / (-american + 100) : 100 / (american + 100);
}

/** Overround of a two-way market: p_over + p_under − 1 (−110/−110 → 4.76%). */
export function overround(priceA: number, priceB: number): number {
  return impliedProbability(priceA) + impliedProbability(priceB) - 1;
}

/** Multiplicative no-vig: each side's implied probability divided by their sum. */
export function noVigProbabilities(priceA: number, priceB: number): [number, number] {
  const a = impliedProbability(priceA);
  const b = impliedProbability(priceB);
  return [a / (a + b), b / (a + b)];
}

/** Expected value per unit staked at an American price for win probability p. */
export function expectedValue(p: number, american: number): number {
  const profit = americanToDecimal(american) - 1;
  return p * profit - (1 - p);
}

/** Full Kelly fraction f* = (b·p − q)/b with b the net decimal odds; 0 when EV ≤ 0. */
export function kellyFraction(p: number, american: number): number {
  const b = americanToDecimal(american) - 1;
  const f = (b * p - (1 - p)) / b;
  return Math.max(0, f);
}

/** Fractional Kelly (e.g. 0.25 for quarter Kelly) capped at `cap` (a fraction of bankroll). */
export function fractionalKelly(p: number, american: number, fraction: number, cap: number): number {
  return Math.min(cap, fraction * kellyFraction(p, american));
}

/** Profit in units of a one-unit bet at an American price: win → +net odds, loss → −1. */
export function unitsWon(result: 'WIN' | 'LOSS' | 'PUSH' | 'VOID', american: number): number {
  if (result === 'WIN') return americanToDecimal(american) - 1;
  if (result === 'LOSS') return -1;
  return 0;
}
