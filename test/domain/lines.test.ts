import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type BookLine,
  closingLine,
  consensusLine,
  effectiveTip,
  lineSanityProblem,
  mainRung,
  openingLine,
} from '../../src/domain/lines.ts';

const TIP = '2025-11-20T00:30:00.000Z';
const opts = { tip: TIP, staleAfterHours: 12, outlierPoints: 6 };
const L = (book: string, line: number, captured_at: string): BookLine => ({ book, line, captured_at });

test('spec 01 §6 example: Bovada ladder main rung is 12.5', () => {
  const ladder = [
    { line: 11.5, over_price: -140, under_price: 105 },
    { line: 12.5, over_price: -115, under_price: -115 },
    { line: 13.5, over_price: 120, under_price: -155 },
  ];
  assert.equal(mainRung(ladder)?.line, 12.5);
  // A rung missing a price is never main, even when it would be closest.
  assert.equal(mainRung([{ line: 10.5, over_price: null, under_price: -110 }, ladder[0]])?.line, 11.5);
  assert.equal(mainRung([{ line: 10.5, over_price: -110, under_price: null }]), null);
  // Equal gaps → the lower line.
  assert.equal(
    mainRung([
      { line: 21.5, over_price: -120, under_price: -100 },
      { line: 20.5, over_price: -100, under_price: -120 },
    ])?.line,
    20.5,
  );
});

test('spec 01 §6 example: consensus 12.5 from DK, FD (12:00Z), MGM, Bovada at 17:00Z', () => {
  const mains = [
    L('draftkings', 12.5, '2025-11-19T17:00:00Z'),
    L('fanduel', 13.5, '2025-11-19T12:00:00Z'),
    L('betmgm', 12.5, '2025-11-19T17:00:00Z'),
    L('bovada', 12.5, '2025-11-19T17:00:00Z'),
  ];
  const c = consensusLine(mains, { ...opts, at: '2025-11-19T17:00:00Z' });
  assert.equal(c.line, 12.5);
  assert.equal(c.book, 'consensus');
  assert.equal(c.n_books, 4);
  assert.equal(c.odds_captured_at, '2025-11-19T17:00:00Z');
});

test('spec 04 §4.2 examples: 24.5 from 4 books; a 22.5/23.5 tie takes the lower line', () => {
  const at = '2025-11-19T18:00:00Z';
  const four = ['draftkings', 'fanduel', 'bovada'].map((b) => L(b, 24.5, at)).concat(L('betmgm', 25.5, at));
  assert.deepEqual(
    [consensusLine(four, { ...opts, at }).line, consensusLine(four, { ...opts, at }).n_books],
    [24.5, 4],
  );
  const tie = consensusLine([L('draftkings', 23.5, at), L('fanduel', 22.5, at)], { ...opts, at });
  assert.equal(tie.line, 22.5);
  const one = consensusLine([L('fanduel', 22.5, at)], { ...opts, at });
  assert.deepEqual([one.line, one.book], [22.5, 'fanduel']);
});

test('only each book latest snapshot at or before t and before tip counts', () => {
  const mains = [
    L('draftkings', 20.5, '2025-11-19T14:00:00Z'),
    L('draftkings', 21.5, '2025-11-19T17:00:00Z'),
    L('draftkings', 30.5, '2025-11-20T00:31:00Z'), // after tip: never counts
    L('fanduel', 21.5, '2025-11-19T18:00:00Z'), // after t
  ];
  const c = consensusLine(mains, { ...opts, at: '2025-11-19T17:30:00Z' });
  assert.deepEqual([c.line, c.n_books, c.book], [21.5, 1, 'draftkings']);
  const close = closingLine(mains, opts);
  assert.deepEqual([close.line, close.n_books], [21.5, 2]);
  const open = openingLine(mains, opts);
  assert.deepEqual([open.line, open.book], [20.5, 'draftkings']);
});

test('stale books and outliers are left out and reported', () => {
  const at = '2025-11-19T23:00:00Z';
  const mains = [
    L('draftkings', 22.5, '2025-11-19T22:00:00Z'),
    L('fanduel', 22.5, '2025-11-19T21:00:00Z'),
    L('betmgm', 23.5, '2025-11-19T21:00:00Z'),
    L('bovada', 30.5, '2025-11-19T22:00:00Z'), // 8 from the others' median 22.5
    L('caesars', 18.5, '2025-11-19T09:00:00Z'), // 14 h before t: stale
  ];
  const c = consensusLine(mains, { ...opts, at });
  assert.equal(c.line, 22.5);
  assert.deepEqual(
    c.stale.map((l) => l.book),
    ['caesars'],
  );
  assert.deepEqual(
    c.outliers.map((l) => l.book),
    ['bovada'],
  );
  assert.equal(c.n_books, 3);
});

test('property: the consensus is always a quoted line of a contributing book', () => {
  const book = fc.constantFrom('a', 'b', 'c', 'd', 'e');
  const snap = fc.record({
    book,
    line: fc.integer({ min: 1, max: 80 }).map((x) => x + 0.5),
    captured_at: fc
      .integer({ min: 0, max: 20 })
      .map((h) => new Date(Date.parse('2025-11-19T04:00:00Z') + h * 3600e3).toISOString()),
  });
  fc.assert(
    fc.property(fc.array(snap, { maxLength: 12 }), (mains) => {
      const c = consensusLine(mains, { ...opts, at: '2025-11-20T00:00:00Z' });
      if (c.line === null) assert.equal(c.contributing.length, 0);
      else assert.ok(c.contributing.some((l) => l.line === c.line));
      assert.equal(
        c.contributing.length + c.stale.length + c.outliers.length,
        new Set(mains.map((m) => m.book)).size,
      );
    }),
  );
});

test('effective tip: start_utc, else 19:00 Eastern on the game date', () => {
  assert.equal(effectiveTip({ game_date: '2025-11-19', start_utc: TIP }), TIP);
  assert.equal(effectiveTip({ game_date: '2025-11-19', start_utc: null }), '2025-11-20T00:00:00.000Z');
  assert.equal(effectiveTip({ game_date: '2025-10-22', start_utc: null }), '2025-10-22T23:00:00.000Z');
});

test('line sanity', () => {
  assert.equal(lineSanityProblem(24.5, -110, -110), null);
  assert.equal(lineSanityProblem(24.5, -110, null), null);
  assert.match(lineSanityProblem(0, -110, -110)!, /not positive/);
  assert.match(lineSanityProblem(80.5, -110, -110)!, /above 80/);
  assert.match(lineSanityProblem(24.25, -110, -110)!, /multiple of 0.5/);
  assert.match(lineSanityProblem(24.5, null, 50)!, /both prices missing/);
});
