import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchLeague, type SimBatch } from '../../../src/sources/simulator/fetcher.ts';
import { packBatch, packRows, unpackBatch, unpackRows } from '../../../src/sources/simulator/pack.ts';

test('packRows: rows come back equal, shared objects stay shared, absent and undefined keys stay absent', () => {
  const ref = { game_date: '2031-11-01', home: 'BOS', away: 'NYK' };
  const rows: Array<Record<string, unknown>> = [
    { row_ref: 'a', game_ref: ref, line: 20.5, over_price: -110, raw_name: 'Jo Doe', list: [1, 2] },
    { row_ref: 'b', game_ref: ref, line: 3, over_price: null, raw_name: null, event_id: undefined },
    { row_ref: 'a', game_id: '0023100001', line: 7.5, over_price: 120, mixed: 'x' },
    { row_ref: 'c', line: 1, mixed: 4, when: new Date('2031-11-01T00:00:00Z') },
  ];
  const back = unpackRows(structuredClone(packRows(rows)));
  assert.deepEqual(back, [
    { row_ref: 'a', game_ref: ref, line: 20.5, over_price: -110, raw_name: 'Jo Doe', list: [1, 2] },
    { row_ref: 'b', game_ref: ref, line: 3, over_price: null, raw_name: null },
    { row_ref: 'a', game_id: '0023100001', line: 7.5, over_price: 120, mixed: 'x' },
    { row_ref: 'c', line: 1, mixed: 4, when: new Date('2031-11-01T00:00:00Z') },
  ]);
  assert.ok(!('event_id' in back[1]));
  assert.equal(back[0].game_ref, back[1].game_ref);
  assert.deepEqual(unpackRows(packRows([])), []);
});

test('packBatch: a simulated batch survives the trip to the writer thread unchanged', async () => {
  const batches: SimBatch[] = [];
  await fetchLeague({ seed: 7, seasons: 1, teams: 4, days: 12, season: 2031 }, async (b) => {
    batches.push(b);
  });
  assert.ok(batches.some((b) => b.mapped.odds?.propLines?.length));
  for (const b of batches) {
    // JSON drops undefined values: the writers treat absent and undefined alike.
    const expected = JSON.parse(JSON.stringify(b));
    assert.deepEqual(JSON.parse(JSON.stringify(unpackBatch(structuredClone(packBatch(b))))), expected);
  }
});
