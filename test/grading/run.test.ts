import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gradeDate } from '../../src/orchestrate/grade.ts';
import type { Store } from '../../src/store/store.ts';
import {
  addBox,
  addFullBox,
  addGames,
  addPicks,
  addPredictions,
  gradingStore,
  NOW,
  testConfig,
} from './helpers.ts';

const D = '2025-11-03';
const cfg = testConfig();

async function fixture(store: Store) {
  await addGames(store, [
    { game_id: 'G1', date: D },
    { game_id: 'G2', date: D, status: 2, scores: [50, 48] },
    { game_id: 'G3', date: D, status: 1 },
    { game_id: 'G4', date: D },
    { game_id: 'G5', date: '2025-11-20', status: 1 },
  ]);
  await store.run(
    `INSERT INTO game_postponements (game_id, original_date, new_date, detected_at, reason)
     VALUES ('G5', $1::DATE, '2025-11-20', '2025-11-03T15:00:00Z', 'SOURCE_FLAG')`,
    [D],
  );
  await addFullBox(store, 'G1', D, 9000);
  await addBox(store, 'G1', D, [
    [101, 'HOM', 34, 27],
    [102, 'HOM', 30, 22],
    [103, 'AWY', 0, 0, true, "DNP - Coach's decision"],
    [104, 'AWY', 20, 14],
  ]);
  await addFullBox(store, 'G2', D, 9100);
  await addBox(store, 'G2', D, [[106, 'HOM', 36, 20]]);
  await store.run(
    `INSERT INTO injury_reports (report_time, game_id, player_id, status, source)
     VALUES ('2025-11-03T20:00:00Z', 'G2', 105, 'Questionable', 't'), ('2025-11-03T22:00:00Z', 'G2', 105, 'Out', 't')`,
  );
  await addPredictions(store, [
    { date: D, game_id: 'G1', player_id: 101, predicted: 26.1, line: 24.5 },
    { date: D, game_id: 'G1', player_id: 102, predicted: 19.4, line: 22 },
    { date: D, game_id: 'G1', player_id: 103, predicted: 23, line: 17.5 },
    { date: D, game_id: 'G1', player_id: 104, predicted: 12.3, line: null },
    { date: D, game_id: 'G2', player_id: 105, predicted: 15, line: 18.5 },
    { date: D, game_id: 'G2', player_id: 106, predicted: 30, line: 25.5 },
    { date: D, game_id: 'G3', player_id: 107, predicted: 30, line: 25.5 },
    { date: D, game_id: 'G4', player_id: 108, predicted: 30, line: 25.5 },
    { date: D, game_id: 'G5', player_id: 109, predicted: 30, line: 25.5 },
    { date: D, game_id: 'G1', player_id: 101, predicted: 40, line: 24.5, system_id: 'old', active: false },
  ]);
  await addPicks(store, [
    {
      date: D,
      game_id: 'G1',
      player_id: 101,
      direction: 'OVER',
      line: 24.5,
      best_price: -105,
      fair_prob: 0.5,
      stake_pct: 0.01,
    },
    { date: D, game_id: 'G1', player_id: 102, direction: 'UNDER', line: 22, best_price: null },
    {
      date: D,
      game_id: 'G2',
      player_id: 106,
      direction: 'OVER',
      line: 25.5,
      best_price: 100,
      stake_pct: 0.02,
    },
    { date: D, game_id: 'G2', player_id: 105, direction: 'UNDER', line: 18.5, status: 'withdrawn' },
    { date: D, game_id: 'G5', player_id: 109, direction: 'OVER', line: 25.5 },
  ]);
  // Closing snapshots for 101 (tip 23:30Z): five books moved to 25.5, three still at 24.5.
  const lines: unknown[][] = [];
  for (const b of ['b1', 'b2', 'b3', 'b4', 'b5'])
    lines.push([`${D}T23:00:00Z`, 'G1', 101, b, 25.5, -110, -110]);
  lines.push([`${D}T23:00:00Z`, 'G1', 101, 'c1', 24.5, -130, 100]);
  lines.push([`${D}T23:00:00Z`, 'G1', 101, 'c2', 24.5, -125, -105]);
  lines.push([`${D}T23:00:00Z`, 'G1', 101, 'c3', 24.5, -135, 105]);
  lines.push([`${D}T17:00:00Z`, 'G1', 101, 'b1', 24.5, -105, -115]); // morning, not a close
  lines.push([`${D}T23:40:00Z`, 'G1', 101, 'b1', 30.5, -110, -110]); // after tip, ignored
  await store.insertMany(
    'prop_lines',
    ['captured_at', 'game_id', 'player_id', 'book', 'line', 'over_price', 'under_price', 'source'],
    lines.map((l) => [...l, 't']),
  );
}

describe('gradeDate on DuckDB', () => {
  let store: Store;
  before(async () => {
    store = await gradingStore();
    await fixture(store);
  });
  after(() => store.close());

  test('partial pass: only Final games with box scores are graded', async () => {
    const s = await gradeDate(store, D, { config: cfg, now: NOW });
    const rows = await store.query('SELECT player_id, result FROM prediction_grades ORDER BY player_id');
    assert.deepEqual(
      rows.map((r) => [r.player_id, r.result]),
      [
        [101, 'WIN'],
        [102, 'PUSH'],
        [103, 'VOID'],
        [104, 'NO_BET'],
      ],
    );
    const c = s.per_date[0];
    assert.equal(c.games_total, 5);
    assert.equal(c.games_graded, 1);
    assert.equal(c.games_pending, 2); // G2 live, G3 scheduled
    assert.equal(c.games_missing_box, 1); // G4 Final without box: skipped, not voided
    assert.equal(c.games_postponed, 1);
    assert.equal(c.predictions_deactivated, 1);
  });

  test('full pass replaces, never duplicates, and grades every rule', async () => {
    await store.run("UPDATE games SET status = 3, home_score = 101, away_score = 99 WHERE game_id = 'G2'");
    const changed: string[][] = [];
    const s = await gradeDate(store, D, {
      config: cfg,
      now: NOW,
      onGradesChanged: async (d) => {
        changed.push(d);
      },
    });
    assert.deepEqual(changed, [[D]]);
    const rows = await store.query('SELECT * FROM prediction_grades ORDER BY player_id');
    assert.equal(rows.length, 6);
    const by = new Map(rows.map((r) => [Number(r.player_id), r]));
    assert.equal(by.get(101)!.result, 'WIN');
    assert.equal(by.get(101)!.abs_error, 0.9);
    assert.equal(by.get(101)!.edge, 1.6);
    assert.equal(by.get(101)!.line_abs_error, 2.5);
    assert.equal(by.get(101)!.system_id, 'm1'); // the inactive row is never graded
    assert.equal(by.get(102)!.result, 'PUSH');
    assert.equal(by.get(103)!.result, 'VOID');
    assert.equal(by.get(103)!.void_reason, 'dnp');
    assert.equal(by.get(103)!.abs_error, null);
    assert.equal(by.get(104)!.result, 'NO_BET');
    assert.equal(by.get(104)!.abs_error, 1.7);
    assert.equal(by.get(104)!.actual_points, 14);
    assert.equal(by.get(105)!.result, 'VOID');
    assert.equal(by.get(105)!.void_reason, 'inactive');
    assert.equal(by.get(106)!.result, 'LOSS');
    assert.deepEqual([s.graded, s.wins, s.losses, s.pushes, s.voids, s.no_bets], [6, 1, 1, 1, 2, 1]);
    const post = await store.query(
      "SELECT is_active, invalidation_reason FROM predictions WHERE game_id = 'G5'",
    );
    assert.deepEqual(post, [{ is_active: false, invalidation_reason: 'postponed' }]);

    const picks = await store.query('SELECT * FROM pick_grades ORDER BY player_id');
    assert.equal(picks.length, 4); // the withdrawn pick stays outside the record
    const p = new Map(picks.map((r) => [Number(r.player_id), r]));
    const p101 = p.get(101)!;
    assert.equal(p101.result, 'WIN');
    assert.equal(p101.units_won, 0.9524);
    assert.equal(p101.close_line, 25.5);
    assert.equal(p101.line_clv, 1);
    assert.equal(p101.fair_close, 0.5306);
    assert.equal(p101.price_clv, 0.0306);
    assert.equal(p101.stake_return_pct, 0.009524);
    assert.equal(p101.close_captured_at, `${D}T23:00:00.000Z`);
    assert.equal(p.get(102)!.price, -110);
    assert.equal(p.get(102)!.price_source, 'assumed');
    assert.equal(p.get(102)!.result, 'PUSH');
    assert.equal(p.get(102)!.units_won, 0);
    assert.equal(p.get(102)!.close_line, null); // no closing snapshot for this player
    assert.equal(p.get(106)!.units_won, -1);
    assert.equal(p.get(106)!.stake_return_pct, -0.02);
    assert.equal(p.get(109)!.result, 'VOID');
    assert.equal(p.get(109)!.void_reason, 'postponed');
    assert.deepEqual(s.picks, { graded: 4, wins: 1, losses: 1, pushes: 1, voids: 1, units: -0.0476 });

    const runs = await store.query(
      "SELECT status, counts FROM pipeline_runs WHERE phase = 'grade' ORDER BY started_at",
    );
    assert.equal(runs.length, 2);
    const counts = JSON.parse(runs[1].counts);
    assert.equal(counts.games_graded, 2);
    assert.equal(counts.predictions_graded, 6);
    assert.equal(counts.picks_graded, 4);
  });

  test('grading twice gives identical rows', async () => {
    const before1 = await store.query(
      'SELECT * FROM prediction_grades ORDER BY system_id, game_id, player_id',
    );
    const beforeP = await store.query('SELECT * FROM pick_grades ORDER BY game_id, player_id');
    const seen: string[][] = [];
    const s = await gradeDate(store, D, {
      config: cfg,
      now: () => new Date('2031-01-01T00:00:00Z'),
      onGradesChanged: async (d) => {
        seen.push(d);
      },
    });
    assert.equal(s.rows_changed, 0);
    assert.deepEqual(seen, []); // nothing changed: no re-export
    assert.deepEqual(
      await store.query('SELECT * FROM prediction_grades ORDER BY system_id, game_id, player_id'),
      before1,
    );
    assert.deepEqual(await store.query('SELECT * FROM pick_grades ORDER BY game_id, player_id'), beforeP);
  });
});
