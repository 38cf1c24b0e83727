import type { Config } from '../config/schema.ts';
import { type EvalRow, type Evaluation, evaluate } from './evaluation.ts';

/**
 * Model gates (spec 03 §8). Pure: an evaluation of the gate period in, one result per gate
 * out. Outcomes are pass, fail or insufficient (00-decisions): insufficient when there are not
 * enough evaluation days or rows to judge; it never counts as a pass (`gates_passed` needs
 * every gate to pass) but `train --enable` enables a model whose gates have no `fail`.
 */

export type GatesConfig = Config['models']['gates'];
export type GateOutcome = 'pass' | 'fail' | 'insufficient';
export type GateName = 'duplicate_window' | 'line_bias' | 'tier_bias' | 'hr3' | 'directional' | 'mae_vs_line';
export const GATE_NAMES: GateName[] = [
  'duplicate_window',
  'line_bias',
  'tier_bias',
  'hr3',
  'directional',
  'mae_vs_line',
];

export interface GateResult {
  gate: GateName;
  pass: boolean;
  outcome: GateOutcome;
  figure: number | string | null;
  threshold: number | string | null;
  n: number;
  note?: string;
  /** directional: per side; duplicate_window: duplicate_of. */
  detail?: Record<string, unknown>;
}

export type GateResults = Record<GateName, GateResult>;

export interface GateContext {
  /** Another model of the family with this window, if any. */
  duplicateOf?: string | null;
  /** --force: a duplicate window passes, recording duplicate_of. */
  force?: boolean;
}

const r4 = (x: number | null) => (x === null ? null : Math.round(x * 10000) / 10000);

function result(
  gate: GateName,
  outcome: GateOutcome,
  figure: number | string | null,
  threshold: number | string | null,
  n: number,
  extra: Partial<GateResult> = {},
): GateResult {
  return { gate, pass: outcome === 'pass', outcome, figure, threshold, n, ...extra };
}

/** Every gate on an evaluation of the gate period's rows. */
export function evaluateGates(ev: Evaluation, cfg: GatesConfig, ctx: GateContext = {}): GateResults {
  const enoughDays = ev.lined_days >= cfg.minEvalGameDays;
  const daysNote = `${ev.lined_days} eval game days < ${cfg.minEvalGameDays}`;

  const dup: GateResult = ctx.duplicateOf
    ? result('duplicate_window', ctx.force ? 'pass' : 'fail', ctx.duplicateOf, null, 0, {
        detail: { duplicate_of: ctx.duplicateOf, forced: !!ctx.force },
      })
    : result('duplicate_window', 'pass', null, null, 0);

  const lineBias =
    ev.bias_vs_line === null
      ? result('line_bias', 'insufficient', null, cfg.maxAbsLineBias, 0, { note: 'no lined rows' })
      : result(
          'line_bias',
          Math.abs(ev.bias_vs_line) <= cfg.maxAbsLineBias ? 'pass' : 'fail',
          r4(ev.bias_vs_line),
          cfg.maxAbsLineBias,
          ev.n_lined,
        );

  const judged = Object.entries(ev.tier_bias).filter(([, t]) => t.n >= cfg.tierMinN && t.bias !== null);
  let worst: [string, number] | null = null;
  for (const [name, t] of judged) {
    if (!worst || Math.abs(t.bias as number) > Math.abs(worst[1])) worst = [name, t.bias as number];
  }
  const tierBias = !worst
    ? result('tier_bias', 'insufficient', null, cfg.maxAbsTierBias, 0, {
        note: `no tier with n ≥ ${cfg.tierMinN}`,
      })
    : result(
        'tier_bias',
        Math.abs(worst[1]) <= cfg.maxAbsTierBias ? 'pass' : 'fail',
        r4(worst[1]),
        cfg.maxAbsTierBias,
        judged.reduce((s, [, t]) => s + t.n, 0),
        { detail: { worst_tier: worst[0] } },
      );

  const h = ev.hr3;
  let hr3: GateResult;
  if (!enoughDays) hr3 = result('hr3', 'insufficient', r4(h.hr), cfg.minHr3, h.n, { note: daysNote });
  else if (h.n < cfg.minHr3N)
    hr3 = result('hr3', 'insufficient', r4(h.hr), cfg.minHr3, h.n, { note: `N=${h.n} < ${cfg.minHr3N}` });
  else hr3 = result('hr3', (h.hr as number) >= cfg.minHr3 ? 'pass' : 'fail', r4(h.hr), cfg.minHr3, h.n);

  const sides = { over: ev.by_side.over, under: ev.by_side.under };
  const sideDetail: Record<string, unknown> = {};
  let lowest: number | null = null;
  let sideFail = false;
  for (const [name, s] of Object.entries(sides)) {
    const assessed = s.n >= cfg.minSideN;
    sideDetail[name] = { hr: r4(s.hr), n: s.n, assessed, ...(assessed ? {} : { not_assessed: true }) };
    if (!assessed) continue;
    if (lowest === null || (s.hr as number) < lowest) lowest = s.hr as number;
    if ((s.hr as number) < cfg.minSideHr3) sideFail = true;
  }
  const directional = !enoughDays
    ? result('directional', 'insufficient', r4(lowest), cfg.minSideHr3, h.n, {
        note: daysNote,
        detail: sideDetail,
      })
    : result('directional', sideFail ? 'fail' : 'pass', r4(lowest), cfg.minSideHr3, h.n, {
        detail: sideDetail,
        ...(lowest === null ? { note: 'not_assessed: no side has enough bets' } : {}),
      });

  const mae =
    ev.mae_lined === null || ev.line_mae === null
      ? result('mae_vs_line', 'insufficient', null, cfg.maxMaeOverLine, 0, { note: 'no lined rows' })
      : result(
          'mae_vs_line',
          ev.mae_lined <= ev.line_mae + cfg.maxMaeOverLine + 1e-12 ? 'pass' : 'fail',
          r4(ev.mae_lined - ev.line_mae),
          cfg.maxMaeOverLine,
          ev.n_lined,
          { detail: { mae_lined: r4(ev.mae_lined), line_mae: r4(ev.line_mae) } },
        );

  return {
    duplicate_window: dup,
    line_bias: lineBias,
    tier_bias: tierBias,
    hr3,
    directional,
    mae_vs_line: mae,
  };
}

/** Convenience: evaluate the rows, then the gates. */
export function gateRows(rows: readonly EvalRow[], cfg: GatesConfig, ctx: GateContext = {}) {
  const ev = evaluate(rows);
  return { evaluation: ev, gates: evaluateGates(ev, cfg, ctx) };
}

/** Every gate passed (what promotion requires). */
export function gatesPassed(g: GateResults): boolean {
  return Object.values(g).every((x) => x.outcome === 'pass');
}

/** No gate failed: `train --enable` and the weekly auto-enable accept insufficient gates. */
export function gatesNoFail(g: GateResults): boolean {
  return Object.values(g).every((x) => x.outcome !== 'fail');
}

/** "4/6" for listings. */
export function gateSummary(g: GateResults | null | undefined): string {
  if (!g) return '-';
  const all = Object.values(g);
  return `${all.filter((x) => x.pass).length}/${all.length}`;
}
