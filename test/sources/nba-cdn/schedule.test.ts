import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapSchedule, parseSchedule } from '../../../src/sources/nba-cdn/schedule.ts';

const team = (tricode: string, teamId: number, score = 0) => ({
  teamId,
  teamTricode: tricode,
  teamCity: 'x',
  teamName: 'y',
  score,
});

function schedule(games: unknown[]) {
  return JSON.stringify({
    leagueSchedule: { seasonYear: '2025-26', gameDates: [{ gameDate: '10/22/2025 00:00:00', games }] },
  });
}

const base = {
  gameId: '0022500001',
  gameCode: '20251022/HOUOKC',
  gameStatus: 1,
  gameStatusText: '10:00 pm ET',
  gameDateEst: '2025-10-22T00:00:00Z',
  // Eastern wall time with a misleading Z: must never be read as UTC.
  gameDateTimeEst: '2025-10-22T22:00:00Z',
  gameDateTimeUTC: '2025-10-23T02:00:00Z',
  postponedStatus: 'N',
  homeTeam: team('OKC', 1610612760),
  awayTeam: team('HOU', 1610612745),
};

test('schedule: a late tip belongs to the previous ET day; season and type from the id', () => {
  const p = parseSchedule(schedule([base]));
  assert.ok(p.ok);
  const m = mapSchedule(p.value);
  assert.equal(m.read, 1);
  assert.equal(m.games?.length, 1);
  const g = m.games![0];
  assert.equal(g.game_id, '0022500001');
  assert.equal(g.game_date, '2025-10-22');
  assert.equal(g.start_utc, '2025-10-23T02:00:00.000Z');
  assert.equal(g.season, 2025);
  assert.equal(g.season_type, 'regular');
  assert.equal(g.home, 'OKC');
  assert.equal(g.away, 'HOU');
  assert.equal(g.status, 1);
  assert.equal(g.home_score, null);
  assert.equal(g.postponed_flag, false);
});

test('schedule: finals keep scores only when both are positive; TBD, PPD, preseason, unknown team', () => {
  const games = [
    {
      ...base,
      gameId: '0022500002',
      gameStatus: 3,
      gameStatusText: 'Final',
      homeTeam: team('OKC', 1, 125),
      awayTeam: team('HOU', 2, 124),
    },
    {
      ...base,
      gameId: '0022500003',
      gameStatus: 3,
      gameStatusText: 'Final',
      homeTeam: team('OKC', 1, 0),
      awayTeam: team('HOU', 2, 0),
    },
    { ...base, gameId: '0022500004', gameStatusText: 'TBD', gameDateEst: '2025-10-25T00:00:00Z' },
    { ...base, gameId: '0022500005', gameStatusText: 'PPD' },
    { ...base, gameId: '0012500006' },
    { ...base, gameId: '0032500007' },
    { ...base, gameId: '0022500008', homeTeam: team('XYZ', 9) },
    { ...base, gameId: '0042500009', awayTeam: team('PHO', 1610612756) },
  ];
  const p = parseSchedule(schedule(games));
  assert.ok(p.ok);
  const m = mapSchedule(p.value);
  assert.equal(m.read, 8);
  assert.equal(m.skipped, 2); // preseason and all-star
  assert.equal(m.rejects?.length, 1);
  assert.equal(m.rejects![0].reason, 'UNKNOWN_TEAM');
  assert.equal(m.rejects![0].row_ref, 'game 0022500008');
  const by = new Map(m.games!.map((g) => [g.game_id, g]));
  assert.deepEqual([by.get('0022500002')!.home_score, by.get('0022500002')!.away_score], [125, 124]);
  assert.deepEqual([by.get('0022500003')!.home_score, by.get('0022500003')!.away_score], [null, null]);
  assert.equal(by.get('0022500003')!.status, 3);
  assert.equal(by.get('0022500004')!.start_utc, null);
  assert.equal(by.get('0022500004')!.game_date, '2025-10-25');
  assert.equal(by.get('0022500005')!.postponed_flag, true);
  assert.equal(by.get('0042500009')!.season_type, 'playoffs');
  assert.equal(by.get('0042500009')!.away, 'PHX');
});

test('schedule: a broken payload is an error naming the field', () => {
  const p = parseSchedule(schedule([{ ...base, gameId: '123' }]));
  assert.equal(p.ok, false);
  if (!p.ok)
    assert.match(p.error, /leagueSchedule\.gameDates\.0\.games\.0\.gameId: gameId must be 10 digits/);
  const q = parseSchedule('{not json');
  assert.equal(q.ok, false);
  if (!q.ok) assert.match(q.error, /^not JSON/);
});
