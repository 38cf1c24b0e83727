// The few numbers the site derives for its charts (web/src/derive.ts), against hand-computed values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cumulativeUnits, pickUnits, wilson } from '../../web/src/derive.ts';
import { launch } from './helpers/browser.ts';

const p = (result: any, price: number | null, status: 'active' | 'withdrawn' = 'active') => ({
  result,
  price,
  status,
});

test('units of one pick: WIN pays the price, LOSS −1, PUSH/VOID 0, ungraded or withdrawn none', () => {
  assert.equal(pickUnits(p('WIN', 120)), 1.2);
  assert.equal(pickUnits(p('WIN', -110)), 100 / 110);
  assert.equal(pickUnits(p('WIN', null)), 100 / 110, 'no listed price: −110 assumed');
  assert.equal(pickUnits(p('LOSS', -105)), -1);
  assert.equal(pickUnits(p('PUSH', -110)), 0);
  assert.equal(pickUnits(p('VOID', -110)), 0);
  assert.equal(pickUnits(p(null, -110)), null);
  assert.equal(pickUnits(p('WIN', -110, 'withdrawn')), null);
});

test('cumulative units by day, oldest first, rounded to 0.01', () => {
  const day = (date: string, picks: any[]) => ({ date, picks });
  const weeks = [
    // newest week first, as all.json lists them
    { days: [day('2025-11-12', [p('WIN', 150)]), day('2025-11-11', [p(null, -110)])] },
    { days: [day('2025-11-05', [p('WIN', -105), p('LOSS', -110), p('WIN', -110, 'withdrawn')])] },
  ] as any;
  // 11-05: 100/105 − 1 = −0.0476 → −0.05; 11-12: −0.0476 + 1.5 = 1.4524 → 1.45; 11-11 has no graded pick
  assert.deepEqual(cumulativeUnits({ weeks }), { dates: ['2025-11-05', '2025-11-12'], units: [-0.05, 1.45] });
});

test('Wilson 95% band from a hit rate and N: the records of spec 07 §2.1', () => {
  assert.deepEqual(wilson(50, 2), [9.5, 90.5]); // 1-1
  assert.deepEqual(wilson(70, 10), [39.7, 89.2]); // 7-3 (last_10 of the example)
  assert.deepEqual(wilson(null, 0), [null, null]);
  assert.deepEqual(wilson(60, 0), [null, null]);
});

test('a missing Chromium fails at once with a message naming the path', async () => {
  await assert.rejects(
    launch('/nonexistent/chromium'),
    /Chromium not found at \/nonexistent\/chromium: install it/,
  );
});
