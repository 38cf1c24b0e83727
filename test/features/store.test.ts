import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { featureNames } from '../../src/features/contract.ts';
import { tipOf } from '../../src/features/inputs.ts';
import type { FeatureRow } from '../../src/features/quality.ts';
import { readFeatureMatrix, readFeatureRows } from '../../src/features/store.ts';
import { buildFeaturesRecorded as buildFeatures } from '../../src/orchestrate/features.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { fixtureLeague, G, P, Q, S, TIP, X } from './fixture.ts';
import { insertLeague, simulateLeague } from './league.ts';

const { config } = loadConfig({ env: {} });
const D = '2025-01-21';
let store: Store;

before(async () => {
  store = await openMemoryStore();
  await insertLeague(store, fixtureLeague());
});
after(async () => {
  await store.close();
});

const strip = (r: FeatureRow) => ({ ...r, cutoff_kind: undefined, cutoff_at: undefined });
const byKey = (a: FeatureRow, b: FeatureRow) =>
  a.game_id.localeCompare(b.game_id) ||
  a.player_id - b.player_id ||
  a.feature_set.localeCompare(b.feature_set);

test('a build writes its rows in one run; stored rows equal the builder rows; a re-run is idempotent', async () => {
  const b1 = await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config });
  assert.equal(b1.summary.rows, 5 * 3 * 1 + b1.rows.filter((r) => r.game_id !== G).length);
  const stored = await readFeatureRows(store, { from: D, to: D });
  assert.equal(stored.length, b1.rows.length);
  assert.deepEqual(stored.sort(byKey), [...b1.rows].sort(byKey));
  const runs = await store.query(`SELECT status, counts FROM pipeline_runs WHERE phase = 'features'`);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].status, 'succeeded');
  const b2 = await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config });
  const again = await readFeatureRows(store, { from: D, to: D });
  assert.deepEqual(again.sort(byKey), [...b2.rows].sort(byKey));
  assert.deepEqual(again, stored);
  const [{ n }] = await store.query(`SELECT count(*) AS n FROM features`);
  assert.equal(n, b1.rows.length);
});

test('a player who left the slate loses his row on re-run', async () => {
  await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config });
  await store.run(`DELETE FROM prop_lines WHERE player_id = $1`, [X]);
  await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config });
  const rows = await readFeatureRows(store, { from: D, to: D });
  assert.equal(rows.filter((r) => r.player_id === X && r.game_id === G).length, 0);
  assert.equal(rows.filter((r) => r.player_id === X).length, 3); // still on CCC's slate that day
  await store.run(
    `INSERT INTO prop_lines (captured_at, game_id, player_id, book, line, over_price, under_price, source, is_main)
     VALUES ('2025-01-21T17:00:00Z', $1, $2, 'draftkings', 11.5, -110, -110, 'fixture', TRUE)`,
    [G, X],
  );
});

test('reader: row-major Float32Array with NaN, keys, zero tolerance by default', async () => {
  await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config });
  const m = await readFeatureMatrix(store, { set: 'v12', from: D, to: D });
  assert.deepEqual(m.names, featureNames('v12'));
  assert.equal(m.nFeatures, 54);
  assert.ok(m.keys.every((k) => k.is_quality_ready));
  assert.ok(!m.keys.some((k) => k.player_id === Q || k.player_id === X));
  const i = m.keys.findIndex((k) => k.player_id === P);
  assert.ok(i >= 0);
  assert.equal(m.keys[i].line_at_cutoff, 22.5);
  assert.equal(m.keys[i].game_date, D);
  assert.equal(m.keys[i].actual_points, null); // G has no box score yet
  assert.equal(m.X[i * 54 + 0], Math.fround(21.2));
  assert.equal(m.X[i * 54 + 25], 22.5);
  const all = await readFeatureMatrix(store, { set: 'v9', from: D, to: D, readyOnly: false });
  const q = all.keys.findIndex((k) => k.player_id === Q);
  assert.ok(q >= 0);
  assert.equal(all.keys[q].reason, 'INSUFFICIENT_HISTORY');
  assert.ok(Number.isNaN(all.X[q * 33 + 0]));
  assert.equal(all.nFeatures, 33);
});

test('serving equals backfill: asof just before tip gives the tipoff row; earlier asof rows keep the real line move', async () => {
  const tip = await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config, write: false });
  const c = new Date(Date.parse(TIP) - 1).toISOString();
  const serve = await buildFeatures(store, { from: D, to: D, cutoff: c, config, write: false });
  const tipRows = tip.rows.filter((r) => r.game_id === G).map(strip);
  const serveRows = serve.rows.filter((r) => r.game_id === G).map(strip);
  assert.deepEqual(serveRows, tipRows);
  assert.equal(serve.rows[0].cutoff_kind, 'asof');
  // daily path writes asof rows beside the tipoff rows; vegas_line_move = line_c − open, not 0
  await buildFeatures(store, { from: D, to: D, cutoff: '2025-01-21T17:30:00Z', config });
  const asof = await readFeatureRows(store, { from: D, to: D, cutoffKind: 'asof', sets: ['v12'] });
  const p = asof.find((r) => r.player_id === P && r.game_id === G)!;
  assert.equal(p.values[27], 1);
  assert.equal(p.cutoff_at, '2025-01-21T17:30:00.000Z');
});

test('serving keeps the asof rows of games that already started', async () => {
  await store.run(`DELETE FROM features`);
  await buildFeatures(store, { from: D, to: D, cutoff: '2025-01-21T17:30:00Z', config });
  const n1 = (await readFeatureRows(store, { from: D, to: D, cutoffKind: 'asof' })).filter(
    (r) => r.game_id === G,
  ).length;
  assert.ok(n1 > 0);
  // After G's tip a new serving run skips G and leaves its earlier rows alone.
  const late = await buildFeatures(store, { from: D, to: D, cutoff: '2025-01-22T00:45:00Z', config });
  assert.equal(late.rows.filter((r) => r.game_id === G).length, 0);
  const kept = (await readFeatureRows(store, { from: D, to: D, cutoffKind: 'asof' })).filter(
    (r) => r.game_id === G,
  );
  assert.equal(kept.length, n1);
  assert.ok(kept.every((r) => r.cutoff_at === '2025-01-21T17:30:00.000Z'));
});

test('SQL reads: snapshots after tip and box scores dated D or later do not change the rows', async () => {
  const before = (await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config, write: false }))
    .rows;
  await store.run(
    `INSERT INTO prop_lines (captured_at, game_id, player_id, book, line, over_price, under_price, source, is_main)
     VALUES ('2025-01-22T00:30:00Z', $1, $2, 'betmgm', 35.5, -110, -110, 'fixture', TRUE)`,
    [G, P],
  );
  await store.run(
    `INSERT INTO injury_reports (report_time, game_id, player_id, team, status, source)
     VALUES ('2025-01-22T00:30:00Z', $1, $2, 'AAA', 'out', 'fixture')`,
    [G, S],
  );
  await store.run(
    `INSERT INTO box_scores (game_id, player_id, game_date, team, minutes, points, source) VALUES ($1, $2, $3::DATE, 'AAA', 40, 60, 'fixture')`,
    [G, P, D],
  );
  await store.run(`UPDATE games SET status = 3, home_score = 120, away_score = 90 WHERE game_id = $1`, [G]);
  const after = (await buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config, write: false })).rows;
  assert.deepEqual(after, before);
  await store.run(`UPDATE games SET status = 1, home_score = NULL, away_score = NULL WHERE game_id = $1`, [
    G,
  ]);
  await store.run(`DELETE FROM box_scores WHERE game_id = $1`, [G]);
});

test('zero variance fails the phase and writes nothing', async () => {
  const strict = loadConfig({ env: { COURTEDGE_FEATURES_QUALITY_VARIANCE_MIN_ROWS: '1' } }).config;
  await store.run(`DELETE FROM features`);
  await assert.rejects(
    buildFeatures(store, { from: D, to: D, cutoff: 'tipoff', config: strict }),
    /FEATURE_ZERO_VARIANCE/,
  );
  const [{ n }] = await store.query(`SELECT count(*) AS n FROM features`);
  assert.equal(n, 0);
  const [run] = await store.query(
    `SELECT status, error FROM pipeline_runs WHERE phase = 'features' ORDER BY started_at DESC LIMIT 1`,
  );
  assert.equal(run.status, 'failed');
  assert.match(run.error, /team_pace/);
});

test('range equals dates: one build over a range gives exactly the union of one-day builds', async () => {
  const s = await openMemoryStore();
  try {
    const league = simulateLeague({ teams: 4, days: 30, seed: 5, playersPerTeam: 8, playRate: 0.8 });
    await insertLeague(s, league);
    const from = '2024-11-12';
    const to = '2024-11-16';
    const range = await buildFeatures(s, { from, to, cutoff: 'tipoff', config, write: false });
    const days: FeatureRow[] = [];
    for (const d of ['2024-11-12', '2024-11-13', '2024-11-14', '2024-11-15', '2024-11-16']) {
      days.push(...(await buildFeatures(s, { from: d, to: d, cutoff: 'tipoff', config, write: false })).rows);
    }
    assert.ok(range.rows.length > 50);
    assert.ok(range.rows.some((r) => r.is_quality_ready));
    assert.deepEqual([...range.rows].sort(byKey), days.sort(byKey));
    // and every stored cutoff is that game's tip
    const g = league.games.find((x) => x.game_id === range.rows[0].game_id)!;
    assert.equal(range.rows[0].cutoff_at, new Date(tipOf(g, '19:00')).toISOString());
  } finally {
    await s.close();
  }
});
