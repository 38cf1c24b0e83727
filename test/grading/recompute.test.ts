import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { addDays } from '../../src/domain/dates.ts';
import { type BlacklistGrade, blacklistForDate, playerGameWinners } from '../../src/grading/blacklist.ts';
import { mulberry32 } from '../../src/grading/stats.ts';
import { gradeDates } from '../../src/orchestrate/grade.ts';
import type { Store } from '../../src/store/store.ts';
import {
  addGames,
  addModels,
  addPicks,
  addPredictions,
  gradingStore,
  type PickFx,
  type PredFx,
  testConfig,
} from './helpers.ts';

/**
 * A seeded synthetic month (20 dates × 3 games × 12 players × 3 models, DNPs, whole and half
 * lines, NO_LINE and PASS rows, picks at assorted prices), graded by gradeDates, then every
 * figure recomputed independently with plain SQL over the raw tables.
 */
const START = '2025-11-01';
const DATES = Array.from({ length: 20 }, (_, i) => addDays(START, i));
const MODELS = ['ma', 'mb', 'mc'];

async function build(store: Store) {
  const rnd = mulberry32(7);
  await addModels(
    store,
    MODELS.map((id, i) => ({ system_id: id, family: `f${i}`, champion: i === 0 })),
  );
  const preds: PredFx[] = [];
  const picks: PickFx[] = [];
  const box: unknown[][] = [];
  const games: Array<{ game_id: string; date: string; home: string; away: string }> = [];
  for (const date of DATES) {
    for (let g = 0; g < 3; g++) {
      const gid = `${date.replaceAll('-', '')}_${g}`;
      games.push({ game_id: gid, date, home: `H${g}`, away: `A${g}` });
      for (let k = 0; k < 12; k++) {
        const pid = g * 100 + k + 1;
        const team = k < 6 ? `H${g}` : `A${g}`;
        const dnp = rnd() < 0.08;
        const points = Math.floor(rnd() * 35);
        if (!dnp) box.push([gid, pid, date, team, 20 + Math.floor(rnd() * 18), points, false, 'x']);
        else if (rnd() < 0.5) box.push([gid, pid, date, team, 0, 0, true, 'x']);
        const line = rnd() < 0.1 ? null : Math.round(rnd() * 60) / 2 + 0.5 * (rnd() < 0.3 ? 1 : 0);
        for (const m of MODELS) {
          const predicted = Math.round((line ?? 15) * 100 + (rnd() - 0.5) * 1400) / 100;
          const rec =
            line === null
              ? 'NO_LINE'
              : Math.abs(predicted - line) < 1
                ? 'PASS'
                : predicted > line
                  ? 'OVER'
                  : 'UNDER';
          preds.push({
            date,
            game_id: gid,
            player_id: pid,
            system_id: m,
            predicted,
            line,
            rec,
            p_over: rnd(),
            confidence: rnd(),
          });
        }
        if (line !== null && rnd() < 0.15) {
          const prices = [-120, -115, -110, -105, 100, 110, null];
          picks.push({
            date,
            game_id: gid,
            player_id: pid,
            direction: rnd() < 0.5 ? 'OVER' : 'UNDER',
            line,
            best_price: prices[Math.floor(rnd() * prices.length)],
            stake_pct: 0.01,
          });
        }
      }
    }
  }
  await addGames(store, games);
  await store.insertMany(
    'box_scores',
    ['game_id', 'player_id', 'game_date', 'team', 'minutes', 'points', 'dnp', 'source'],
    box,
  );
  await addPredictions(store, preds);
  await addPicks(store, picks);
}

describe('grading agrees with an independent recomputation', () => {
  let store: Store;
  before(async () => {
    const t0 = Date.now();
    store = await gradingStore();
    await build(store);
    const t = Date.now();
    await gradeDates(store, DATES, {
      config: testConfig({ 'grading.minBoxRowsPerTeam': 3 }),
      now: () => new Date('2025-12-01T00:00:00Z'),
    });
    const file = process.env.GRADING_TIMING;
    if (file)
      writeFileSync(file, `store+build ${t - t0} ms, gradeDates over 20 dates ${Date.now() - t} ms\n`);
  });
  after(() => store.close());

  test('every prediction result', async () => {
    const diff = await store.query(`
      WITH ind AS (
        SELECT p.system_id, p.game_id, p.player_id,
          CASE WHEN b.minutes IS NULL OR b.minutes <= 0 THEN 'VOID'
               WHEN p.recommendation NOT IN ('OVER', 'UNDER') OR p.line IS NULL THEN 'NO_BET'
               WHEN b.points = p.line THEN 'PUSH'
               WHEN (p.recommendation = 'OVER' AND b.points > p.line) OR (p.recommendation = 'UNDER' AND b.points < p.line) THEN 'WIN'
               ELSE 'LOSS' END AS result,
          CASE WHEN b.minutes > 0 THEN ABS(p.predicted - b.points) END AS abs_error
        FROM predictions p LEFT JOIN box_scores b ON b.game_id = p.game_id AND b.player_id = p.player_id
        WHERE p.is_active)
      SELECT COUNT(*) AS n,
             SUM(CASE WHEN g.result IS DISTINCT FROM ind.result THEN 1 ELSE 0 END) AS bad_result,
             SUM(CASE WHEN ABS(COALESCE(g.abs_error, -1) - COALESCE(ind.abs_error, -1)) > 1e-6 THEN 1 ELSE 0 END) AS bad_err
      FROM ind LEFT JOIN prediction_grades g USING (system_id, game_id, player_id)`);
    assert.equal(diff[0].n, 20 * 3 * 12 * 3);
    assert.equal(diff[0].bad_result, 0);
    assert.equal(diff[0].bad_err, 0);
    const byResult = await store.query(
      'SELECT result, COUNT(*) AS n FROM prediction_grades GROUP BY result ORDER BY result',
    );
    assert.ok(byResult.length === 5, JSON.stringify(byResult)); // every kind occurs
  });

  test('pick results and units at the recorded price', async () => {
    const r = await store.query(`
      WITH ind AS (
        SELECT p.game_id, p.player_id, COALESCE(p.best_price, -110) AS price,
          CASE WHEN b.minutes IS NULL OR b.minutes <= 0 THEN 'VOID'
               WHEN b.points = p.line THEN 'PUSH'
               WHEN (p.direction = 'OVER' AND b.points > p.line) OR (p.direction = 'UNDER' AND b.points < p.line) THEN 'WIN'
               ELSE 'LOSS' END AS result
        FROM best_bets_picks p LEFT JOIN box_scores b ON b.game_id = p.game_id AND b.player_id = p.player_id
        WHERE p.status = 'active')
      SELECT COUNT(*) AS n,
        SUM(CASE WHEN g.result IS DISTINCT FROM ind.result THEN 1 ELSE 0 END) AS bad,
        SUM(CASE ind.result WHEN 'WIN' THEN CASE WHEN ind.price > 0 THEN ind.price / 100.0 ELSE 100.0 / (-ind.price) END
                            WHEN 'LOSS' THEN -1 ELSE 0 END) AS units_ind,
        SUM(g.units_won) AS units
      FROM ind LEFT JOIN pick_grades g USING (game_id, player_id)`);
    assert.ok(r[0].n > 50);
    assert.equal(r[0].bad, 0);
    assert.ok(Math.abs(r[0].units - r[0].units_ind) < 0.0001 * r[0].n, `${r[0].units} vs ${r[0].units_ind}`);
  });

  test('rolling HR@3 windows, MAE and states of model_performance_daily', async () => {
    const r = await store.query(`
      WITH pop AS (
        SELECT p.game_date, p.system_id,
          CASE WHEN (p.predicted > p.line) = (b.points > p.line) THEN 1 ELSE 0 END AS win
        FROM predictions p JOIN box_scores b ON b.game_id = p.game_id AND b.player_id = p.player_id
        WHERE p.is_active AND b.minutes > 0 AND p.line IS NOT NULL
          AND ROUND(ABS(p.predicted - p.line), 2) >= 3 AND b.points <> p.line),
      d AS (SELECT DISTINCT game_date AS date FROM games),
      ind AS (
        SELECT d.date, m.system_id,
          (SELECT COUNT(*) FROM pop WHERE pop.system_id = m.system_id AND pop.game_date BETWEEN d.date - 6 AND d.date) AS n7,
          (SELECT COALESCE(SUM(win), 0) FROM pop WHERE pop.system_id = m.system_id AND pop.game_date BETWEEN d.date - 6 AND d.date) AS w7,
          (SELECT COUNT(*) FROM pop WHERE pop.system_id = m.system_id AND pop.game_date BETWEEN d.date - 29 AND d.date) AS n30,
          (SELECT COALESCE(SUM(win), 0) FROM pop WHERE pop.system_id = m.system_id AND pop.game_date = d.date) AS wd
        FROM d CROSS JOIN (SELECT DISTINCT system_id FROM models) m)
      SELECT COUNT(*) AS n,
        SUM(CASE WHEN mp.n_7d = ind.n7 AND mp.wins_7d = ind.w7 AND mp.n_30d = ind.n30 AND mp.daily_wins = ind.wd THEN 0 ELSE 1 END) AS bad
      FROM ind JOIN model_performance_daily mp ON mp.date = ind.date AND mp.system_id = ind.system_id`);
    assert.equal(r[0].n, 60);
    assert.equal(r[0].bad, 0);
    const states = await store.query(`
      SELECT COUNT(*) AS bad FROM model_performance_daily WHERE state <> CASE
        WHEN n_7d < 5 THEN 'INSUFFICIENT_DATA' WHEN 100.0 * wins_7d / n_7d >= 58 THEN 'HEALTHY'
        WHEN 100.0 * wins_7d / n_7d >= 55 THEN 'WATCH' WHEN 100.0 * wins_7d / n_7d >= 52.4 THEN 'DEGRADING'
        ELSE 'BLOCKED' END`);
    assert.equal(states[0].bad, 0);
    const mae = await store.query(`
      SELECT mp.system_id, mp.mae_30d, (
        SELECT AVG(ABS(p.predicted - b.points)) FROM predictions p JOIN box_scores b ON b.game_id = p.game_id AND b.player_id = p.player_id
        WHERE p.system_id = mp.system_id AND p.is_active AND b.minutes > 0 AND p.line IS NOT NULL) AS ind
      FROM model_performance_daily mp WHERE mp.date = '2025-11-20'`);
    for (const m of mae)
      assert.ok(Math.abs(m.mae_30d - m.ind) < 1e-3, `${m.system_id} ${m.mae_30d} vs ${m.ind}`);
  });

  test('player blacklist: SQL winner selection agrees with the pure rule', async () => {
    const all = (await store.query('SELECT * FROM prediction_grades')).map((g) => ({
      ...g,
      player_id: Number(g.player_id),
    })) as BlacklistGrade[];
    const expected = blacklistForDate('2025-11-20', '2025-10-01', playerGameWinners(all), new Map(), {
      minEdge: 3,
      minN: 8,
      hrBelow: 40,
    });
    const rows = await store.query(
      "SELECT player_id, wins, losses, n, blacklisted FROM player_blacklist_daily WHERE date = '2025-11-20' ORDER BY player_id",
    );
    assert.ok(expected.length > 10);
    assert.ok(expected.some((r) => r.blacklisted));
    assert.deepEqual(
      rows.map((r) => [Number(r.player_id), r.wins, r.losses, r.n, r.blacklisted]),
      expected.map((r) => [r.player_id, r.wins, r.losses, r.n, r.blacklisted]),
    );
  });

  test('direction health over 14 days', async () => {
    const r = await store.query(`
      SELECT dh.date, dh.direction, dh.wins, dh.losses,
        (SELECT COUNT(*) FROM pick_grades g WHERE g.direction = dh.direction AND g.result = 'WIN' AND g.game_date BETWEEN dh.date - 13 AND dh.date) AS w,
        (SELECT COUNT(*) FROM pick_grades g WHERE g.direction = dh.direction AND g.result = 'LOSS' AND g.game_date BETWEEN dh.date - 13 AND dh.date) AS l
      FROM direction_health_daily dh`);
    assert.equal(r.length, 40);
    for (const x of r) assert.deepEqual([x.wins, x.losses], [x.w, x.l]);
  });
});
