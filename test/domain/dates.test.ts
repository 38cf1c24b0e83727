import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addDays,
  dateRange,
  etDate,
  etWallTimeToUtc,
  isIsoDate,
  seasonFromNbaGameId,
  seasonLabel,
  seasonOf,
  todayEt,
} from '../../src/domain/dates.ts';

test('UTC tip-offs map to US Eastern game dates', () => {
  assert.equal(etDate('2025-10-23T01:30:00Z'), '2025-10-22'); // 21:30 EDT
  assert.equal(etDate('2025-10-23T02:00:00Z'), '2025-10-22');
  assert.equal(etDate('2025-11-05T04:10:00Z'), '2025-11-04'); // 23:10 EST
  assert.equal(etDate('2025-10-26T18:10:00Z'), '2025-10-26');
  assert.equal(etDate('2025-11-05T05:00:00Z'), '2025-11-05'); // midnight EST
});

test('DST boundaries: the offset changes on the right instant', () => {
  // 2025-11-02 06:00Z is 01:00 EST (after fall back); 05:59Z is 01:59 EDT — both Nov 2.
  assert.equal(etDate('2025-11-02T03:59:00Z'), '2025-11-01'); // 23:59 EDT
  assert.equal(etDate('2025-11-02T04:00:00Z'), '2025-11-02'); // 00:00 EDT
  // Spring forward 2026-03-08: 04:59Z = 23:59 EST on Mar 7; 05:00Z = 00:00 EST Mar 8.
  assert.equal(etDate('2026-03-08T04:59:00Z'), '2026-03-07');
  assert.equal(etDate('2026-03-08T05:00:00Z'), '2026-03-08');
  // Eastern wall time → UTC on either side of the change.
  assert.equal(etWallTimeToUtc('2025-11-01', '19:00').toISOString(), '2025-11-01T23:00:00.000Z');
  assert.equal(etWallTimeToUtc('2025-11-03', '19:00').toISOString(), '2025-11-04T00:00:00.000Z');
  assert.equal(etWallTimeToUtc('2026-03-07', '19:30').toISOString(), '2026-03-08T00:30:00.000Z');
  assert.equal(etWallTimeToUtc('2026-03-09', '19:30').toISOString(), '2026-03-09T23:30:00.000Z');
  // The repeated 01:30 of fall-back resolves to the earlier (EDT) instant.
  assert.equal(etWallTimeToUtc('2025-11-02', '01:30').toISOString(), '2025-11-02T05:30:00.000Z');
});

test('today in New York', () => {
  assert.equal(todayEt(new Date('2025-11-05T03:00:00Z')), '2025-11-04');
  assert.equal(todayEt(new Date('2025-11-05T12:00:00Z')), '2025-11-05');
});

test('seasons and labels', () => {
  assert.equal(seasonOf('2025-10-21'), 2025);
  assert.equal(seasonOf('2026-04-12'), 2025);
  assert.equal(seasonOf('2025-09-30'), 2024);
  assert.equal(seasonLabel(2025), '2025-26');
  assert.equal(seasonLabel(2099), '2099-00');
  assert.equal(seasonFromNbaGameId('0022500147'), 2025);
  assert.equal(seasonFromNbaGameId('20251021_HOU_OKC'), null);
});

test('date arithmetic', () => {
  assert.equal(addDays('2025-02-28', 1), '2025-03-01');
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.deepEqual(dateRange('2025-10-30', '2025-11-02'), [
    '2025-10-30',
    '2025-10-31',
    '2025-11-01',
    '2025-11-02',
  ]);
  assert.ok(isIsoDate('2025-11-02'));
  assert.ok(!isIsoDate('2025-02-30'));
  assert.ok(!isIsoDate('2025-2-3'));
});
