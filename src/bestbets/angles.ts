import type { BestBetsConfig } from '../config/groups/bestbets.ts';
import type { Pricing } from './pricing.ts';
import { SIGNALS, type SignalResult } from './signals/registry.ts';
import type { Contribution, Direction, SignalHealth } from './types.ts';
import type { UltraCriterionMatch } from './ultra.ts';

/** What buildAngles needs of a pick. */
export interface AnglePick {
  direction: Direction;
  predicted: number;
  line: number;
  edge: number;
  pricing: Pricing;
  model_agreement_count: number;
  majority_direction: Direction | null;
  models_predicting: number;
  avg_edge_agreeing: number;
  signals: SignalResult[];
  ultra_criteria: UltraCriterionMatch[];
  direction_conflict: boolean;
  n_over_eligible: number;
  n_under_eligible: number;
  contributions: Contribution[];
}

export interface AngleContext {
  cfg: BestBetsConfig;
  signalHealth: Record<string, SignalHealth>;
  directionHealth: { wins: number; losses: number; n: number; hr: number | null } | undefined;
  breakEvenHr: number;
}

/** One decimal, no "-0.0". */
export const f1 = (x: number) => {
  const s = (Math.round(x * 10) / 10).toFixed(1);
  return s === '-0.0' ? '0.0' : s;
};
/** Signed American price: +100, -115. */
export const priceText = (p: number) => (p > 0 ? `+${p}` : `${p}`);

export const ULTRA_PREFIX = 'ULTRA:';

function ultraAngle(criteria: UltraCriterionMatch[]): string {
  const graded = criteria.filter((k) => k.n >= 1 && k.hr !== null);
  const best = graded.length
    ? graded.reduce((a, b) => ((b.hr as number) > (a.hr as number) ? b : a))
    : criteria[0];
  if (best.n === 0 || best.hr === null)
    return `${ULTRA_PREFIX} ${best.description} — no graded ultra picks yet`;
  return `${ULTRA_PREFIX} ${best.description} — ${f1(best.hr)}% on ${best.n} graded ultra picks`;
}

function pricingAngle(p: AnglePick): string {
  const pr = p.pricing;
  // From the unrounded decimal: formatting the stored 4-dp EV would round twice (0.14545 → 14.6).
  const ev = f1((pr.p_direction * pr.decimal - 1) * 100);
  if (pr.price_source === 'assumed') {
    return `No current price at ${f1(p.line)}; valued at ${priceText(pr.best_price)}: ${ev}% expected value`;
  }
  const bracket =
    pr.fair_prob === null ? '' : ` (model ${f1(pr.p_direction * 100)}% vs fair ${f1(pr.fair_prob * 100)}%)`;
  return `Best price ${priceText(pr.best_price)} at ${pr.best_book}: ${ev}% expected value${bracket}`;
}

/**
 * Angles and warnings of a pick (spec 05 §10): candidates in priority order, the first
 * `angles.maxStored` kept; warnings are also returned whole. No text holds a fixed hit rate.
 */
export function buildAngles(p: AnglePick, ctx: AngleContext): { angles: string[]; warnings: string[] } {
  const a = ctx.cfg.angles;
  const list: string[] = [];
  if (p.ultra_criteria.length) list.push(ultraAngle(p.ultra_criteria));
  const abs = Math.abs(p.edge);
  list.push(
    `Model projects ${f1(p.predicted)} pts vs a ${f1(p.line)} line: ${f1(abs)} pts ${p.edge >= 0 ? 'above' : 'below'}`,
  );
  list.push(pricingAngle(p));
  if (p.model_agreement_count >= 3 && p.majority_direction === p.direction) {
    list.push(
      `${p.model_agreement_count} of ${p.models_predicting} models lean ${p.direction} (avg edge ${f1(p.avg_edge_agreeing)} pts)`,
    );
  }
  const order = new Map(SIGNALS.map((s, i) => [s.tag, i]));
  const sigs = [...p.signals].sort(
    (x, y) => y.strength - x.strength || (order.get(x.tag) ?? 99) - (order.get(y.tag) ?? 99),
  );
  for (const s of sigs) {
    const def = SIGNALS.find((d) => d.tag === s.tag);
    const text = def?.angle({ strength: s.strength, metadata: s.metadata });
    if (!text) continue;
    const h = ctx.signalHealth[s.tag];
    const suffix =
      h && h.n_season >= a.minHrN && h.hr_season !== null
        ? ` — ${f1(h.hr_season)}% over ${h.n_season} graded candidates this season`
        : '';
    list.push(text + suffix);
  }
  const toward = p.contributions
    .filter(
      (c) => (p.direction === 'OVER' ? c.value > 0 : c.value < 0) && Math.abs(c.value) >= a.minContribution,
    )
    .sort((x, y) => Math.abs(y.value) - Math.abs(x.value) || (x.feature < y.feature ? -1 : 1))
    .slice(0, 2);
  for (const c of toward)
    list.push(`${c.label} ${c.value > 0 ? 'adds' : 'takes off'} ${f1(Math.abs(c.value))} pts`);

  const warnings: string[] = [];
  const dh = ctx.directionHealth;
  if (dh && dh.n >= a.directionWarnMinN && dh.hr !== null && dh.hr < ctx.breakEvenHr) {
    warnings.push(
      `Caution: ${p.direction} best bets are ${f1(dh.hr)}% (${dh.wins}-${dh.losses}) over the last 14 days, under the ${f1(ctx.breakEvenHr)}% break-even`,
    );
  }
  if (p.direction_conflict) {
    warnings.push(
      `Models split at edge ${Number(ctx.cfg.edgeFloor.toFixed(1))}+: ${p.n_over_eligible} OVER vs ${p.n_under_eligible} UNDER`,
    );
  }
  list.push(...warnings);
  return { angles: list.slice(0, a.maxStored), warnings };
}

/** Public angles: the ULTRA angle dropped while the gate is unmet, then the first maxPublic. */
export function publicAngles(angles: string[], gateMet: boolean, maxPublic: number): string[] {
  return angles.filter((t) => gateMet || !t.startsWith(ULTRA_PREFIX)).slice(0, maxPublic);
}
