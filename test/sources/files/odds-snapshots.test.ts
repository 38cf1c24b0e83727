import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importRecorded as importFiles } from '../../../src/orchestrate/ingest.ts';
import { capturedAtFromName, mapOddsSnapshotCsv } from '../../../src/sources/files/odds-snapshots.ts';
import { reparse } from '../../../src/sources/ingest/reparse.ts';
import { IDENTITY_CFG, storeWithPlayers } from './fixtures.ts';

const G = 'Houston Rockets @ Oklahoma City Thunder,2025-10-21T23:30:00Z';
const HEADER = 'event_id,player,market,line,bookmaker,game,game_time,over_odds,under_odds';
const ROWS = [
  `ev1,Shai Gilgeous-Alexander,player_points,31.5,draftkings,${G},-115.0,-105.0`, // 2 ok
  `ev1,Shai Gilgeous-Alexander,player_assists,6.5,draftkings,${G},-115.0,-105.0`, // 3 skipped
  `ev1,Alperen Sengun,player_points,20.5,bovada,${G},-140.0,105.0`, // 4 ladder
  `ev1,Alperen Sengun,player_points,21.5,bovada,${G},-115.0,-115.0`, // 5 ladder main
  `ev1,Alperen Sengun,player_points,22.5,bovada,${G},120.0,-155.0`, // 6 ladder
  `ev1,Derrick Jones,player_points,8.5,fanduel,${G},-110.0,-110.0`, // 7 suffix rule
  `ev1,Tre Johnson,player_points,9.5,fanduel,${G},-110.0,-110.0`, // 8 UNKNOWN (candidate Tre Jones)
  `ev1,Keaton Wallace,player_points,5.5,fanduel,${G},-110.0,-110.0`, // 9 UNKNOWN (no candidate)
  `ev1,Shai Gilgeous-Alexander,player_points,0.0,fanduel,${G},-110.0,-110.0`, // 10 sanity
  `ev1,Shai Gilgeous-Alexander,player_points,24.3,fanduel,${G},-110.0,-110.0`, // 11 sanity
  `ev1,Shai Gilgeous-Alexander,player_points,30.5,betmgm,${G},+0,-110.0`, // 12 BAD_VALUE
  `ev1,Cason Wallace,player_points,12.5,betmgm,${G},EVEN,-120`, // 13 ok (EVEN)
  'ev1,Shai', // 14 truncated
  `ev1,Shai Gilgeous-Alexander,player_points,31.5,fanduel,Seattle SuperSonics @ Oklahoma City Thunder,2025-10-21T23:30:00Z,-110,-110`, // 15 team
  `ev1,Shai Gilgeous-Alexander,player_points,31.5,draftkings,${G},-115.0,-105.0`, // 16 duplicate
  `ev1,Shai Gilgeous-Alexander,player_points,31.5,draftkings,${G},-120.0,100.0`, // 17 conflict
  `ev1,Shai Gilgeous-Alexander,player_points,31.5,williamhill_us,${G},-110.0,-110.0`, // 18 caesars
  `ev1,Shai Gilgeous-Alexander,player_points,32.5,betrivers,${G},,`, // 19 both missing
  `ev1,Jalen Williams,player_points,19.5,draftkings,${G},-110.0,-110.0`, // 20 two J. Williams → OKC one
  `ev1,Isaiah Stewart II,player_points,7.5,draftkings,${G},-110.0,-110.0`, // 21 suffix rule
];

function writeSnapshot(rows = ROWS): string {
  const dir = mkdtempSync(join(tmpdir(), 'ce-odds-'));
  const path = join(dir, 'raw_20251021_170000.csv');
  writeFileSync(path, `${[HEADER, ...rows].join('\n')}\n`);
  return path;
}

test('capturedAtFromName', () => {
  assert.equal(capturedAtFromName('raw_20251021_170000.csv'), '2025-10-21T17:00:00.000Z');
  assert.equal(capturedAtFromName('raw_20251341_170000.csv'), null);
  assert.equal(capturedAtFromName('odds.csv'), null);
  assert.throws(() => mapOddsSnapshotCsv(`${HEADER}\n`, { key: 'odds.csv' }), /--captured-at/);
  assert.equal(
    mapOddsSnapshotCsv(`${HEADER}\n${ROWS[0]}\n`, { key: 'odds.csv', capturedAt: '2025-10-21T12:00:00Z' })
      .propLines?.[0].captured_at,
    '2025-10-21T12:00:00Z',
  );
});

test('odds snapshot import: rows, rejects, main rung, identity, counts, idempotence', async () => {
  const store = await storeWithPlayers();
  const path = writeSnapshot();
  const opts = { kind: 'odds-snapshots' as const, paths: [path], configHash: 'test', identity: IDENTITY_CFG };
  const s = await importFiles(store, opts);
  assert.equal(s.read, 20);
  assert.equal(s.inserted, 9);
  assert.equal(s.skipped, 2);
  assert.equal(s.rejected, 9);
  assert.equal(s.read, s.inserted + s.updated + s.unchanged + s.rejected + s.skipped);
  assert.deepEqual(s.rejected_by_reason, {
    UNKNOWN_PLAYER: 2,
    LINE_SANITY_REJECT: 3,
    BAD_VALUE: 2,
    UNKNOWN_TEAM: 1,
    DUPLICATE_CONFLICT: 1,
  });
  assert.equal(s.player_points_rows, 18);
  // resolved 11 of 18 (lookup 9: SGA ×4 incl. duplicate and conflict, Sengun ×3, Cason Wallace,
  // Jalen Williams of OKC; suffix 2); covered = 11 / (11 + Tre Johnson, who has a candidate).
  assert.deepEqual(s.identity, { lookup: 9, suffix: 2, alias: 0, unresolved: 2, unresolved_names: 2 });
  assert.equal(s.player_points_match_rate_all, 61.1);
  assert.equal(s.player_points_match_rate_covered, 91.7);
  assert.deepEqual(
    s.unresolved_names.map((u) => [u.name, u.count, u.suggestion]),
    [
      ['Keaton Wallace', 1, null],
      ['Tre Johnson', 1, 'Tre Jones (1630200)'],
    ],
  );

  const lines = await store.query<{
    player_id: number;
    book: string;
    line: number;
    over_price: number;
    under_price: number | null;
    is_main: boolean;
  }>(
    'SELECT player_id, book, line, over_price, under_price, is_main FROM prop_lines ORDER BY player_id, book, line',
  );
  assert.deepEqual(
    lines.map((l) => [l.player_id, l.book, l.line, l.over_price, l.under_price, l.is_main]),
    [
      [1627884, 'fanduel', 8.5, -110, -110, true],
      [1628983, 'caesars', 31.5, -110, -110, true],
      [1628983, 'draftkings', 31.5, -115, -105, true],
      [1630191, 'draftkings', 7.5, -110, -110, true],
      [1630578, 'bovada', 20.5, -140, 105, false],
      [1630578, 'bovada', 21.5, -115, -115, true],
      [1630578, 'bovada', 22.5, 120, -155, false],
      [1631114, 'draftkings', 19.5, -110, -110, true],
      [1641705, 'betmgm', 12.5, 100, -120, true],
    ],
  );
  const [g] = await store.query<{ start_utc: string; start_source: string }>(
    "SELECT start_utc, start_source FROM games WHERE game_id = '0022500001'",
  );
  assert.deepEqual(g, { start_utc: '2025-10-21T23:30:00.000Z', start_source: 'files:odds-snapshots' });
  const aliases = await store.query<{ raw_name: string; player_id: number; created_by: string }>(
    "SELECT raw_name, player_id, created_by FROM player_aliases WHERE created_by = 'auto:suffix' ORDER BY raw_name",
  );
  assert.deepEqual(
    aliases.map((a) => [a.raw_name, a.player_id]),
    [
      ['Derrick Jones', 1627884],
      ['Isaiah Stewart II', 1630191],
    ],
  );
  const [rej] = await store.query<{ detail: string }>(
    "SELECT detail FROM rejected_rows WHERE reason = 'UNKNOWN_PLAYER' AND row_ref = 'line 8'",
  );
  assert.equal(rej.detail, 'Tre Johnson: candidates: Tre Jones (1630200)');

  // Second import of the same file: nothing inserted, no duplicate rejects, same accounting.
  const again = await importFiles(store, opts);
  assert.equal(again.inserted, 0);
  assert.equal(again.unchanged, 9);
  assert.equal(again.rejected, 9);
  assert.equal(again.identity?.suffix, 2, 'auto:suffix aliases keep counting as suffix matches');
  const [{ n }] = await store.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM rejected_rows');
  assert.equal(n, 9);
  const [{ calls }] = await store.query<{ calls: number }>(
    'SELECT count(*)::INTEGER AS calls FROM source_calls',
  );
  assert.equal(calls, 2);
  const [{ bodies }] = await store.query<{ bodies: number }>(
    'SELECT count(*)::INTEGER AS bodies FROM raw_payloads',
  );
  assert.equal(bodies, 1);
  // Re-parse from the stored payload: same rows, nothing new.
  const rp = await reparse(store, { source: 'files:odds-snapshots' });
  assert.deepEqual(
    [rp.payloads, rp.counts.read, rp.counts.inserted, rp.counts.unchanged, rp.counts.rejected],
    [1, 20, 0, 9, 9],
  );
  await assert.rejects(reparse(store, { source: 'nope' }), /no re-parser for source nope/);
  await store.close();
});

test('an odds file without a capture time is refused, archived invalid, and maps with --captured-at', async () => {
  const store = await storeWithPlayers();
  const dir = mkdtempSync(join(tmpdir(), 'ce-odds-'));
  const path = join(dir, 'odds.csv');
  writeFileSync(path, `${HEADER}\n${ROWS[0]}\n`);
  const opts = { paths: [path], configHash: 't', identity: IDENTITY_CFG };
  const refused = await importFiles(store, opts);
  assert.equal(refused.invalid_files.length, 1);
  assert.match(refused.invalid_files[0].error, /--captured-at/);
  const [bad] = await store.query<{ status: string }>('SELECT status FROM raw_payloads');
  assert.equal(bad.status, 'invalid');
  const ok = await importFiles(store, { ...opts, capturedAt: '2025-10-21T16:00:00.000Z' });
  assert.deepEqual([ok.invalid_files.length, ok.inserted], [0, 1]);
  const [good] = await store.query<{ status: string; error: string | null }>(
    'SELECT status, error FROM raw_payloads',
  );
  assert.deepEqual(good, { status: 'ok', error: null });
  await store.close();
});

test('a ladder completed by a later file of the same snapshot moves the main rung', async () => {
  const store = await storeWithPlayers();
  const first = writeSnapshot([`ev1,Alperen Sengun,player_points,20.5,bovada,${G},-140.0,105.0`]);
  await importFiles(store, { paths: [first], configHash: 't', identity: IDENTITY_CFG });
  const second = writeSnapshot([
    `ev1,Alperen Sengun,player_points,20.5,bovada,${G},-140.0,105.0`,
    `ev1,Alperen Sengun,player_points,21.5,bovada,${G},-115.0,-115.0`,
  ]);
  const s = await importFiles(store, { paths: [second], configHash: 't', identity: IDENTITY_CFG });
  assert.equal(s.changed_files.length, 1, 'same name, new content is noticed');
  assert.equal(s.inserted, 1);
  assert.equal(s.unchanged, 1);
  const rows = await store.query<{ line: number; is_main: boolean }>(
    'SELECT line, is_main FROM prop_lines ORDER BY line',
  );
  assert.deepEqual(
    rows.map((r) => [r.line, r.is_main]),
    [
      [20.5, false],
      [21.5, true],
    ],
  );
  await store.close();
});
