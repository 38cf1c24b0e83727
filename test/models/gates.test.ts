import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configSchema } from '../../src/config/schema.ts';
import { type EvalRow, wilson } from '../../src/models/evaluation.ts';
import { mulberry32 } from '../../src/models/evidence.ts';
import {
  evaluateGates,
  failedGates,
  gateColumn,
  gatesNoFail,
  gatesPassed,
  promotable,
} from '../../src/models/gates.ts';

/**
 * Every gate at its boundaries (pass, fail, insufficient) with hand-computed figures and
 * intervals, and the simulation property of the gates issue. Defaults: HR bars 52%, hr3 N ≥ 50,
 * sides N ≥ 15, ≥ 7 lined eval days, ≥ 30 lined rows for the mean/bootstrap gates.
 */

const cfg = configSchema.parse({}).models.gates;
const day = (i: number, days: number) => `2025-11-${String(1 + (i % days)).padStart(2, '0')}`;

/** n bets on one side (edge ±3.5 at line 20.5), the first `wins` winning, over `days` dates. */
function bets(wins: number, n: number, side: 'OVER' | 'UNDER' = 'OVER', days = 14): EvalRow[] {
  const over = side === 'OVER';
  return Array.from({ length: n }, (_, i) => ({
    game_date: day(i, days),
    predicted: over ? 24 : 17,
    line: 20.5,
    actual: over === i < wins ? 23 : 18,
    season_avg_pre: 20,
  }));
}

test('hr3: Wilson interval against the 52% bar — 118/200 pass, 117 and 91 insufficient, 90 fail', () => {
  const pass = evaluateGates(bets(118, 200), cfg).hr3;
  assert.equal(pass.outcome, 'pass');
  assert.equal(pass.figure, 0.59);
  assert.deepEqual(pass.interval, { low: 0.5208, high: 0.6558 });
  assert.equal(pass.threshold, 0.52);
  assert.equal(pass.n, 200);
  // ((1.96 + 0.8416) · √(0.55 · 0.45) / 0.03)² = 2158.5 → 2159 bets to detect 55% against 52%.
  assert.equal(pass.n_needed, 2159);

  const below = evaluateGates(bets(117, 200), cfg).hr3;
  assert.equal(below.outcome, 'insufficient'); // [0.5157, 0.6511] straddles 0.52
  assert.equal(below.interval?.low, 0.5157);

  const fail = evaluateGates(bets(90, 200), cfg).hr3;
  assert.equal(fail.outcome, 'fail'); // [0.3826, 0.5192]: wholly below the bar
  assert.deepEqual(fail.interval, { low: 0.3826, high: 0.5192 });
  assert.equal(evaluateGates(bets(91, 200), cfg).hr3.outcome, 'insufficient'); // high 0.5242

  // The spec's old example, 33/58 = 56.9% [44.1%, 68.8%], no longer passes: it straddles 52%.
  const spec = evaluateGates(bets(33, 58), cfg).hr3;
  assert.equal(spec.outcome, 'insufficient');
  assert.deepEqual(spec.interval, { low: 0.4412, high: 0.6882 });
});

test('hr3: N below minHr3N or fewer than 7 lined days is insufficient whatever the interval', () => {
  const few = evaluateGates(bets(49, 49), cfg).hr3; // 100% of 49: interval [0.927, 1]
  assert.equal(few.outcome, 'insufficient');
  assert.match(few.note ?? '', /N=49 < 50/);
  assert.equal(evaluateGates(bets(50, 50), cfg).hr3.outcome, 'pass');
  const short = evaluateGates(bets(150, 200, 'OVER', 6), cfg);
  assert.equal(short.hr3.outcome, 'insufficient');
  assert.match(short.hr3.note ?? '', /6 eval game days < 7/);
  assert.equal(short.directional.outcome, 'insufficient');
  assert.equal(short.log_loss.outcome, 'insufficient');
});

test('directional: each side with N ≥ 15 on its own Wilson interval', () => {
  const both = evaluateGates([...bets(62, 100), ...bets(62, 100, 'UNDER')], cfg).directional;
  assert.equal(both.outcome, 'pass'); // 62/100: [0.5221, 0.7090]
  assert.deepEqual(both.interval, { low: 0.5221, high: 0.709 });

  const straddle = evaluateGates([...bets(62, 100), ...bets(61, 100, 'UNDER')], cfg).directional;
  assert.equal(straddle.outcome, 'insufficient'); // UNDER [0.5120, 0.6998]
  assert.equal(straddle.figure, 0.61);
  assert.equal((straddle.detail as any).lowest_side, 'under');

  const fail = evaluateGates([...bets(62, 100), ...bets(42, 100, 'UNDER')], cfg).directional;
  assert.equal(fail.outcome, 'fail'); // UNDER 42/100: [0.3280, 0.5179]
  assert.deepEqual(fail.interval, { low: 0.328, high: 0.5179 });
  assert.equal((fail.detail as any).over.outcome, 'pass');
  assert.equal(
    evaluateGates([...bets(62, 100), ...bets(43, 100, 'UNDER')], cfg).directional.outcome,
    'insufficient', // high 0.5278
  );

  // A side with 14 bets is not assessed; the other side decides.
  const small = evaluateGates([...bets(62, 100), ...bets(0, 14, 'UNDER')], cfg).directional;
  assert.equal(small.outcome, 'pass');
  assert.equal((small.detail as any).under.not_assessed, true);
  const none = evaluateGates([...bets(10, 14), ...bets(10, 14, 'UNDER')], cfg).directional;
  assert.equal(none.outcome, 'insufficient');
  assert.match(none.note ?? '', /no side has N ≥ 15/);
});

/** n lined rows with predicted − line = diffs[i % diffs.length] (line 20.5, actual 21). */
function biasRows(diffs: number[], n: number, avg = 20): EvalRow[] {
  return Array.from({ length: n }, (_, i) => ({
    game_date: day(i, 14),
    predicted: 20.5 + diffs[i % diffs.length],
    line: 20.5,
    actual: 21,
    season_avg_pre: avg,
  }));
}

test('line_bias: the t interval of mean(predicted − line) inside ±1.5', () => {
  const exact = evaluateGates(biasRows([1.5], 30), cfg).line_bias;
  assert.equal(exact.outcome, 'pass'); // sd 0: the interval is the point 1.5, on the bar
  assert.deepEqual(exact.interval, { low: 1.5, high: 1.5 });
  assert.equal(evaluateGates(biasRows([1.51], 30), cfg).line_bias.outcome, 'fail');
  assert.equal(evaluateGates(biasRows([-1.51], 30), cfg).line_bias.outcome, 'fail');

  // Alternating 1 and 2 (n 40): mean 1.5, sd 0.5064, t(39) = 2.021 ⇒ [1.3382, 1.6618].
  const straddle = evaluateGates(biasRows([1, 2], 40), cfg).line_bias;
  assert.equal(straddle.outcome, 'insufficient');
  assert.equal(straddle.figure, 1.5);
  assert.deepEqual(straddle.interval, { low: 1.3382, high: 1.6618 });
  // Alternating 0.5 and 1.5: [0.8382, 1.1618] inside; 9 rows would resolve the 0.5 gap.
  const inside = evaluateGates(biasRows([0.5, 1.5], 40), cfg).line_bias;
  assert.equal(inside.outcome, 'pass');
  assert.deepEqual(inside.interval, { low: 0.8382, high: 1.1618 });
  assert.equal(inside.n_needed, 9);
  assert.equal(evaluateGates(biasRows([1.8, 2.8], 40), cfg).line_bias.outcome, 'fail'); // [2.138, 2.462]

  const few = evaluateGates(biasRows([0], 29), cfg).line_bias;
  assert.equal(few.outcome, 'insufficient');
  assert.match(few.note ?? '', /29 lined rows < 30/);
});

/** n rows of a tier (season average avg) with predicted − actual = errs[i % len]. */
function tierRows(errs: number[], n: number, avg: number): EvalRow[] {
  return Array.from({ length: n }, (_, i) => ({
    game_date: day(i, 14),
    predicted: 20 + errs[i % errs.length],
    line: 20.5,
    actual: 20,
    season_avg_pre: avg,
  }));
}

test('tier_bias: each tier with n ≥ 10 on its t interval inside ±5', () => {
  assert.equal(evaluateGates(tierRows([5], 10, 10), cfg).tier_bias.outcome, 'pass');
  const fail = evaluateGates(tierRows([5.01], 10, 10), cfg).tier_bias;
  assert.equal(fail.outcome, 'fail');
  assert.equal(fail.detail?.worst_tier, 'role');
  // Alternating 4 and 6 on 10 rows: mean 5, sd 1.0541, t(9) 2.262 ⇒ [4.246, 5.754].
  const straddle = evaluateGates(tierRows([4, 6], 10, 10), cfg).tier_bias;
  assert.equal(straddle.outcome, 'insufficient');
  assert.deepEqual(straddle.interval, { low: 4.246, high: 5.754 });
  // 9 star rows off by 8 are not judged; the role tier (bias 0) passes.
  const g = evaluateGates([...tierRows([8], 9, 30), ...tierRows([0], 10, 10)], cfg).tier_bias;
  assert.equal(g.outcome, 'pass');
  assert.equal(g.detail?.worst_tier, 'role');
  assert.equal((g.detail as any).tiers.star.not_assessed, true);
  assert.equal(evaluateGates(tierRows([8], 9, 30), cfg).tier_bias.outcome, 'insufficient');
});

/** Rows whose model error exceeds the line's by d[i % len] (line 22, actual 21). */
function maeRows(d: number[], n: number, seedDays = 14): EvalRow[] {
  return Array.from({ length: n }, (_, i) => ({
    game_date: day(i, seedDays),
    predicted: 22 + d[i % d.length],
    line: 22,
    actual: 21,
    season_avg_pre: 20,
  }));
}

test('mae_vs_line: seeded paired bootstrap of mean(|model error| − |line error|) against +0.3', () => {
  const exact = evaluateGates(maeRows([0.3], 40), cfg).mae_vs_line;
  assert.equal(exact.outcome, 'pass'); // every difference 0.3: the interval is the point 0.3
  assert.deepEqual(exact.interval, { low: 0.3, high: 0.3 });
  assert.equal(evaluateGates(maeRows([0.31], 40), cfg).mae_vs_line.outcome, 'fail');
  assert.equal(evaluateGates(maeRows([0], 40), cfg).mae_vs_line.outcome, 'pass');

  // Half 0, half 0.6: mean 0.3, bootstrap SE ≈ 0.3/√200 = 0.021 ⇒ about [0.258, 0.342].
  const mixed = evaluateGates(maeRows([0, 0.6], 200), cfg).mae_vs_line;
  assert.equal(mixed.outcome, 'insufficient');
  assert.equal(mixed.figure, 0.3);
  assert.ok(mixed.interval!.low! > 0.25 && mixed.interval!.low! < 0.27, `low ${mixed.interval!.low}`);
  assert.ok(mixed.interval!.high! > 0.33 && mixed.interval!.high! < 0.35, `high ${mixed.interval!.high}`);
  // Half 0.1, half 0.3: mean 0.2, interval ≈ [0.186, 0.214] wholly below the tolerance.
  assert.equal(evaluateGates(maeRows([0.1, 0.3], 200), cfg).mae_vs_line.outcome, 'pass');
  assert.equal(evaluateGates(maeRows([0.4, 0.6], 200), cfg).mae_vs_line.outcome, 'fail');

  // Seeded: the same rows give the same interval (gates-evidence.test.ts: another seed, another one).
  const again = evaluateGates(maeRows([0, 0.6], 200), cfg).mae_vs_line;
  assert.deepEqual(again.interval, mixed.interval);

  const few = evaluateGates(maeRows([0], 29), cfg).mae_vs_line;
  assert.equal(few.outcome, 'insufficient');
});

/** 1000 priced rows at −110/−110 (no-vig 0.5) with p_over p, `overs` of them going over. */
function llRows(overs: number, p: number | null, prices = true): EvalRow[] {
  return Array.from({ length: 1000 }, (_, i) => ({
    game_date: day(i, 14),
    predicted: 21,
    line: 20.5,
    actual: i < overs ? 23 : 18,
    p_over: p,
    over_price: prices ? -110 : null,
    under_price: prices ? -110 : null,
    season_avg_pre: 20,
  }));
}

test('log_loss: paired bootstrap of log loss − no-vig market log loss against 0', () => {
  // p 0.6 vs 0.5: −ln 0.6 + ln 0.5 = −0.1823 on an over, −ln 0.4 + ln 0.5 = +0.2231 on an under.
  const better = evaluateGates(llRows(600, 0.6), cfg).log_loss;
  assert.equal(better.outcome, 'pass'); // 0.6·(−0.1823) + 0.4·0.2231 = −0.0201, SE 0.0063
  assert.equal(better.figure, -0.0201);
  assert.equal(better.n, 1000);
  assert.ok(
    better.interval!.high! < -0.007 && better.interval!.low! > -0.034,
    JSON.stringify(better.interval),
  );
  // sd 0.1987 per row; the gain of a 3-point edge is 0.0018 nats ⇒ (2.8016 · 0.1987 / 0.0018)² rows.
  assert.equal(better.n_needed, 95565);

  const worse = evaluateGates(llRows(400, 0.6), cfg).log_loss;
  assert.equal(worse.outcome, 'fail'); // +0.0610
  assert.equal(worse.figure, 0.061);
  const even = evaluateGates(llRows(550, 0.6), cfg).log_loss;
  assert.equal(even.outcome, 'insufficient'); // +0.0001, the interval holds 0
  assert.ok(even.interval!.low! < 0 && even.interval!.high! > 0);

  // The market's own probability: every difference is 0, the point interval sits on the bar.
  const same = evaluateGates(llRows(300, 0.5), cfg).log_loss;
  assert.equal(same.outcome, 'pass');
  assert.deepEqual(same.interval, { low: 0, high: 0 });
  // The probability judged is configurable (the probabilities issue passes p_final).
  assert.equal(evaluateGates(llRows(400, 0.6), cfg, { probability: () => 0.5 }).log_loss.outcome, 'pass');

  const unpriced = evaluateGates(llRows(600, 0.6, false), cfg).log_loss;
  assert.equal(unpriced.outcome, 'insufficient');
  assert.match(unpriced.note ?? '', /0 priced rows < 30/);
  assert.equal(evaluateGates(llRows(600, null), cfg).log_loss.outcome, 'insufficient');
});

test('duplicate_window fails unless forced, and records duplicate_of', () => {
  const rows = bets(30, 50);
  assert.equal(evaluateGates(rows, cfg, {}).duplicate_window.outcome, 'pass');
  const dup = evaluateGates(rows, cfg, { duplicateOf: 'gbdt_v9_train0910_1104' }).duplicate_window;
  assert.equal(dup.outcome, 'fail');
  const forced = evaluateGates(rows, cfg, { duplicateOf: 'gbdt_v9_train0910_1104', force: true });
  assert.equal(forced.duplicate_window.outcome, 'pass');
  assert.equal(forced.duplicate_window.detail?.duplicate_of, 'gbdt_v9_train0910_1104');
});

test('enabling needs no fail; promotion also needs a pass on hr3 or log_loss; one compact column', () => {
  // 118/200 OVER bets: hr3 pass; no prices ⇒ log_loss insufficient; every bet is 3.5 above the
  // line (line_bias fails); excess error (118·−1.5 + 82·3.5)/200 = +0.55 with SE 0.17 straddles 0.3.
  const g = evaluateGates(bets(118, 200), cfg);
  assert.equal(g.hr3.outcome, 'pass');
  assert.equal(g.mae_vs_line.figure, 0.55);
  assert.equal(g.mae_vs_line.outcome, 'insufficient');
  assert.deepEqual(failedGates(g), ['line_bias']);
  assert.equal(gatesNoFail(g), false);
  assert.equal(promotable(g, ['hr3', 'log_loss']), false);
  const clean = {
    ...g,
    line_bias: { ...g.line_bias, outcome: 'pass' as const },
  };
  assert.equal(gatesNoFail(clean), true);
  // Advisory gates (models.registry.advisoryGates) do not block enabling; they still block promotion.
  const llFail = { ...clean, log_loss: { ...clean.log_loss, outcome: 'fail' as const } };
  assert.equal(gatesNoFail(llFail), false);
  assert.equal(gatesNoFail(llFail, ['log_loss']), true);
  assert.deepEqual(failedGates(llFail, ['log_loss']), []);
  assert.equal(promotable(llFail, ['hr3', 'log_loss']), false);
  assert.equal(gatesPassed(clean), false);
  assert.equal(promotable(clean, ['hr3', 'log_loss']), true);
  assert.equal(promotable(clean, ['log_loss']), false);
  assert.equal(gateColumn(clean), 'hr3+ dir+ mae? ll? lb+ tb+');
  assert.equal(gateColumn(g), 'hr3+ dir+ mae? ll? lb✗ tb+');
  const dup = evaluateGates(bets(1, 2), cfg, { duplicateOf: 'x' });
  assert.equal(gateColumn(dup), 'dup✗ hr3? dir? mae? ll? lb? tb?');
  // A row stored before log_loss existed shows the gates it has.
  const { log_loss: _, ...old } = clean;
  assert.equal(gateColumn(old), 'hr3+ dir+ mae? lb+ tb+');
  assert.equal(gateColumn(null), '-');
});

test('simulation: at a true 50% hr3 passes in ≤ 2.5% of draws and fails only below the bar; at 60% with N = 300 it passes in ≥ 80%', () => {
  const fast = { ...cfg, bootstrapDraws: 100 };
  const rnd = mulberry32(20251030);
  const draw = (p: number, n: number): EvalRow[] =>
    Array.from({ length: n }, (_, i) => ({
      game_date: day(i, 14),
      predicted: 24,
      line: 20.5,
      actual: rnd() < p ? 23 : 18,
    }));
  const draws = 2000;
  let pass50 = 0;
  let fail50 = 0;
  for (let d = 0; d < draws; d++) {
    const n = 50 + Math.floor(rnd() * 451); // 50 … 500 bets
    const g = evaluateGates(draw(0.5, n), fast).hr3;
    // The stored interval is rounded to 4 dp; judge the unrounded Wilson bounds.
    const ci = wilson(g.detail!.wins as number, n);
    if (g.outcome === 'pass') pass50++;
    if (g.outcome === 'fail') {
      fail50++;
      assert.ok(ci.high! < cfg.minHr3, `fail with upper ${ci.high}`);
    } else if (g.outcome === 'pass') assert.ok(ci.low! >= cfg.minHr3);
    else assert.ok(ci.low! < cfg.minHr3 && ci.high! >= cfg.minHr3);
  }
  assert.ok(pass50 / draws <= 0.025, `true 50%: pass in ${pass50}/${draws}`);
  assert.ok(fail50 > 0, 'a coin flip is confidently below 52% on some large samples');
  let pass60 = 0;
  for (let d = 0; d < draws; d++) if (evaluateGates(draw(0.6, 300), fast).hr3.outcome === 'pass') pass60++;
  // The exact binomial rate is 81.2% (pass needs ≥ 177 wins of 300).
  assert.ok(pass60 / draws >= 0.8, `true 60%, N=300: pass in ${pass60}/${draws}`);
});
