import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.ts';

const PLAYER_HEADER =
  'player,player_id,date,matchup,result,minutes,fgm,fga,fg_pct,threes_made,threes_attempted,three_pct,ftm,fta,ft_pct,oreb,dreb,reb,ast,stl,blk,tov,pf,pts,plus_minus,opponent,home_away,player_normalized';

test('courtedge import --json prints one summary line', () => {
  const d = mkdtempSync(join(tmpdir(), 'ce-cli-'));
  const store = join(d, 'store.duckdb');
  writeFileSync(
    join(d, 'games.csv'),
    'GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS\n0022500001,2025-10-21,OKC,HOU,125,124\n0022500009,2025-10-25,OKC,HOU,,\n',
  );
  writeFileSync(
    join(d, 'logs.csv'),
    `${PLAYER_HEADER}\nShai Gilgeous-Alexander,1628983,2025-10-21,OKC vs. HOU,W,36.0,10,20,0.5,2,6,0.333,5,6,0.833,1,5,6,9,1,0,4,2,27,1,HOU,HOME,Shai Gilgeous-Alexander\n`,
  );
  writeFileSync(
    join(d, 'raw_20251025_170000.csv'),
    'event_id,player,market,line,bookmaker,game,game_time,over_odds,under_odds\n' +
      'e,SGA,player_points,31.5,fanduel,Houston Rockets @ Oklahoma City Thunder,2025-10-25T23:30:00Z,-110.0,-110.0\n' +
      'e,Shai Gilgeous-Alexander,player_points,31.5,draftkings,Houston Rockets @ Oklahoma City Thunder,2025-10-25T23:30:00Z,-110.0,-110.0\n',
  );
  assert.equal(runCli(['--store', store, 'init']).code, 0); // only init, simulate and demo create a store
  const imp = runCli(['--store', store, 'import', d, '--json']);
  assert.equal(imp.code, 0, imp.stderr);
  const lines = imp.stdout.trim().split('\n');
  assert.equal(lines.length, 1, 'exactly one JSON line on stdout');
  const s = JSON.parse(lines[0]);
  assert.equal(s.kind, 'mixed');
  assert.deepEqual([s.read, s.inserted, s.rejected, s.skipped], [5, 4, 1, 0]);
  assert.deepEqual(s.unresolved_names, [{ name: 'SGA', count: 1, suggestion: null, candidates: [] }]);
  assert.equal(s.player_points_match_rate_all, 50);
  assert.deepEqual(Object.keys(s.by_kind).sort(), ['games', 'nba-api-player-logs', 'odds-snapshots']);

  // `aliases add` runs the same retry as the in-process test in test/sources/identity.test.ts;
  // one process spawn keeps this file cheap on the shared machine.
});
