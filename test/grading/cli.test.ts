import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.ts';
import { migrate } from '../../src/store/migrate.ts';
import { runCli } from '../helpers/cli.ts';
import { addBox, addFullBox, addGames, addPicks, addPredictions } from './helpers.ts';

const D = '2025-11-03';

test('courtedge grade --json prints one summary line; report roi reads the grades', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ce-grade-')), 'g.duckdb');
  const store = await DuckDBStore.open(path);
  await migrate(store);
  await addGames(store, [{ game_id: 'G1', date: D }]);
  await addFullBox(store, 'G1', D);
  await addBox(store, 'G1', D, [
    [1, 'HOM', 30, 30],
    [2, 'AWY', 30, 10],
  ]);
  await addPredictions(store, [
    { date: D, game_id: 'G1', player_id: 1, predicted: 25, line: 20.5 },
    { date: D, game_id: 'G1', player_id: 2, predicted: 25, line: 20.5 },
  ]);
  await addPicks(store, [
    { date: D, game_id: 'G1', player_id: 1, direction: 'OVER', line: 20.5, best_price: 100 },
  ]);
  await store.close();

  const r = runCli(['--store', path, 'grade', '--from', '2025-11-02', '--to', D, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const out = JSON.parse(lines[0]);
  assert.deepEqual(
    {
      dates: out.dates,
      graded: out.graded,
      wins: out.wins,
      losses: out.losses,
      pushes: out.pushes,
      voids: out.voids,
      no_bets: out.no_bets,
      picks: out.picks,
    },
    {
      dates: 2,
      graded: 2,
      wins: 1,
      losses: 1,
      pushes: 0,
      voids: 0,
      no_bets: 0,
      picks: { wins: 1, losses: 0, pushes: 0, voids: 0, units: 1 },
    },
  );
  assert.equal(out.rollup_dates, 2);

  const rep = runCli(['--store', path, 'report', 'roi', '--from', D, '--to', D, '--json']);
  assert.equal(rep.code, 0, rep.stderr);
  const roi = JSON.parse(rep.stdout);
  assert.deepEqual([roi.kind, roi.report.bets, roi.report.units, roi.report.roi], ['roi', 1, 1, 100]);
});
