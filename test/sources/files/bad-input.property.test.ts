import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { mapGamesCsv } from '../../../src/sources/files/games.ts';
import { mapOddsSnapshotCsv } from '../../../src/sources/files/odds-snapshots.ts';
import { mapTeamLogsCsv } from '../../../src/sources/files/team-logs.ts';
import { ingestMapped } from '../../../src/sources/ingest/ingest.ts';
import { PLAYERS, storeWithPlayers } from './fixtures.ts';

/**
 * Bad input (issue 3): truncated lines, wrong column counts, non-numeric values, unknown teams,
 * negative or absurd lines, odds like "+0" or "EVEN", duplicate rows, empty files, another
 * market. No crash; each bad row is rejected with its reason; good rows are kept; counts add up.
 */

const HEADER = 'event_id,player,market,line,bookmaker,game,game_time,over_odds,under_odds';
const GAME = 'Houston Rockets @ Oklahoma City Thunder,2025-10-21T23:30:00Z';
const NAMES = PLAYERS.filter(([, , t]) => t !== 'DEN').map(([, n]) => n); // resolvable in HOU @ OKC
const BOOKS = ['draftkings', 'fanduel', 'betmgm', 'bovada'];

type Kind =
  | 'good'
  | 'even'
  | 'truncated'
  | 'extra'
  | 'nan'
  | 'team'
  | 'neg'
  | 'absurd'
  | 'zero_odds'
  | 'dup'
  | 'market'
  | 'empty_line';
const EXPECT: Record<Kind, string> = {
  good: 'inserted',
  even: 'inserted',
  truncated: 'BAD_VALUE',
  extra: 'BAD_VALUE',
  nan: 'BAD_VALUE',
  team: 'UNKNOWN_TEAM',
  neg: 'LINE_SANITY_REJECT',
  absurd: 'LINE_SANITY_REJECT',
  zero_odds: 'BAD_VALUE',
  dup: 'skipped',
  market: 'skipped',
  empty_line: 'none',
};

test('odds snapshot files with random bad rows: no crash, reasons, good rows kept, counts add up (property)', async () => {
  const store = await storeWithPlayers();
  let run = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom<Kind>(...(Object.keys(EXPECT) as Kind[])), { maxLength: 30 }),
      async (kinds) => {
        run++;
        const lines: string[] = [];
        const expected: Record<string, number> = {};
        const good: string[] = [];
        let seq = 0;
        for (const k of kinds) {
          // Each good row has its own key (player, book, line) so none collide.
          seq++;
          const name = NAMES[seq % NAMES.length];
          const book = BOOKS[Math.floor(seq / NAMES.length) % BOOKS.length];
          const line = `${10 + seq}.5`;
          let row: string;
          let outcome = EXPECT[k];
          switch (k) {
            case 'good':
              row = `e,${name},player_points,${line},${book},${GAME},-110.0,-110.0`;
              break;
            case 'even':
              row = `e,${name},player_points,${line},${book},${GAME},EVEN,-120`;
              break;
            case 'truncated':
              row = `e,${name},player_poi`;
              break;
            case 'extra':
              row = `e,${name},player_points,${line},${book},${GAME},-110,-110,junk`;
              break;
            case 'nan':
              row = `e,${name},player_points,twelve,${book},${GAME},-110,-110`;
              break;
            case 'team':
              row = `e,${name},player_points,${line},${book},Seattle SuperSonics @ Oklahoma City Thunder,2025-10-21T23:30:00Z,-110,-110`;
              break;
            case 'neg':
              row = `e,${name},player_points,-${line},${book},${GAME},-110,-110`;
              break;
            case 'absurd':
              row = `e,${name},player_points,${100 + seq}.5,${book},${GAME},-110,-110`;
              break;
            case 'zero_odds':
              row = `e,${name},player_points,${line},${book},${GAME},+0,-110`;
              break;
            case 'dup':
              if (!good.length) {
                row = `e,${name},player_rebounds,${line},${book},${GAME},-110,-110`;
                outcome = 'skipped';
              } else row = good[seq % good.length];
              break;
            case 'market':
              row = `e,${name},player_threes,${line},${book},${GAME},-110,-110`;
              break;
            case 'empty_line':
              row = '';
              break;
          }
          if (k === 'good' || k === 'even') good.push(row);
          lines.push(row);
          expected[outcome] = (expected[outcome] ?? 0) + 1;
        }
        const text = lines.length ? `${HEADER}\n${lines.join('\n')}\n` : '';
        const hh = String(run % 24).padStart(2, '0');
        const mm = String(Math.floor(run / 24) % 60).padStart(2, '0');
        const mapped = mapOddsSnapshotCsv(text, { key: `raw_20251021_${hh}${mm}00.csv` });
        const c = await store.transaction((tx) =>
          ingestMapped(tx, { source: 'files:odds-snapshots', payload_sha256: `prop${run}` }, mapped),
        );
        const rows = kinds.length - (expected.none ?? 0);
        assert.equal(c.read, text ? rows : 0);
        assert.equal(c.read, c.inserted + c.updated + c.unchanged + c.rejected + c.skipped);
        assert.equal(c.inserted, expected.inserted ?? 0);
        assert.equal(c.skipped, expected.skipped ?? 0);
        const { inserted: _i, skipped: _s, none: _n, ...reasons } = expected;
        assert.deepEqual(c.rejected_by_reason, reasons);
        assert.equal(c.warnings.count_mismatch, undefined);
      },
    ),
    { numRuns: 20 },
  );
  await store.close();
});

const TEAM_HEADER =
  'SEASON_ID,TEAM_ID,TEAM_ABBREVIATION,TEAM_NAME,GAME_ID,GAME_DATE,MATCHUP,WL,MIN,PTS,FGM,FGA,FG_PCT,FG3M,FG3A,FG3_PCT,FTM,FTA,FT_PCT,OREB,DREB,REB,AST,STL,BLK,TOV,PF,PLUS_MINUS';
const TEAM_ROW =
  '22025,1610612765,DET,Detroit Pistons,0022500147,2025-11-01,DAL @ DET,W,239,122,45,91,0.495,9,24,0.375,23,34,0.676,14,33,47,29,10,4,7,22,12.0';

test('team logs and games CSV: any mutation of a row is kept, skipped or rejected, never thrown (property)', () => {
  const mutate = fc.tuple(
    fc.integer({ min: 0, max: 27 }),
    fc.oneof(
      fc.constant(''),
      fc.constant('abc'),
      fc.constant('-5'),
      fc.constant('XYZ'),
      fc.string({ maxLength: 6 }),
    ),
  );
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constant(null), mutate), { maxLength: 20 }),
      fc.boolean(),
      (muts, truncate) => {
        const rows = muts.map((m) => {
          if (!m) return TEAM_ROW;
          const f = TEAM_ROW.split(',');
          f[m[0]] = m[1].replace(/[,\n\r"]/g, '');
          return f.join(',');
        });
        const text = `${TEAM_HEADER}\n${rows.join('\n')}${truncate && rows.length ? ',1' : ''}`;
        const m = mapTeamLogsCsv(text);
        assert.equal(m.read, rows.length);
        assert.equal((m.teamBoxScores?.length ?? 0) + (m.rejects?.length ?? 0) + m.skipped, m.read);
        for (const r of m.rejects ?? [])
          assert.ok(['BAD_VALUE', 'UNKNOWN_TEAM'].includes(r.reason), r.detail);
        const g = mapGamesCsv(
          text.replace(TEAM_HEADER, 'GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS'),
        );
        assert.equal((g.games?.length ?? 0) + (g.rejects?.length ?? 0) + g.skipped, g.read);
      },
    ),
    { numRuns: 300 },
  );
  assert.deepEqual(mapTeamLogsCsv('').read, 0);
});
