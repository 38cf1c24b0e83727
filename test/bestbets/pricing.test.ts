import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { applyExposureCap, latestSnapshots, priceCandidate } from '../../src/bestbets/pricing.ts';
import { line } from './fixtures.ts';

const cfg = { kellyFraction: 0.25, maxStakePct: 0.02, assumedAmericanPrice: -110 };

test('pricing -110/-110: fair 0.5, EV and quarter Kelly', () => {
  const p = priceCandidate(
    [line()],
    { line: 21.5, direction: 'OVER', p_over: 0.56, book: 'draftkings' },
    cfg,
  );
  assert.equal(p.best_book, 'draftkings');
  assert.equal(p.best_price, -110);
  assert.equal(p.price_source, 'market');
  assert.equal(p.fair_prob, 0.5);
  assert.equal(p.p_direction, 0.56);
  assert.equal(p.ev, 0.0691); // 0.56 × 1.90909 − 1
  assert.equal(p.kelly_full, 0.076); // 0.069091 / 0.909091
  assert.equal(p.stake_pct, 0.019); // 0.25 × 0.076
});

test('pricing -130/+110 on both sides: fair probs, stake capped at 2%', () => {
  const rows = [line({ over_price: -130, under_price: 110 })];
  const over = priceCandidate(rows, { line: 21.5, direction: 'OVER', p_over: 0.6, book: 'draftkings' }, cfg);
  assert.equal(over.best_price, -130);
  assert.equal(over.fair_prob, 0.5427); // (130/230) / (130/230 + 100/210)
  assert.equal(over.ev, 0.0615); // 0.6 × 1.769231 − 1
  assert.equal(over.kelly_full, 0.08); // 0.061538 / 0.769231
  assert.equal(over.stake_pct, 0.02); // 0.25 × 0.08 = 0.02 = cap
  const under = priceCandidate(
    rows,
    { line: 21.5, direction: 'UNDER', p_over: 0.4, book: 'draftkings' },
    cfg,
  );
  assert.equal(under.best_price, 110);
  assert.equal(under.fair_prob, 0.4573);
  assert.equal(under.p_direction, 0.6);
  assert.equal(under.ev, 0.26); // 0.6 × 2.1 − 1
  assert.equal(under.kelly_full, 0.2364); // 0.26 / 1.1
  assert.equal(under.stake_pct, 0.02); // 0.0591 capped
});

test('worked example B: best of three books, median fair, and the UNDER goes negative', () => {
  const rows = [
    line({ book: 'draftkings', line: 24.5, over_price: -110, under_price: -110 }),
    line({ book: 'fanduel', line: 24.5, over_price: -105, under_price: -115 }),
    line({ book: 'betmgm', line: 24.5, over_price: -115, under_price: -105 }),
  ];
  const o = priceCandidate(rows, { line: 24.5, direction: 'OVER', p_over: 0.55, book: 'draftkings' }, cfg);
  assert.equal(o.best_book, 'fanduel');
  assert.equal(o.best_price, -105);
  assert.equal(o.fair_prob, 0.5);
  assert.equal(o.ev, 0.0738);
  assert.equal(o.kelly_full, 0.0775);
  assert.equal(o.stake_pct, 0.0194);
  const u = priceCandidate(rows, { line: 24.5, direction: 'UNDER', p_over: 0.5, book: 'draftkings' }, cfg);
  assert.equal(u.best_book, 'betmgm');
  assert.equal(u.ev, -0.0238);
  assert.equal(u.kelly_full, 0);
  assert.equal(u.stake_pct, 0);
});

test('ties go to the prediction own book, then book name', () => {
  const rows = [line({ book: 'caesars' }), line({ book: 'betmgm' }), line({ book: 'fanduel' })];
  assert.equal(
    priceCandidate(rows, { line: 21.5, direction: 'OVER', p_over: 0.6, book: 'fanduel' }, cfg).best_book,
    'fanduel',
  );
  assert.equal(
    priceCandidate(rows, { line: 21.5, direction: 'OVER', p_over: 0.6, book: 'pinnacle' }, cfg).best_book,
    'betmgm',
  );
});

test('a ladder: only the rung at the line counts, and only each book latest snapshot', () => {
  const t1 = '2025-11-20T12:00:00.000Z';
  const t2 = '2025-11-20T16:00:00.000Z';
  const rows = [
    line({ book: 'draftkings', captured_at: t2, line: 23.5, over_price: -150, under_price: 120 }),
    line({ book: 'draftkings', captured_at: t2, line: 24.5, over_price: -108, under_price: -112 }),
    line({ book: 'draftkings', captured_at: t2, line: 25.5, over_price: 125, under_price: -155 }),
    // fanduel quoted 24.5 at +100 in the morning, but its latest snapshot has only 25.5
    line({ book: 'fanduel', captured_at: t1, line: 24.5, over_price: 100, under_price: -120 }),
    line({ book: 'fanduel', captured_at: t2, line: 25.5, over_price: 120, under_price: -150 }),
    // captured after tip: never read
    line({
      book: 'betmgm',
      captured_at: '2025-11-21T01:00:00.000Z',
      line: 24.5,
      over_price: 150,
      under_price: -200,
    }),
  ];
  const snaps = latestSnapshots(rows, '2025-11-21T02:00:00.000Z', '2025-11-21T00:30:00.000Z');
  assert.equal(snaps.length, 4);
  const p = priceCandidate(snaps, { line: 24.5, direction: 'OVER', p_over: 0.55, book: 'fanduel' }, cfg);
  assert.equal(p.best_book, 'draftkings');
  assert.equal(p.best_price, -108);
  assert.equal(p.priced_at, t2);
  assert.equal(p.books_quoting, 1);
});

test('no book quotes the line: assumed -110, no book, no fair probability', () => {
  const p = priceCandidate(
    [line({ line: 22.5 })],
    { line: 21.5, direction: 'OVER', p_over: 0.6, book: 'x' },
    cfg,
  );
  assert.equal(p.price_source, 'assumed');
  assert.equal(p.best_price, -110);
  assert.equal(p.best_book, null);
  assert.equal(p.fair_prob, null);
  assert.equal(p.priced_at, null);
  assert.equal(p.ev, 0.1455); // 0.6 × 1.909091 − 1
});

test('worked example C: six 2% stakes scale to the 10% cap', () => {
  const x = applyExposureCap([0.02, 0.02, 0.02, 0.02, 0.02, 0.02], 0.1);
  assert.equal(x.scale, 0.8333);
  assert.deepEqual(x.stakes, [0.0167, 0.0167, 0.0167, 0.0167, 0.0167, 0.0167]);
  const y = applyExposureCap([0.02, 0.01], 0.1);
  assert.equal(y.scale, 1);
  assert.deepEqual(y.stakes, [0.02, 0.01]);
});

test('property: EV > 0 iff Kelly > 0; the stake never exceeds the cap', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      fc.integer({ min: -400, max: 400 }).filter((a) => Math.abs(a) >= 100),
      (p, price) => {
        const r = priceCandidate(
          [line({ over_price: price, under_price: -110 })],
          { line: 21.5, direction: 'OVER', p_over: p, book: 'x' },
          cfg,
        );
        const rawEv = p * (price > 0 ? 1 + price / 100 : 1 + 100 / -price) - 1;
        if (Math.abs(rawEv) < 1e-3) return true; // rounding at 4 dp
        return rawEv > 0 === r.kelly_full > 0 && r.stake_pct <= 0.02 && r.stake_pct >= 0;
      },
    ),
  );
});
