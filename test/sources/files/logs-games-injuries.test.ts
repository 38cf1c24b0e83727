import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importRecorded as importFiles } from '../../../src/orchestrate/ingest.ts';
import { planImport } from '../../../src/sources/files/import.ts';
import {
  displayName,
  mapInjuries,
  parseReportTime,
  reasonCategory,
} from '../../../src/sources/files/injuries.ts';
import { mapTeamLogsCsv } from '../../../src/sources/files/team-logs.ts';
import { claimStoreKind, getStoreKind } from '../../../src/store/meta.ts';
import { openMemoryStore } from '../../../src/store/open.ts';
import { IDENTITY_CFG } from './fixtures.ts';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'ce-files-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const GAMES = `GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS,HOME_WL,HOME_FG_PCT,HOME_FG3_PCT,AWAY_FG_PCT,AWAY_FG3_PCT
0022500001,2025-10-21,OKC,HOU,125,124,W,0.442,0.25,0.443,0.282
0022500002,2025-10-21,LAL,GSW,,,,,,,
0012500003,2025-10-05,LAL,GSW,100,90,W,0.4,0.3,0.4,0.3
0022500004,2025-10-22,SEA,GSW,100,90,W,0.4,0.3,0.4,0.3
0022500005,2025-10-22,BOS
`;

const TEAM_HEADER =
  'SEASON_ID,TEAM_ID,TEAM_ABBREVIATION,TEAM_NAME,GAME_ID,GAME_DATE,MATCHUP,WL,MIN,PTS,FGM,FGA,FG_PCT,FG3M,FG3A,FG3_PCT,FTM,FTA,FT_PCT,OREB,DREB,REB,AST,STL,BLK,TOV,PF,PLUS_MINUS';
const TEAMS = `${TEAM_HEADER}
22025,1610612765,DET,Detroit Pistons,0022500147,2025-11-01,DAL @ DET,W,239,122,45,91,0.495,9,24,0.375,23,34,0.676,14,33,47,29,10,4,7,22,12.0
12025,1610612744,GSW,Golden State Warriors,0012500010,2025-10-10,GSW vs. NZB,W,240,120,45,91,0.495,9,24,0.375,21,34,0.676,14,33,47,29,10,4,7,22,30.0
22025,1610612744,GSW,Golden State Warriors,0022500002,2025-10-21,GSW @ LAL,W,240,119,45,91,0.495,9,24,0.375,20,34,0.676,14,33,47,29,10,4,7,22,10.0
22025,1610612747,LAL,Los Angeles Lakers,0022500002,2025-10-21,LAL vs. GSW,L,240,109,40,91,0.495,9,24,0.375,20,34,0.676,14,33,47,29,10,4,7,22,-10.0
`;

const PLAYER_HEADER =
  'player,player_id,date,matchup,result,minutes,fgm,fga,fg_pct,threes_made,threes_attempted,three_pct,ftm,fta,ft_pct,oreb,dreb,reb,ast,stl,blk,tov,pf,pts,plus_minus,opponent,home_away,player_normalized';
const PLAYERS = `${PLAYER_HEADER}
Cade Cunningham,1630595,2025-11-01,DET vs. DAL,W,36.0,10,20,0.5,2,6,0.333,5,6,0.833,1,5,6,9,1,0,4,2,27,12,DAL,HOME,Cade Cunningham
Klay Thompson,202691,2025-11-01,DAL @ DET,L,0.0,0,0,0.0,0,0,0.0,0,0,0.0,0,0,0,0,0,0,0,0,0,0,DET,AWAY,Klay Thompson
Bad Points,1,2025-11-01,DAL @ DET,L,20.0,3,6,0.5,1,2,0.5,0,0,0.0,0,0,0,0,0,0,0,0,9,0,DET,AWAY,Bad Points
No Game,2,2025-11-02,DAL @ DET,L,20.0,3,6,0.5,1,2,0.5,0,0,0.0,0,0,0,0,0,0,0,0,7,0,DET,AWAY,No Game
Not A Number,3,2025-11-01,DAL @ DET,L,abc,3,6,0.5,1,2,0.5,0,0,0.0,0,0,0,0,0,0,0,0,7,0,DET,AWAY,Not A Number
`;

test('games, team logs and player logs in dependency order; every bad row rejected with its reason', async () => {
  const d = dir({
    'a_players.csv': PLAYERS,
    'b_games.csv': GAMES,
    'c_teams.csv': TEAMS,
    'README.md': '# not data',
  });
  assert.deepEqual(
    planImport([d]).map((p) => p.kind),
    ['games', 'nba-api-team-logs', 'nba-api-player-logs'],
  );
  const store = await openMemoryStore();
  // --dry-run parses and validates only: mapper counts, nothing written, store not claimed.
  const dry = await importFiles(store, { paths: [d], configHash: 't', identity: IDENTITY_CFG, dryRun: true });
  // (The player-log rows find no game: a dry run validates against the store as it is.)
  assert.deepEqual([dry.dry_run, dry.read, dry.inserted, dry.rejected, dry.skipped], [true, 14, 0, 7, 2]);
  const [{ n }] = await store.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM games');
  assert.equal(n, 0);
  assert.equal(await getStoreKind(store), null);
  const s = await importFiles(store, { paths: [d], configHash: 't', identity: IDENTITY_CFG });
  assert.equal(await getStoreKind(store), 'real');
  assert.equal(s.kind, 'mixed');
  assert.deepEqual(s.by_kind?.games, {
    files: 1,
    read: 5,
    inserted: 2,
    updated: 0,
    unchanged: 0,
    rejected: 2,
    skipped: 1,
    rejected_by_reason: { UNKNOWN_TEAM: 1, BAD_VALUE: 1 },
  });
  assert.deepEqual(s.by_kind?.['nba-api-team-logs'], {
    files: 1,
    read: 4,
    inserted: 3,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 1,
    rejected_by_reason: {},
  });
  assert.deepEqual(s.by_kind?.['nba-api-player-logs'], {
    files: 1,
    read: 5,
    inserted: 2,
    updated: 0,
    unchanged: 0,
    rejected: 3,
    skipped: 0,
    rejected_by_reason: { BOX_INCONSISTENT: 1, UNKNOWN_GAME: 1, BAD_VALUE: 1 },
  });
  const games = await store.query<{
    game_id: string;
    home: string;
    away: string;
    status: number;
    home_score: number | null;
    away_score: number | null;
  }>('SELECT game_id, home, away, status, home_score, away_score FROM games ORDER BY game_id');
  assert.deepEqual(
    games.map((g) => [g.game_id, g.home, g.away, g.status, g.home_score, g.away_score]),
    [
      ['0022500001', 'OKC', 'HOU', 3, 125, 124],
      // Scheduled in the games file, final from the team logs (status only rises).
      ['0022500002', 'LAL', 'GSW', 3, 109, 119],
      // Seen from one side only: DAL's score = 122 − 12.
      ['0022500147', 'DET', 'DAL', 3, 122, 110],
    ],
  );
  const boxes = await store.query<{
    player_id: number;
    team: string;
    minutes: number;
    points: number;
    fg3m: number;
    dnp: boolean;
    starter: boolean | null;
  }>('SELECT player_id, team, minutes, points, fg3m, dnp, starter FROM box_scores ORDER BY player_id');
  assert.deepEqual(
    boxes.map((b) => [b.player_id, b.team, b.minutes, b.points, b.fg3m, b.dnp, b.starter]),
    [
      [202691, 'DAL', 0, 0, 0, true, null],
      [1630595, 'DET', 36, 27, 2, false, null],
    ],
  );
  const [p] = await store.query<{ name: string; player_lookup: string; team: string; first_seen: string }>(
    'SELECT name, player_lookup, team, first_seen FROM players WHERE player_id = 1630595',
  );
  assert.deepEqual(p, {
    name: 'Cade Cunningham',
    player_lookup: 'cadecunningham',
    team: 'DET',
    first_seen: '2025-11-01',
  });
  const again = await importFiles(store, { paths: [d], configHash: 't', identity: IDENTITY_CFG });
  assert.equal(again.inserted, 0);
  assert.equal(again.updated, 0);
  const [run] = await store.query<{ phase: string; status: string }>(
    'SELECT phase, status FROM pipeline_runs ORDER BY started_at DESC LIMIT 1',
  );
  assert.deepEqual(run, { phase: 'import', status: 'succeeded' });
  await store.close();
  // A simulated store refuses real files.
  const sim = await openMemoryStore();
  await claimStoreKind(sim, 'simulated');
  await assert.rejects(
    importFiles(sim, { paths: [d], configHash: 't', identity: IDENTITY_CFG }),
    /holds simulated data/,
  );
  await sim.close();
});

test('a kind that does not match the header is an error naming the file; unknown headers too', () => {
  const d = dir({ 'x.csv': GAMES, 'weird.csv': 'a,b,c\n1,2,3\n' });
  assert.throws(
    () => planImport([join(d, 'x.csv')], 'odds-snapshots'),
    /x\.csv: header does not match odds-snapshots.*looks like games/,
  );
  assert.throws(() => planImport([join(d, 'weird.csv')]), /weird\.csv: unknown file kind/);
  assert.throws(() => planImport([join(d, 'missing.csv')]), /no such file/);
});

test('team logs: neutral-site matchups listed from the other side', () => {
  const m = mapTeamLogsCsv(`${TEAM_HEADER}
22024,1610612749,MIL,Milwaukee Bucks,0022401229,2024-12-14,ATL @ MIL,W,239,110,39,86,0.453,14,45,0.311,18,27,0.667,6,41,47,28,8,8,12,27,8.0`);
  assert.deepEqual(
    m.games?.map((g) => [g.home, g.away, g.home_score, g.away_score]),
    [['MIL', 'ATL', 110, 102]],
  );
});

test('injury fields: times, names, categories', () => {
  assert.equal(parseReportTime('2025-11-01T17:30:00-04:00'), '2025-11-01T21:30:00.000Z');
  assert.equal(parseReportTime('2025-11-01 17:30'), '2025-11-01T21:30:00.000Z'); // EDT
  assert.equal(parseReportTime('2025-11-03 17:30'), '2025-11-03T22:30:00.000Z'); // EST
  assert.equal(parseReportTime('yesterday'), null);
  assert.equal(displayName('Jackson Jr., Jaren'), 'Jaren Jackson Jr.');
  assert.equal(displayName('Jaren Jackson Jr.'), 'Jaren Jackson Jr.');
  assert.equal(reasonCategory('Injury/Illness - Left Ankle; Sprain'), 'injury');
  assert.equal(reasonCategory('Rest'), 'rest');
  assert.equal(reasonCategory('Load Management'), 'rest');
  assert.equal(reasonCategory('Personal Reasons'), 'personal');
  assert.equal(reasonCategory('League Suspension'), 'suspension');
  assert.equal(reasonCategory('G League - Two-Way'), 'g_league');
  assert.equal(reasonCategory('Coach decision'), 'other');
});

test('injuries CSV and JSON: game by date or next game within 48 h; bad status and team rejected', async () => {
  const store = await openMemoryStore();
  const d = dir({
    'games.csv': `GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS
0022500147,2025-11-01,DET,DAL,,
`,
    'logs.csv': `${PLAYER_HEADER}
Jaren Jackson Jr.,1628991,2025-10-25,DAL vs. DET,W,36.0,10,20,0.5,2,6,0.333,5,6,0.833,1,5,6,9,1,0,4,2,27,12,DET,HOME,Jaren Jackson Jr.
`,
  });
  // The log row needs a game on 2025-10-25: add it through the games file.
  writeFileSync(
    join(d, 'games.csv'),
    `GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS
0022500147,2025-11-01,DET,DAL,,
0022500090,2025-10-25,DAL,DET,110,100
`,
  );
  await importFiles(store, { paths: [d], configHash: 't', identity: IDENTITY_CFG });
  const inj = dir({
    'inj.csv': `report_time,team,player,status,reason,game_date
2025-11-01 13:00,Dallas Mavericks,"Jackson Jr., Jaren",Questionable,Left Ankle; Soreness,
2025-11-01 13:00,DAL,Jaren Jackson Jr.,OUT,Rest,2025-11-01
2025-11-01 13:00,SEA,Someone,Out,Rest,
2025-11-01 13:00,DAL,Someone Else,Maybe,Rest,
bad time,DAL,Jaren Jackson Jr.,Out,Rest,
`,
    'inj.json': JSON.stringify({
      reports: [
        {
          report_time: '2025-11-01T20:00:00Z',
          team: 'DAL',
          player: 'Jaren Jackson Jr.',
          status: 'Probable',
          reason: 'Illness',
        },
        7,
      ],
    }),
    'empty.csv': 'report_time,team,player,status,reason\n',
  });
  const s = await importFiles(store, {
    kind: 'injuries',
    paths: [inj],
    configHash: 't',
    identity: IDENTITY_CFG,
  });
  assert.equal(s.read, 7);
  assert.equal(s.inserted, 2);
  assert.deepEqual(s.rejected_by_reason, {
    DUPLICATE_CONFLICT: 1,
    UNKNOWN_TEAM: 1,
    BAD_STATUS: 1,
    BAD_TIMESTAMP: 1,
    BAD_VALUE: 1,
  });
  assert.equal(s.read, s.inserted + s.updated + s.unchanged + s.rejected + s.skipped);
  const rows = await store.query<{
    report_time: string;
    game_id: string;
    player_id: number;
    status: string;
    reason_category: string;
    raw_name: string;
  }>(
    'SELECT report_time, game_id, player_id, status, reason_category, raw_name FROM injury_reports ORDER BY report_time',
  );
  assert.deepEqual(
    rows.map((r) => [r.report_time, r.game_id, r.player_id, r.status, r.reason_category, r.raw_name]),
    [
      ['2025-11-01T17:00:00.000Z', '0022500147', 1628991, 'questionable', 'injury', 'Jaren Jackson Jr.'],
      ['2025-11-01T20:00:00.000Z', '0022500147', 1628991, 'probable', 'injury', 'Jaren Jackson Jr.'],
    ],
  );
  const empty = mapInjuries('report_time,team,player,status,reason\n');
  assert.equal(empty.read, 0);
  assert.throws(() => mapInjuries('{"nope":1}'), /reports/);
  await store.close();
});
