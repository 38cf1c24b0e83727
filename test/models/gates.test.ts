import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import { type EvalRow, evaluate } from '../../src/models/evaluation.ts';
import { evaluateGates, gatesNoFail, gatesPassed } from '../../src/models/gates.ts';

const cfg = configSchema.parse({}).models.gates;

/** n OVER bets (edge +3.5 at line 20.5) of which `wins` win, spread over `days` dates. */
function bets(
  wins: number,
  n: number,
  days: number,
  side: 'OVER' | 'UNDER' = 'OVER',
  startDay = 1,
): EvalRow[] {
  const out: EvalRow[] = [];
  for (let i = 0; i < n; i++) {
    const win = i < wins;
    const over = side === 'OVER';
    out.push({
      game_date: `2025-11-${String(startDay + (i % days)).padStart(2, '0')}`,
      predicted: over ? 24 : 17,
      line: 20.5,
      actual: over === win ? 23 : 18,
      season_avg_pre: 20,
    });
  }
  return out;
}

test('hr3 at its boundary: 53% of 100 passes, 52% fails, N=31 is insufficient', () => {
  // Balanced sides so the directional gate stays out of the way.
  const pass = evaluateGates(evaluate([...bets(27, 50, 7), ...bets(26, 50, 7, 'UNDER')]), cfg);
  assert.equal(pass.hr3.outcome, 'pass');
  assert.equal(pass.hr3.figure, 0.53);
  assert.equal(pass.hr3.n, 100);
  const fail = evaluateGates(evaluate([...bets(26, 50, 7), ...bets(26, 50, 7, 'UNDER')]), cfg);
  assert.equal(fail.hr3.outcome, 'fail');
  const few = evaluateGates(evaluate(bets(20, 31, 7)), cfg);
  assert.equal(few.hr3.outcome, 'insufficient');
  assert.equal(few.hr3.pass, false);
  assert.match(few.hr3.note ?? '', /N=31 < 50/);
  const spec = evaluateGates(evaluate(bets(33, 58, 7)), cfg);
  assert.equal(spec.hr3.outcome, 'pass');
});

test('fewer than 7 eval game days ⇒ HR gates insufficient', () => {
  const g = evaluateGates(evaluate(bets(60, 100, 6)), cfg);
  assert.equal(g.hr3.outcome, 'insufficient');
  assert.equal(g.directional.outcome, 'insufficient');
  assert.equal(g.mae_vs_line.outcome, 'fail'); // errors 1 and 6 vs the line's 2.5: mae 3.0
  assert.equal(gatesPassed(g), false);
  assert.equal(gatesNoFail(g), false);
  const only = {
    ...g,
    line_bias: { ...g.line_bias, outcome: 'pass' as const },
    mae_vs_line: { ...g.mae_vs_line, outcome: 'pass' as const },
  };
  assert.equal(gatesNoFail(only), true);
});

test('directional: a side with N ≥ 15 below 52.4% fails; a smaller side is not assessed', () => {
  const rows = [...bets(40, 60, 7), ...bets(7, 15, 7, 'UNDER')]; // UNDER 46.7%
  const g = evaluateGates(evaluate(rows), cfg);
  assert.equal(g.directional.outcome, 'fail');
  assert.equal(g.directional.figure, 0.4667);
  const small = evaluateGates(evaluate([...bets(40, 60, 7), ...bets(2, 14, 7, 'UNDER')]), cfg);
  assert.equal(small.directional.outcome, 'pass');
  assert.equal((small.directional.detail as any).under.not_assessed, true);
});

test('line_bias boundary 1.5, mae_vs_line boundary +0.3, tier_bias 5 with n ≥ 10', () => {
  const mk = (pred: number, line: number, actual: number, avg = 20, n = 10): EvalRow[] =>
    Array.from({ length: n }, (_, i) => ({
      game_date: `2025-11-0${1 + (i % 7)}`,
      predicted: pred,
      line,
      actual,
      season_avg_pre: avg,
    }));
  // bias 1.5 exactly: passes; 1.51 fails.
  assert.equal(evaluateGates(evaluate(mk(22, 20.5, 21)), cfg).line_bias.outcome, 'pass');
  assert.equal(evaluateGates(evaluate(mk(22.01, 20.5, 21)), cfg).line_bias.outcome, 'fail');
  // mae 1.3 vs line mae 1.0: +0.3 passes; +0.31 fails.
  assert.equal(evaluateGates(evaluate(mk(22.3, 22, 21)), cfg).mae_vs_line.outcome, 'pass');
  assert.equal(evaluateGates(evaluate(mk(22.31, 22, 21)), cfg).mae_vs_line.outcome, 'fail');
  // tier bias 5 passes, 5.01 fails; 9 rows off by 8 are not judged.
  assert.equal(evaluateGates(evaluate(mk(26, 25.5, 21)), cfg).tier_bias.outcome, 'pass');
  assert.equal(evaluateGates(evaluate(mk(26.01, 25.5, 21)), cfg).tier_bias.outcome, 'fail');
  const g = evaluateGates(evaluate([...mk(29, 28.5, 21, 30, 9), ...mk(21, 20.5, 21, 10, 10)]), cfg);
  assert.equal(g.tier_bias.outcome, 'pass');
  assert.equal(g.tier_bias.detail?.worst_tier, 'role');
});

test('duplicate_window fails unless forced, and records duplicate_of', () => {
  const ev = evaluate(bets(30, 50, 7));
  assert.equal(evaluateGates(ev, cfg, {}).duplicate_window.outcome, 'pass');
  const dup = evaluateGates(ev, cfg, { duplicateOf: 'gbdt_v9_train0910_1104' }).duplicate_window;
  assert.equal(dup.outcome, 'fail');
  const forced = evaluateGates(ev, cfg, {
    duplicateOf: 'gbdt_v9_train0910_1104',
    force: true,
  }).duplicate_window;
  assert.equal(forced.outcome, 'pass');
  assert.equal(forced.detail?.duplicate_of, 'gbdt_v9_train0910_1104');
});
