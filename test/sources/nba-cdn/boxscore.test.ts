import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapBoxScore, parseBoxScore, parseMinutes } from '../../../src/sources/nba-cdn/boxscore.ts';

test('minutes: PT25M01.00S is 25.02; empty is 0', () => {
  assert.equal(parseMinutes('PT25M01.00S'), 25.02);
  assert.equal(parseMinutes('PT36M30.00S'), 36.5);
  assert.equal(parseMinutes('PT00M00.00S'), 0);
  assert.equal(parseMinutes(''), 0);
  assert.equal(parseMinutes(undefined), 0);
  assert.equal(parseMinutes('PT240M00.00S'), 240);
});

const stats = (over: Record<string, unknown> = {}) => ({
  minutes: 'PT25M01.00S',
  points: 17,
  fieldGoalsMade: 6,
  fieldGoalsAttempted: 12,
  threePointersMade: 2,
  threePointersAttempted: 5,
  freeThrowsMade: 3,
  freeThrowsAttempted: 4,
  reboundsOffensive: 1,
  reboundsDefensive: 4,
  reboundsTotal: 5,
  assists: 3,
  steals: 1,
  blocks: 0,
  turnovers: 2,
  foulsPersonal: 3,
  plusMinusPoints: 7,
  ...over,
});

function box(status: number) {
  return {
    game: {
      gameId: '0022500010',
      gameTimeUTC: '2025-11-05T04:10:00Z',
      gameStatus: status,
      gameStatusText: status === 3 ? 'Final' : 'Q3 5:00',
      homeTeam: {
        teamId: 1610612747,
        teamTricode: 'LAL',
        score: 110,
        players: [
          {
            status: 'ACTIVE',
            personId: 1,
            name: 'Starter One',
            starter: '1',
            played: '1',
            birthDate: '2001-02-03',
            statistics: stats({
              zonePaintAttempted: 5,
              zonePaintMade: 3,
              zoneMidAttempted: 2,
              zoneMidMade: 1,
            }),
          },
          {
            status: 'ACTIVE',
            personId: 2,
            name: 'Bench Two',
            starter: '0',
            played: '0',
            notPlayingReason: 'DNP_COACH',
            notPlayingDescription: "DNP - Coach's Decision",
            statistics: stats({ minutes: '', points: 0 }),
          },
          {
            status: 'INACTIVE',
            personId: 3,
            name: 'Hurt Three',
            starter: '0',
            played: '0',
            notPlayingReason: 'INACTIVE_INJURY',
            notPlayingDescription: 'Injury/Illness - Left Ankle; Sprain',
            statistics: stats({ minutes: '', points: 0 }),
          },
          {
            status: 'ACTIVE',
            personId: 4,
            name: 'Quiet Four',
            played: '0',
            statistics: stats({ minutes: '', points: 0 }),
          },
        ],
        statistics: {
          minutes: 'PT240M00.00S',
          points: 110,
          fieldGoalsMade: 40,
          fieldGoalsAttempted: 85,
          threePointersMade: 12,
          threePointersAttempted: 33,
          freeThrowsMade: 18,
          freeThrowsAttempted: 22,
          reboundsOffensive: 9,
          reboundsDefensive: 33,
          turnoversTotal: 14,
          foulsPersonal: 19,
        },
      },
      awayTeam: {
        teamId: 1610612738,
        teamTricode: 'BOS',
        score: 104,
        players: [
          {
            status: 'ACTIVE',
            personId: 5,
            name: 'Away Five',
            starter: '1',
            played: '1',
            statistics: stats(),
          },
        ],
        statistics: { minutes: 'PT240M00.00S', points: 104 },
      },
    },
  };
}

test('box score: final payload → game, players, DNP rows, zones, team rows', () => {
  const p = parseBoxScore(JSON.stringify(box(3)));
  assert.ok(p.ok);
  const m = mapBoxScore(p.value);
  assert.equal(m.read, 5);
  assert.equal(m.skipped, 0);
  assert.equal(m.games![0].game_date, '2025-11-04'); // 04:10Z is 23:10 EST the day before
  assert.equal(m.games![0].status, 3);
  assert.deepEqual([m.games![0].home_score, m.games![0].away_score], [110, 104]);
  const by = new Map(m.boxScores!.map((b) => [b.player_id, b]));
  const one = by.get(1)!;
  assert.equal(one.minutes, 25.02);
  assert.equal(one.points, 17);
  assert.equal(one.fg3m, 2);
  assert.equal(one.reb, 5);
  assert.equal(one.plus_minus, 7);
  assert.equal(one.starter, true);
  assert.equal(one.dnp, false);
  assert.equal(one.dnp_reason, null);
  assert.deepEqual([one.fga_paint, one.fgm_paint, one.fga_mid, one.fgm_mid], [5, 3, 2, 1]);
  assert.equal(one.birth_date, '2001-02-03');
  assert.equal(one.team, 'LAL');
  assert.deepEqual([by.get(2)!.dnp, by.get(2)!.dnp_reason, by.get(2)!.minutes], [true, 'DNP_COACH', 0]);
  assert.deepEqual(
    [by.get(3)!.dnp, by.get(3)!.dnp_reason, by.get(3)!.dnp_detail],
    [true, 'INACTIVE_INJURY', 'Injury/Illness - Left Ankle; Sprain'],
  );
  assert.deepEqual([by.get(4)!.dnp, by.get(4)!.dnp_reason, by.get(4)!.starter], [true, 'DNP_UNKNOWN', null]);
  assert.equal(by.get(5)!.fga_paint, null);
  assert.equal(by.get(5)!.team, 'BOS');
  const lal = m.teamBoxScores!.find((t) => t.team === 'LAL')!;
  assert.deepEqual([lal.minutes, lal.points, lal.tov, lal.dreb, lal.win], [240, 110, 14, 33, true]);
  const bos = m.teamBoxScores!.find((t) => t.team === 'BOS')!;
  assert.deepEqual([bos.points, bos.fgm, bos.win], [104, null, false]);
});

test('box score: a game in progress updates the game and skips its rows', () => {
  const p = parseBoxScore(JSON.stringify(box(2)));
  assert.ok(p.ok);
  const m = mapBoxScore(p.value);
  assert.equal(m.read, 5);
  assert.equal(m.skipped, 5);
  assert.equal(m.boxScores, undefined);
  assert.equal(m.games![0].status, 2);
  assert.equal(m.games![0].home_score, null);
});

test('box score: missing personId is a parse error', () => {
  const b = box(3);
  delete (b.game.homeTeam.players[0] as any).personId;
  const p = parseBoxScore(JSON.stringify(b));
  assert.equal(p.ok, false);
  if (!p.ok) assert.match(p.error, /^game\.homeTeam\.players\.0\.personId/);
});
