import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapEventOdds, parseEventOdds, toAmerican } from '../../../src/sources/odds-api/event-odds.ts';
import { eventRef, eventsPath, mapEvents, parseEvents } from '../../../src/sources/odds-api/events.ts';
import {
  mapHistoricalEventOdds,
  parseHistoricalEventOdds,
  snapTime,
} from '../../../src/sources/odds-api/historical.ts';

const pp = (description: string | undefined, point: number | undefined, over: number, under: number) => [
  { name: 'Over', description, price: over, point },
  { name: 'Under', description, price: under, point },
];

const event = {
  id: 'e1',
  sport_key: 'basketball_nba',
  commence_time: '2025-10-23T02:00:00Z',
  home_team: 'Los Angeles Clippers',
  away_team: 'Golden State Warriors',
  bookmakers: [
    {
      key: 'bovada',
      title: 'Bovada',
      last_update: '2025-10-22T16:59:00Z',
      markets: [
        {
          key: 'player_points',
          last_update: '2025-10-22T16:58:00Z',
          // The spec's ladder example: 12.5 (−115/−115) is the main rung.
          outcomes: [
            ...pp('Jalen Doe', 11.5, -140, 105),
            ...pp('Jalen Doe', 12.5, -115, -115),
            ...pp('Jalen Doe', 13.5, 120, -155),
          ],
        },
        { key: 'player_rebounds', outcomes: pp('Jalen Doe', 5.5, -110, -110) },
        {
          key: 'spreads',
          outcomes: [
            { name: 'Golden State Warriors', price: -105, point: 2.5 },
            { name: 'Los Angeles Clippers', price: -115, point: -2.5 },
          ],
        },
        {
          key: 'totals',
          outcomes: [
            { name: 'Under', price: -110, point: 221.5 },
            { name: 'Over', price: -110, point: 221.5 },
          ],
        },
      ],
    },
    {
      key: 'williamhill_us',
      markets: [
        {
          key: 'player_points',
          outcomes: [
            { name: 'Over', description: 'Only Over', price: -120, point: 20.5 },
            { name: 'Over', description: 'Twice Over', price: -120, point: 9.5 },
            { name: 'Over', description: 'Twice Over', price: -125, point: 9.5 },
            { name: 'Under', description: 'Twice Over', price: -105, point: 9.5 },
            { name: 'Over', price: -110, point: 3.5 },
          ],
        },
      ],
    },
  ],
};

test('event odds: Over+Under grouped by (player, point); ladder rows; game lines; other markets skipped', () => {
  const p = parseEventOdds(JSON.stringify(event));
  assert.ok(p.ok);
  const m = mapEventOdds(p.value, { captured_at: '2025-10-22T17:00:00Z' });
  // 3 bovada rungs + 2 caesars groups + 1 malformed + spread + total + 2 rebound outcomes
  assert.equal(m.read, 10);
  assert.equal(m.skipped, 2);
  assert.equal(m.propLines!.length, 5);
  const r = m.propLines![1];
  assert.deepEqual(
    [
      r.row_ref,
      r.captured_at,
      r.raw_name,
      r.book,
      r.line,
      r.over_price,
      r.under_price,
      r.event_id,
      r.book_updated_at,
    ],
    [
      'bovada/Jalen Doe/12.5',
      '2025-10-22T17:00:00.000Z',
      'Jalen Doe',
      'bovada',
      12.5,
      -115,
      -115,
      'e1',
      '2025-10-22T16:58:00.000Z',
    ],
  );
  assert.deepEqual(r.game_ref, { game_date: '2025-10-22', home: 'LAC', away: 'GSW' });
  const only = m.propLines!.find((x) => x.raw_name === 'Only Over')!;
  assert.deepEqual([only.over_price, only.under_price, only.book_updated_at], [-120, null, null]);
  const twice = m.propLines!.find((x) => x.raw_name === 'Twice Over')!;
  assert.deepEqual([twice.over_price, twice.under_price], [-125, -105]); // the last duplicate side wins
  assert.equal(m.warnings!.duplicate_side, 1);
  assert.equal(m.rejects!.length, 1);
  assert.equal(m.rejects![0].reason, 'MALFORMED_OUTCOME');
  const spread = m.gameLines!.find((x) => x.market === 'spread')!;
  assert.deepEqual([spread.line, spread.price_a, spread.price_b], [-2.5, -115, -105]);
  const total = m.gameLines!.find((x) => x.market === 'total')!;
  assert.deepEqual([total.line, total.price_a, total.price_b], [221.5, -110, -110]);
  assert.deepEqual(m.tips, [
    {
      game_ref: { game_date: '2025-10-22', home: 'LAC', away: 'GSW' },
      start_utc: '2025-10-23T02:00:00.000Z',
    },
  ]);
});

test('event odds: unknown team → UNKNOWN_TEAM for every row; no bookmakers → no rows', () => {
  const p = parseEventOdds(JSON.stringify({ ...event, home_team: 'Seattle SuperSonics' }));
  assert.ok(p.ok);
  const m = mapEventOdds(p.value, { captured_at: '2025-10-22T17:00:00Z' });
  assert.equal(m.propLines!.length, 0);
  assert.equal(m.rejects!.filter((x) => x.reason === 'UNKNOWN_TEAM').length, 7);
  const empty = parseEventOdds(JSON.stringify({ ...event, bookmakers: [] }));
  assert.ok(empty.ok);
  assert.equal(mapEventOdds(empty.value, { captured_at: '2025-10-22T17:00:00Z' }).read, 0);
});

test('decimal prices convert to American integers', () => {
  assert.equal(toAmerican(2.5, 'decimal'), 150);
  assert.equal(toAmerican(1.8, 'decimal'), -125);
  assert.equal(toAmerican(1.909, 'decimal'), -110);
  assert.equal(toAmerican(1, 'decimal'), null);
  assert.equal(toAmerican(-110.0), -110);
});

test('events: ET date of commence_time, full names to tricodes, window path', () => {
  assert.deepEqual(
    eventRef({
      id: 'a',
      commence_time: '2025-11-05T04:10:00Z',
      home_team: 'LA Clippers',
      away_team: 'Utah Jazz',
    }).game_ref,
    {
      game_date: '2025-11-04',
      home: 'LAC',
      away: 'UTA',
    },
  );
  assert.equal(
    eventRef({ id: 'a', commence_time: '2025-10-26T18:10:00Z', home_team: 'Boston Celtics', away_team: 'x' })
      .game_ref,
    null,
  );
  const p = parseEvents(
    JSON.stringify([
      {
        id: 'a',
        commence_time: '2025-10-23T02:00:00Z',
        home_team: 'Oklahoma City Thunder',
        away_team: 'Houston Rockets',
      },
    ]),
  );
  assert.ok(p.ok);
  assert.deepEqual(mapEvents(p.value).tips, [
    {
      game_ref: { game_date: '2025-10-22', home: 'OKC', away: 'HOU' },
      start_utc: '2025-10-23T02:00:00.000Z',
    },
  ]);
  assert.equal(
    eventsPath('2025-10-22T04:00:00.000Z', '2025-10-23T04:00:00.000Z'),
    '/v4/sports/basketball_nba/events?commenceTimeFrom=2025-10-22T04:00:00Z&commenceTimeTo=2025-10-23T04:00:00Z',
  );
  const bad = parseEvents(
    JSON.stringify([{ id: 'a', commence_time: 'soon', home_team: 'x', away_team: 'y' }]),
  );
  assert.equal(bad.ok, false);
});

test('historical: captured_at is the payload timestamp; T snaps down to 5 minutes', () => {
  const p = parseHistoricalEventOdds(
    JSON.stringify({
      timestamp: '2025-10-22T16:55:00Z',
      previous_timestamp: '2025-10-22T16:50:00Z',
      next_timestamp: null,
      data: event,
    }),
  );
  assert.ok(p.ok);
  const m = mapHistoricalEventOdds(p.value);
  assert.equal(m.propLines![0].captured_at, '2025-10-22T16:55:00.000Z');
  assert.equal(snapTime('2025-10-22T16:59:59.900Z'), '2025-10-22T16:55:00Z');
  assert.equal(snapTime('2025-10-22T17:00:00Z', 5), '2025-10-22T17:00:00Z');
});
