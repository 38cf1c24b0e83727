import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGameDays, windowCoverage } from '../../src/models/windows.ts';
import { seedStore, testConfig } from './fixture.ts';

const ALL = ['regular', 'playin', 'playoffs', 'cup_final'];

// The real player logs hold no playoff games: a playoff Final without any box score must not
// count as a training date nor as a coverage gap (00-decisions "Season types present").
test('season types count only where they have box scores', async () => {
  const config = testConfig();
  const store = await seedStore(config, { days: 12 });
  try {
    const before = await loadGameDays(store, ALL);
    await store.insertMany(
      'games',
      ['game_id', 'game_date', 'start_utc', 'season', 'season_type', 'home', 'away', 'status', 'source'],
      [
        ['P1', '2025-01-20', '2025-01-21T00:00:00.000Z', 2024, 'playoffs', 'BOS', 'NYK', 3, 'test'],
        ['P2', '2025-01-21', '2025-01-22T00:00:00.000Z', 2024, 'playoffs', 'BOS', 'NYK', 3, 'test'],
      ],
    );
    // No playoff box score anywhere: the two playoff dates are not game days, and not gaps.
    assert.deepEqual(await loadGameDays(store, ALL), before);
    const cov = await windowCoverage(store, '2025-01-01', '2025-01-31', ALL);
    assert.equal(cov.share, 1);
    assert.deepEqual(
      cov.gaps.map((g) => g.date),
      [],
    );
    // One playoff box score makes the type present: its games count again (P2 is now a gap).
    await store.insertMany(
      'box_scores',
      ['game_id', 'player_id', 'game_date', 'team', 'minutes', 'points', 'dnp', 'source'],
      [['P1', 1, '2025-01-20', 'BOS', 30, 12, false, 'test']],
    );
    assert.deepEqual(await loadGameDays(store, ALL), [...before, '2025-01-20', '2025-01-21'].sort());
    const cov2 = await windowCoverage(store, '2025-01-01', '2025-01-31', ALL);
    assert.deepEqual(
      cov2.gaps.map((g) => g.date),
      ['2025-01-21'],
    );
  } finally {
    await store.close();
  }
});
