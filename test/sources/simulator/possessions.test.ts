import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fitPossessions, possessions } from '../../../src/sources/simulator/possessions.ts';
import { Rng } from '../../../src/sources/simulator/rng.ts';
import { makePlayerGame, type PlayerGame, ZERO_BOX } from '../../../src/sources/simulator/season.ts';

function line(over: Partial<PlayerGame> & { share3?: number }): PlayerGame {
  const { share3 = 0.3, seconds = 1800, ...box } = over;
  const player = { share3, paintShare: 0.5 } as PlayerGame['player'];
  return { ...makePlayerGame(player, 'BOS', 'played', true, seconds, ZERO_BOX, null), ...box };
}

test('possessions: FGA − OREB + TOV + 0.44·FTA plus team turnovers', () => {
  const a = line({ fga: 20, fg3a: 6, paintA: 8, midA: 6, oreb: 3, tov: 2, fta: 10 });
  const b = line({ fga: 10, fg3a: 2, paintA: 4, midA: 4, oreb: 1, tov: 1, fta: 5 });
  // (20 − 3 + 2 + 4.4) + (10 − 1 + 1 + 2.2) + 1 = 23.4 + 12.2 + 1 = 36.6
  assert.equal(Math.round(possessions([a, b], 1) * 100) / 100, 36.6);
});

test('fitPossessions adds misses up to the target and changes no made shot or point', () => {
  const a = line({ points: 20, fgm: 8, fga: 16, fg3m: 2, fg3a: 5, paintA: 7, paintM: 4, midA: 4, midM: 2 });
  const b = line({ points: 6, fgm: 3, fga: 6, paintA: 6, paintM: 3, seconds: 600 });
  const before = possessions([a, b], 0); // 22
  const after = fitPossessions(new Rng(1, 't'), [a, b], 0, before + 9);
  assert.equal(after, before + 9);
  assert.equal(a.fga + b.fga, 31);
  assert.deepEqual([a.points, a.fgm, a.fg3m, a.paintM, a.midM], [20, 8, 2, 4, 2]);
  for (const x of [a, b]) assert.equal(x.fga, x.fg3a + x.paintA + x.midA);
});

test('fitPossessions removes misses only, and stops when none is left', () => {
  const a = line({ points: 10, fgm: 4, fga: 7, fg3m: 2, fg3a: 3, paintA: 2, paintM: 2, midA: 2, midM: 0 });
  // 3 misses: one three, two mid-range. Ask for 10 fewer possessions: only 3 can go.
  const after = fitPossessions(new Rng(2, 't'), [a], 0, possessions([a], 0) - 10);
  assert.equal(after, 4);
  assert.deepEqual([a.fga, a.fgm, a.fg3a, a.fg3m, a.paintA, a.midA], [4, 4, 2, 2, 2, 0]);
});

test('property: the fitted side reaches round(target) when misses allow and keeps every invariant', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          made3: fc.nat(5),
          miss3: fc.nat(6),
          madeP: fc.nat(8),
          missP: fc.nat(8),
          madeM: fc.nat(5),
          missM: fc.nat(5),
          oreb: fc.nat(4),
          tov: fc.nat(5),
          fta: fc.nat(10),
          seconds: fc.integer({ min: 0, max: 2880 }),
        }),
        { minLength: 1, maxLength: 12 },
      ),
      fc.integer({ min: -40, max: 40 }),
      fc.nat(1000),
      (rows, shift, seed) => {
        const lines = rows.map((r) =>
          line({
            seconds: r.seconds,
            fg3m: r.made3,
            fg3a: r.made3 + r.miss3,
            paintM: r.madeP,
            paintA: r.madeP + r.missP,
            midM: r.madeM,
            midA: r.madeM + r.missM,
            fgm: r.made3 + r.madeP + r.madeM,
            fga: r.made3 + r.miss3 + r.madeP + r.missP + r.madeM + r.missM,
            points: 3 * r.made3 + 2 * (r.madeP + r.madeM),
            oreb: r.oreb,
            tov: r.tov,
            fta: r.fta,
          }),
        );
        const points = lines.map((x) => x.points);
        const made = lines.map((x) => [x.fgm, x.fg3m, x.paintM, x.midM]);
        const start = possessions(lines, 1);
        const misses = rows.reduce(
          (a, r, i) => a + (lines[i].seconds > 0 ? r.miss3 + r.missP + r.missM : 0),
          0,
        );
        const anyPlayed = lines.some((x) => x.seconds > 0);
        const after = fitPossessions(new Rng(seed, 'p'), lines, 1, start + shift);
        const moved = Math.round(after - start);
        if (!anyPlayed) assert.equal(moved, 0);
        else if (shift >= 0) assert.equal(moved, shift);
        else assert.equal(moved, Math.max(shift, -misses));
        lines.forEach((x, i) => {
          assert.equal(x.points, points[i]);
          assert.deepEqual([x.fgm, x.fg3m, x.paintM, x.midM], made[i]);
          assert.equal(x.fga, x.fg3a + x.paintA + x.midA);
          assert.ok(x.fg3a >= x.fg3m && x.paintA >= x.paintM && x.midA >= x.midM);
          if (x.seconds === 0)
            assert.equal(
              x.fga,
              rows[i].made3 + rows[i].miss3 + rows[i].madeP + rows[i].missP + rows[i].madeM + rows[i].missM,
            );
        });
      },
    ),
  );
});
