import assert from 'node:assert/strict';
import { test } from 'node:test';
import { consensusByPlayer, lineDiagnostics, type MainLineRow } from '../../src/predict/lines.ts';
import type { SlateGame } from '../../src/predict/types.ts';

const game: SlateGame = {
  game_id: 'g1',
  home: 'BOS',
  away: 'NYK',
  tip: '2026-03-03T00:00:00.000Z',
  cutoff: '2026-03-02T15:00:00.000Z',
};
const at = '2026-03-02T14:00:00.000Z';
const ml = (player_id: number, book: string, line: number, captured_at = at): MainLineRow => ({
  game_id: 'g1',
  player_id,
  book,
  line,
  captured_at,
});
const opts = { games: [game], staleAfterHours: 12, outlierPoints: 6 };

test('spec 04 §4.2 examples: 24.5 from 4 books; a 22.5/23.5 tie gives the lower line', () => {
  const c = consensusByPlayer({
    ...opts,
    mains: [
      ml(1, 'draftkings', 24.5),
      ml(1, 'fanduel', 24.5),
      ml(1, 'betmgm', 25.5),
      ml(1, 'bovada', 24.5),
      ml(2, 'draftkings', 22.5),
      ml(2, 'fanduel', 23.5),
      ml(3, 'fanduel', 18.5),
    ],
  });
  assert.deepEqual(
    [c.get('g1|1')?.line, c.get('g1|1')?.n_books, c.get('g1|1')?.book],
    [24.5, 4, 'consensus'],
  );
  assert.deepEqual([c.get('g1|2')?.line, c.get('g1|2')?.n_books], [22.5, 2]);
  assert.deepEqual([c.get('g1|3')?.line, c.get('g1|3')?.book], [18.5, 'fanduel']);
});

test('diagnostics: NO_PROP_LINE, LINE_SOURCE per book, STALE_LINE, LINE_OUTLIER, LINE_NOT_CANDIDATE', () => {
  const c = consensusByPlayer({
    ...opts,
    mains: [
      ml(1, 'draftkings', 20.5),
      ml(1, 'fanduel', 20.5),
      ml(1, 'betmgm', 20.5),
      ml(1, 'bovada', 28.5), // 8 points from the others' median: outlier
      ml(2, 'draftkings', 15.5),
      ml(2, 'fanduel', 16.5, '2026-03-01T20:00:00.000Z'), // 19 h before the cutoff: stale
      ml(2, 'fanduel', 30.5, '2026-03-02T15:30:00.000Z'), // after the cutoff: never seen
      ml(9, 'draftkings', 11.5), // player 9 is OUT (not a candidate)
    ],
  });
  const d = lineDiagnostics(
    c,
    [1, 2, 3].map((p) => ({ game_id: 'g1', player_id: p })),
    new Set(['g1|9']),
    2,
  );
  assert.equal(d.with_line, 2);
  assert.equal(d.NO_PROP_LINE, 1);
  assert.deepEqual(d.LINE_SOURCE, { betmgm: 1, draftkings: 2, fanduel: 1 });
  assert.equal(d.STALE_LINE, 1);
  assert.equal(d.LINE_OUTLIER, 1);
  assert.equal(d.LINE_SANITY_REJECT, 2);
  assert.deepEqual(d.LINE_NOT_CANDIDATE, { injured: 1, unknown: 0 });
  assert.equal(c.get('g1|2')?.line, 15.5);
  assert.ok(d.samples.some((s) => s.reason === 'LINE_OUTLIER' && s.book === 'bovada' && s.line === 28.5));
});

test('LINE_SANITY_REJECT counts the slate games rejected snapshot rows (game_id or game_ref, either team order)', async () => {
  const { openMemoryStore } = await import('../../src/store/open.ts');
  const { countSanityRejects } = await import('../../src/predict/lines.ts');
  const store = await openMemoryStore();
  const rows = [
    ['r1', { kind: 'prop', game_id: 'g1', line: 0 }],
    ['r2', { kind: 'prop', game_ref: { game_date: '2026-03-02', home: 'NYK', away: 'BOS' }, line: 81 }],
    ['r3', { kind: 'prop', game_ref: { game_date: '2026-03-01', home: 'BOS', away: 'NYK' }, line: 81 }],
    ['r4', { kind: 'prop', game_id: 'g9', line: 0 }],
  ];
  await store.insertMany(
    'rejected_rows',
    ['source', 'payload_sha256', 'row_ref', 'reason', 'row_data'],
    rows.map(([ref, data]) => ['odds', 'sha', ref, 'LINE_SANITY_REJECT', data]),
  );
  assert.equal(await countSanityRejects(store, [game], '2026-03-02'), 2);
  await store.close();
});
