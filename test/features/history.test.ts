import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import type { FeatureRow } from '../../src/features/quality.ts';
import { buildFeaturesRecorded as buildFeatures } from '../../src/orchestrate/features.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { insertLeague, simulateLeague } from './league.ts';

// The reused history of one-date builds (src/features/history.ts): the same rows as a build
// that loads everything, and a fresh load whenever a row it was built from changes.
const { config } = loadConfig({ env: {} });
let store: Store;

before(async () => {
  store = await openMemoryStore();
  await insertLeague(
    store,
    simulateLeague({ teams: 4, days: 30, seed: 9, playersPerTeam: 8, playRate: 0.8 }),
  );
});
after(async () => {
  await store.close();
});

const byKey = (a: FeatureRow, b: FeatureRow) =>
  a.game_id.localeCompare(b.game_id) ||
  a.player_id - b.player_id ||
  a.feature_set.localeCompare(b.feature_set);

async function both(date: string, cutoff: 'tipoff' | string) {
  const plain = await buildFeatures(store, { from: date, to: date, cutoff, config, write: false });
  const reused = await buildFeatures(store, {
    from: date,
    to: date,
    cutoff,
    config,
    write: false,
    reuseHistory: true,
  });
  return { plain: [...plain.rows].sort(byKey), reused: [...reused.rows].sort(byKey), reusedBuild: reused };
}

test('reused history gives the rows of a full load, at tip-off (Final games of the date) and as of a time', async () => {
  for (const [date, cutoff] of [
    ['2024-11-14', 'tipoff'],
    ['2024-11-14', '2024-11-14T17:00:00.000Z'],
    ['2024-11-18', '2024-11-18T20:00:00.000Z'],
  ] as const) {
    const first = await both(date, cutoff);
    assert.ok(
      first.plain.some((r) => r.is_quality_ready),
      'the date has ready rows',
    );
    assert.deepEqual(first.reused, first.plain);
    const again = await both(date, cutoff);
    assert.equal(again.reusedBuild.summary.history, 'hit');
    assert.deepEqual(again.reused, again.plain);
  }
});

test('a changed, added or removed history row, or a game changing status, means a fresh load', async () => {
  const date = '2024-11-18';
  const cutoff = '2024-11-18T20:00:00.000Z';
  const subject = (await both(date, cutoff)).plain.find((r) => r.is_quality_ready)!;
  assert.equal((await both(date, cutoff)).reusedBuild.summary.history, 'hit');
  // The subject's latest game before the date: it feeds his own and his team's features.
  const [{ game_id, player_id }] = await store.query(
    `SELECT b.game_id, b.player_id FROM box_scores b JOIN games g USING (game_id)
     WHERE g.game_date < $1::DATE AND b.player_id = $2 ORDER BY g.game_date DESC LIMIT 1`,
    [date, subject.player_id],
  );
  const changes = [
    `UPDATE box_scores SET points = points + 7 WHERE game_id = '${game_id}' AND player_id = ${player_id}`,
    `UPDATE team_box_scores SET tov = tov + 3 WHERE game_id = '${game_id}'`,
    `UPDATE games SET status = 2 WHERE game_id = '${game_id}'`,
    `UPDATE games SET status = 3 WHERE game_id = '${game_id}'`,
    `DELETE FROM box_scores WHERE game_id = '${game_id}' AND player_id = ${player_id}`,
  ];
  for (const sql of changes) {
    const before = (await both(date, cutoff)).plain;
    await store.run(sql);
    const after = await both(date, cutoff);
    assert.equal(after.reusedBuild.summary.history, 'miss', sql);
    assert.deepEqual(after.reused, after.plain, sql);
    assert.notDeepEqual(after.plain, before, `${sql} changes some feature`);
  }
});

test('another date or other parameters do not reuse the history', async () => {
  await both('2024-11-14', 'tipoff');
  assert.equal((await both('2024-11-14', 'tipoff')).reusedBuild.summary.history, 'hit');
  assert.equal((await both('2024-11-15', 'tipoff')).reusedBuild.summary.history, 'miss');
  const other = {
    ...config,
    features: { ...config.features, params: { ...config.features.params, historyDays: 45 } },
  };
  const b = await buildFeatures(store, {
    from: '2024-11-15',
    to: '2024-11-15',
    cutoff: 'tipoff',
    config: other,
    write: false,
    reuseHistory: true,
  });
  assert.equal(b.summary.history, 'miss');
});
