import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCHEDULE_URL } from '../../../src/sources/nba-cdn/schedule.ts';
import { simulateLeague } from '../../../src/sources/simulator/league-sim.ts';
import { eventIdOf } from '../../../src/sources/simulator/payloads.ts';
import { SIM_INJURIES_URL, SimTransport } from '../../../src/sources/simulator/transport.ts';

const league = simulateLeague({ seed: 42, seasons: 1, teams: 4, days: 20, season: 2031 });
const season = league.seasons[0];
const g = season.games.find((x) => !x.postponement)!;
const ODDS = 'https://api.the-odds-api.com/v4/sports/basketball_nba/events';
const Q = 'regions=us&markets=player_points,spreads,totals&oddsFormat=american';

test('league: ids, rosters of 13–17, person ids from 9,000,001', () => {
  assert.equal(season.games[0].gameId.slice(0, 5), '00231');
  const ids = [...league.players.keys()].sort((a, b) => a - b);
  assert.equal(ids[0], 9_000_001);
  const perTeam = new Map<string, Set<number>>();
  for (const x of g.players) perTeam.set(x.team, (perTeam.get(x.team) ?? new Set()).add(x.player.id));
  for (const s of perTeam.values()) assert.ok(s.size >= 13 && s.size <= 17, `roster of ${s.size}`);
});

test('SimTransport: the schedule, box scores and odds appear only when the clock reaches them', async () => {
  const t = new SimTransport(league);
  t.now = `${season.opener}T09:00:00.000Z`;
  const sched = await t.request({ url: SCHEDULE_URL });
  assert.equal(sched.status, 200);
  const body = JSON.parse(sched.body);
  assert.equal(body.leagueSchedule.seasonYear, '2031-32');
  const sg = body.leagueSchedule.gameDates
    .flatMap((d: any) => d.games)
    .find((x: any) => x.gameId === g.gameId);
  assert.equal(sg.gameStatus, 1);
  assert.equal(sg.gameDateTimeUTC, g.tipUtc.replace('.000Z', 'Z'));
  assert.equal(sg.homeTeam.teamTricode, g.home);

  const boxUrl = `https://cdn.nba.com/static/json/liveData/boxscore/boxscore_${g.gameId}.json`;
  t.now = new Date(Date.parse(g.tipUtc) - 60_000).toISOString();
  assert.equal((await t.request({ url: boxUrl })).status, 403);
  t.now = g.endUtc;
  const box = await t.request({ url: boxUrl });
  assert.equal(box.status, 200);
  const bg = JSON.parse(box.body).game;
  assert.equal(bg.gameStatus, 3);
  assert.equal(bg.homeTeam.score, g.homeScore);
  const sum = bg.homeTeam.players.reduce((a: number, p: any) => a + p.statistics.points, 0);
  assert.equal(sum, g.homeScore);

  const oddsUrl = `${ODDS}/${eventIdOf(g.gameId)}/odds?${Q}`;
  t.now = `${g.date}T13:59:00.000Z`;
  const early = await t.request({ url: oddsUrl });
  assert.equal(early.status, 200);
  assert.deepEqual(JSON.parse(early.body).bookmakers, []);
  assert.equal(early.headers['x-requests-last'], '3');
  t.now = `${g.date}T14:00:00.000Z`;
  const morning = JSON.parse((await t.request({ url: oddsUrl })).body);
  assert.equal(morning.bookmakers.length, 8);
  const keys = morning.bookmakers.map((b: any) => b.key).sort();
  assert.deepEqual(keys, [
    'betmgm',
    'betonlineag',
    'betrivers',
    'bovada',
    'draftkings',
    'fanatics',
    'fanduel',
    'williamhill_us',
  ]);
  const dk = morning.bookmakers.find((b: any) => b.key === 'draftkings');
  assert.deepEqual(
    dk.markets.map((m: any) => m.key),
    ['spreads', 'totals', 'player_points'],
  );
  for (const o of dk.markets[2].outcomes) assert.equal(o.point % 1, 0.5);
  t.now = g.endUtc;
  assert.equal((await t.request({ url: oddsUrl })).status, 404);

  t.now = `${g.date}T14:00:00.000Z`;
  const to = new Date(Date.parse(`${g.date}T00:00:00Z`) + 30 * 3_600_000).toISOString();
  const ev = await t.request({ url: `${ODDS}?commenceTimeFrom=${g.date}T04:00:00Z&commenceTimeTo=${to}` });
  assert.ok(JSON.parse(ev.body).some((e: any) => e.id === eventIdOf(g.gameId)));

  t.now = `${g.date}T17:00:00.000Z`;
  const inj = await t.request({ url: SIM_INJURIES_URL });
  assert.equal(inj.headers['content-type'], 'text/csv');
  assert.ok(inj.body.startsWith('report_time,team,player,status,reason,game_date\n'));
  assert.equal((await t.request({ url: 'https://example.com/x' })).status, 404);
});

test('SimTransport: historical odds wrap the snapshot with its timestamp; a future date is refused', async () => {
  const t = new SimTransport(league);
  t.now = g.endUtc;
  const at = `${g.date}T17:00:00Z`;
  const hist = await t.request({
    url: `https://api.the-odds-api.com/v4/historical/sports/basketball_nba/events/${eventIdOf(g.gameId)}/odds?date=${at}&${Q}`,
  });
  assert.equal(hist.status, 200);
  const b = JSON.parse(hist.body);
  assert.equal(b.timestamp, at);
  assert.equal(b.data.id, eventIdOf(g.gameId));
  assert.equal(hist.headers['x-requests-last'], '30');
  t.now = `${g.date}T12:00:00.000Z`;
  const future = await t.request({
    url: `https://api.the-odds-api.com/v4/historical/sports/basketball_nba/events/${eventIdOf(g.gameId)}/odds?date=${at}&${Q}`,
  });
  assert.equal(future.status, 422);
});
