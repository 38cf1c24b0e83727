import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importRecorded as importFiles } from '../../../src/orchestrate/ingest.ts';
import { openMemoryStore } from '../../../src/store/open.ts';
import { REAL_DATA_DIR, realDataSkip } from '../../helpers/real-data.ts';
import { IDENTITY_CFG } from './fixtures.ts';

/** Reproduces spec 01 §8 "Measured on ../shared/data/real" (skipped when the folder is absent). */
test('real data: import all, match rates, tips, idempotent re-import', { skip: realDataSkip }, async () => {
  const store = await openMemoryStore();
  const opts = { paths: [REAL_DATA_DIR], configHash: 'real', identity: IDENTITY_CFG };
  const s = await importFiles(store, opts);
  assert.equal(s.kind, 'mixed');
  assert.equal(s.files, 26);
  assert.equal(s.read, s.inserted + s.updated + s.unchanged + s.rejected + s.skipped);
  const odds = s.by_kind?.['odds-snapshots'];
  assert.deepEqual(
    odds && [odds.read, odds.inserted, odds.rejected, odds.skipped],
    [102891, 24708, 3708, 74475],
  );
  assert.deepEqual(s.rejected_by_reason, { UNKNOWN_PLAYER: 3708 });
  assert.equal(s.player_points_rows, 28416);
  assert.deepEqual(s.identity, {
    lookup: 24255,
    suffix: 168,
    alias: 285,
    unresolved: 3708,
    unresolved_names: 55,
  });
  assert.equal(s.player_points_match_rate_all, 87);
  assert.ok((s.player_points_match_rate_covered ?? 0) >= 99);
  assert.equal(s.player_points_match_rate_covered, 100);
  assert.deepEqual(
    s.unresolved_names.slice(0, 2).map((u) => [u.name, u.count, u.suggestion]),
    [
      ['VJ Edgecombe', 162, null],
      ['Alex Sarr', 161, null],
    ],
  );
  assert.equal(s.by_kind?.['nba-api-player-logs']?.inserted, 24555);

  const [g] = await store.query<{ n: number; tips: number }>(
    'SELECT count(*)::INTEGER AS n, count(start_utc)::INTEGER AS tips FROM games WHERE season = 2025',
  );
  assert.deepEqual(g, { n: 147, tips: 147 });
  const [late] = await store.query<{ game_date: string; start_utc: string }>(
    "SELECT game_date, start_utc FROM games WHERE start_utc = (SELECT min(start_utc) FROM games WHERE season = 2025 AND extract('hour' FROM start_utc) < 5)",
  );
  // A 00:00–04:10 UTC tip belongs to the previous Eastern day.
  assert.equal(late.game_date < late.start_utc.slice(0, 10), true);
  const [main] = await store.query<{ ladders: number; mains: number }>(
    `SELECT count(DISTINCT (captured_at, game_id, player_id, book))::INTEGER AS ladders,
            count(*) FILTER (WHERE is_main)::INTEGER AS mains FROM prop_lines`,
  );
  assert.equal(main.mains, main.ladders, 'exactly one main rung per ladder');

  const again = await importFiles(store, opts);
  assert.equal(again.inserted, 0);
  assert.equal(again.updated, 0);
  assert.equal(again.unchanged, s.inserted);
  assert.equal(again.player_points_match_rate_all, 87);
  await store.close();
});
