import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../../src/config/load.ts';
import { silentLogger } from '../../../src/config/log.ts';
import type { Config } from '../../../src/config/schema.ts';
import {
  fetchRecorded as fetchLive,
  importRecorded as importFiles,
} from '../../../src/orchestrate/ingest.ts';
import type { LiveWhat } from '../../../src/sources/live-fetch.ts';
import { openMemoryStore } from '../../../src/store/open.ts';
import type { Store } from '../../../src/store/store.ts';
import { runCliAsync } from '../../helpers/cli.ts';
import { FixtureServer, fixture, LIVE_FIXTURES, liveRoutes, QUOTA } from '../../helpers/fixture-server.ts';

const KEY = 'SECRET-KEY-123';
const DATE = '2025-11-05';
const AT_1700 = () => new Date('2025-11-05T17:00:00Z');

let server: FixtureServer;
before(async () => {
  server = await new FixtureServer(liveRoutes).start();
});
after(() => server.stop());

function config(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    env: {
      COURTEDGE_ODDS_API_KEY: KEY,
      COURTEDGE_SOURCES_ODDS_API_BASE_URL: server.base,
      COURTEDGE_SOURCES_NBA_CDN_SCHEDULE_URL: `${server.base}/static/json/staticData/scheduleLeagueV2.json`,
      COURTEDGE_SOURCES_NBA_CDN_BOX_SCORE_URL: `${server.base}/static/json/liveData/boxscore/boxscore_{gameId}.json`,
      COURTEDGE_SOURCES_HTTP_BACKOFF_BASE_MS: '1',
      COURTEDGE_SOURCES_HTTP_BACKOFF_MAX_MS: '5',
      ...overrides,
    },
  }).config;
}

function fetchOn(store: Store, what: LiveWhat, cfg = config(), extra: { historicalAt?: string } = {}) {
  return fetchLive(store, {
    what,
    date: DATE,
    config: cfg,
    configHash: 'test',
    log: silentLogger,
    now: AT_1700,
    ...extra,
  });
}

async function cdnStore(): Promise<Store> {
  const store = await openMemoryStore();
  await fetchOn(store, 'schedule');
  await fetchOn(store, 'boxscores');
  return store;
}

test('schedule: games with tips, scores and status; preseason skipped', async () => {
  const store = await openMemoryStore();
  const s = await fetchOn(store, 'schedule');
  assert.deepEqual([s.read, s.inserted, s.skipped, s.rejected, s.calls], [3, 2, 1, 0, 1]);
  const games = await store.query(
    'SELECT game_id, game_date, start_utc, season, season_type, home, away, status, home_score, away_score FROM games ORDER BY game_id',
  );
  assert.deepEqual(games, [
    {
      game_id: '0022500200',
      game_date: DATE,
      start_utc: '2025-11-06T00:30:00.000Z',
      season: 2025,
      season_type: 'regular',
      home: 'BOS',
      away: 'NYK',
      status: 3,
      home_score: 112,
      away_score: 105,
    },
    {
      game_id: '0022500201',
      game_date: DATE,
      start_utc: '2025-11-06T03:00:00.000Z',
      season: 2025,
      season_type: 'regular',
      home: 'LAL',
      away: 'GSW',
      status: 1,
      home_score: null,
      away_score: null,
    },
  ]);
  // A second fetch of the same body changes nothing.
  const again = await fetchOn(store, 'schedule');
  assert.deepEqual([again.inserted, again.updated], [0, 0]);
  await store.close();
});

test('box scores: a final game with DNP and inactive players; a game in progress is skipped', async () => {
  const store = await cdnStore();
  const rows = await store.query(
    "SELECT player_id, team, minutes, points, starter, dnp, dnp_reason FROM box_scores WHERE game_id = '0022500200' ORDER BY player_id",
  );
  assert.equal(rows.length, 10);
  const by = new Map<number, any>(rows.map((r) => [r.player_id, r]));
  assert.deepEqual(by.get(1628369), {
    player_id: 1628369,
    team: 'BOS',
    minutes: 36.2,
    points: 31,
    starter: true,
    dnp: false,
    dnp_reason: null,
  });
  assert.deepEqual([by.get(1630573).dnp, by.get(1630573).dnp_reason], [true, 'INACTIVE_INJURY']);
  assert.deepEqual(
    [by.get(1628436).dnp, by.get(1628436).dnp_reason, by.get(1628436).minutes],
    [true, 'DNP_COACH', 0],
  );
  assert.equal(
    (await store.query("SELECT count(*) AS n FROM box_scores WHERE game_id = '0022500201'"))[0].n,
    0,
  );
  const [tbs] = await store.query(
    "SELECT minutes, points, tov FROM team_box_scores WHERE game_id = '0022500200' AND team = 'NYK'",
  );
  assert.deepEqual(tbs, { minutes: 240, points: 105, tov: 14 });
  await store.close();
});

test('odds: ladder main rung, names resolved, bad rows rejected, 204 = no lines yet, quota recorded', async () => {
  const store = await cdnStore();
  const s = await fetchOn(store, 'odds');
  assert.equal(s.calls, 3);
  assert.equal(s.quota_remaining, 19000);
  assert.deepEqual(s.rejected_by_reason, { UNKNOWN_PLAYER: 1, LINE_SANITY_REJECT: 1 });
  assert.equal((s.details as { no_markets: number }).no_markets, 1);
  const lines = await store.query(
    `SELECT p.name, l.book, l.line, l.over_price, l.under_price, l.is_main, l.captured_at
     FROM prop_lines l JOIN players p USING (player_id) ORDER BY p.name, l.book, l.line`,
  );
  assert.deepEqual(
    lines.map((l) => [l.name, l.book, l.line, l.over_price, l.under_price, l.is_main]),
    [
      ['Jalen Brunson', 'draftkings', 27.5, -105, -115, true],
      ['Jaylen Brown', 'caesars', 24.5, -110, -110, true],
      ['Jaylen Brown', 'draftkings', 24.5, -115, -105, true],
      ['Jayson Tatum', 'bovada', 27.5, -140, 105, false],
      ['Jayson Tatum', 'bovada', 28.5, -115, -115, true],
      ['Jayson Tatum', 'bovada', 29.5, 120, -155, false],
      ['Jayson Tatum', 'draftkings', 28.5, -110, -110, true],
      ['Karl-Anthony Towns', 'fanduel', 21.5, -110, -110, true],
    ],
  );
  assert.ok(lines.every((l) => l.captured_at === '2025-11-05T17:00:00.000Z'));
  const gl = await store.query('SELECT market, line, price_a, price_b, book FROM game_lines ORDER BY market');
  assert.deepEqual(gl, [
    { market: 'spread', line: -4.5, price_a: -110, price_b: -110, book: 'draftkings' },
    { market: 'total', line: 221.5, price_a: -108, price_b: -112, book: 'draftkings' },
  ]);
  const calls = await store.query(
    'SELECT url, http_status, quota_remaining, quota_last FROM source_calls WHERE source = $1 ORDER BY started_at',
    ['odds_api'],
  );
  assert.equal(calls.length, 3);
  assert.deepEqual(calls.map((c) => c.http_status).sort(), [200, 200, 204]);
  assert.ok(calls.every((c) => c.quota_remaining === 19000));
  // The key appears in no stored row.
  for (const table of ['source_calls', 'raw_payloads', 'pipeline_runs', 'rejected_rows']) {
    const dump = JSON.stringify(await store.query(`SELECT * FROM ${table}`));
    assert.ok(!dump.includes(KEY), `${table} must not hold the API key`);
  }
  assert.ok(calls.every((c) => c.url.includes('apiKey=REDACTED')));
  // The key went to the server, and only as the apiKey parameter.
  assert.ok(server.requests.some((r) => r.query.get('apiKey') === KEY));
  await store.close();
});

test('fetching odds fills the same tables with the same counts as importing the equivalent file', async () => {
  const fetched = await cdnStore();
  const imported = await cdnStore();
  const routes = new FixtureServer((p) =>
    p.endsWith('/e_bos_nyk/odds')
      ? { status: 200, body: fixture('event_odds_e_bos_nyk.json'), headers: QUOTA }
      : liveRoutes(p),
  );
  await routes.start();
  const s = await fetchOn(fetched, 'odds', config({ COURTEDGE_SOURCES_ODDS_API_BASE_URL: routes.base }));
  await routes.stop();
  const f = await importFiles(imported, {
    kind: 'odds-snapshots',
    paths: [join(LIVE_FIXTURES, 'raw_20251105_170000.csv')],
    configHash: 'test',
    identity: config().identity,
    log: silentLogger,
  });
  assert.deepEqual(
    [s.read, s.inserted, s.updated, s.rejected, s.rejected_by_reason],
    [f.read, f.inserted, f.updated, f.rejected, f.rejected_by_reason],
  );
  const q =
    'SELECT captured_at, game_id, player_id, book, line, over_price, under_price, is_main FROM prop_lines ORDER BY player_id, book, line';
  const a = await fetched.query(q);
  assert.equal(a.length, 8);
  assert.deepEqual(a, await imported.query(q));
  const rq = 'SELECT reason, row_data IS NOT NULL AS has_row FROM rejected_rows ORDER BY reason';
  assert.deepEqual(await fetched.query(rq), await imported.query(rq));
  await fetched.close();
  await imported.close();
});

test('historical odds use the payload timestamp; a 404 event is skipped and recorded', async () => {
  const store = await cdnStore();
  const s = await fetchOn(store, 'odds', config(), { historicalAt: '2025-11-05T17:03:00Z' });
  assert.equal((s.details as { not_found: number }).not_found, 1);
  const [{ n, captured }] = await store.query(
    'SELECT count(*) AS n, min(captured_at) AS captured FROM prop_lines',
  );
  assert.deepEqual([n, captured], [8, '2025-11-05T17:00:00.000Z']);
  const req = server.requests.filter((r) => r.path.startsWith('/v4/historical'));
  assert.ok(
    req.every((r) => r.query.get('date') === '2025-11-05T17:00:00Z'),
    'events and odds calls share the snapped T',
  );
  const [{ source }] = await store.query('SELECT DISTINCT source FROM prop_lines');
  assert.equal(source, 'odds_api_hist');
  await store.close();
});

test('429 with Retry-After and a 500 are retried; every attempt is a source_calls row', async () => {
  const flaky = new FixtureServer((p) => {
    if (p === '/v4/sports/basketball_nba/events') {
      return [
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 200, body: fixture('events_20251105.json'), headers: QUOTA },
      ];
    }
    if (p === '/v4/sports/basketball_nba/events/e_bos_nyk/odds')
      return [{ status: 500 }, { status: 200, body: fixture('event_odds_e_bos_nyk.json'), headers: QUOTA }];
    return liveRoutes(p);
  });
  await flaky.start();
  const store = await cdnStore();
  const cfg = config({ COURTEDGE_SOURCES_ODDS_API_BASE_URL: flaky.base });
  const waits: number[] = [];
  try {
    const s = await fetchLive(store, {
      what: 'odds',
      date: DATE,
      config: cfg,
      configHash: 'test',
      log: silentLogger,
      now: AT_1700,
      httpDeps: {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    });
    assert.equal(s.inserted, 8);
  } finally {
    await flaky.stop();
  }
  assert.equal(waits[0], 1000);
  const calls = await store.query(
    "SELECT key, attempt, http_status FROM source_calls WHERE source = 'odds_api' ORDER BY key, attempt",
  );
  assert.deepEqual(
    calls.map((c) => [c.key, c.attempt, c.http_status]),
    [
      ['event_odds:e_bos_nyk', 1, 500],
      ['event_odds:e_bos_nyk', 2, 200],
      ['event_odds:e_lal_gsw', 1, 204],
      ['events:2025-11-05', 1, 429],
      ['events:2025-11-05', 2, 200],
    ],
  );
  await store.close();
});

test('a malformed body is archived invalid with no rows and the run goes on', async () => {
  const bad = new FixtureServer((p) =>
    p.endsWith('/e_bos_nyk/odds')
      ? { status: 200, body: fixture('malformed.json'), headers: QUOTA }
      : liveRoutes(p),
  );
  await bad.start();
  const store = await cdnStore();
  const s = await fetchOn(store, 'odds', config({ COURTEDGE_SOURCES_ODDS_API_BASE_URL: bad.base }));
  await bad.stop();
  assert.equal(s.warnings.invalid_payload, 1);
  assert.equal((await store.query('SELECT count(*) AS n FROM prop_lines'))[0].n, 0);
  const inv = await store.query("SELECT status, error FROM raw_payloads WHERE status = 'invalid'");
  assert.equal(inv.length, 1);
  assert.match(inv[0].error, /not JSON/);
  await store.close();
});

test('the run budget stops calls before they are made and records them', async () => {
  const store = await cdnStore();
  // events cost 1; each odds call is estimated at 3 (3 markets × 1 region): 1 + 3 > 3.
  const s = await fetchOn(store, 'odds', config({ COURTEDGE_SOURCES_ODDS_API_RUN_BUDGET: '3' }));
  assert.equal(s.calls, 1);
  assert.equal(s.warnings.BUDGET_EXHAUSTED, 2);
  const skipped = await store.query(
    "SELECT key, error, http_status FROM source_calls WHERE error = 'BUDGET_EXHAUSTED' ORDER BY key",
  );
  assert.deepEqual(
    skipped.map((r) => [r.key, r.http_status]),
    [
      ['event_odds:e_bos_nyk', null],
      ['event_odds:e_lal_gsw', null],
    ],
  );
  // A remaining quota below the floor also stops the run.
  const s2 = await fetchOn(store, 'odds', config({ COURTEDGE_SOURCES_ODDS_API_MIN_REMAINING: '20000' }));
  assert.equal(s2.calls, 1);
  assert.equal(s2.warnings.BUDGET_EXHAUSTED, 2);
  await store.close();
});

test('401 fails the phase naming the config key, never its value', async () => {
  const denied = new FixtureServer(() => ({ status: 401, body: '{"message":"invalid key"}' }));
  await denied.start();
  const store = await openMemoryStore();
  await assert.rejects(
    fetchOn(store, 'odds', config({ COURTEDGE_SOURCES_ODDS_API_BASE_URL: denied.base })),
    (e: Error) => {
      assert.match(e.message, /oddsApiKey \(COURTEDGE_ODDS_API_KEY\)/);
      assert.ok(!e.message.includes(KEY));
      return true;
    },
  );
  await denied.stop();
  const [run] = await store.query("SELECT status, error FROM pipeline_runs WHERE phase = 'fetch_odds'");
  assert.equal(run.status, 'failed');
  assert.ok(!run.error.includes(KEY));
  await store.close();
});

test('CLI: courtedge fetch schedule|boxscores|odds --json against the fixture server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-fetch-'));
  const store = join(dir, 'c.duckdb');
  const env = {
    COURTEDGE_ODDS_API_KEY: KEY,
    COURTEDGE_SOURCES_ODDS_API_BASE_URL: server.base,
    COURTEDGE_SOURCES_NBA_CDN_SCHEDULE_URL: `${server.base}/static/json/staticData/scheduleLeagueV2.json`,
    COURTEDGE_SOURCES_NBA_CDN_BOX_SCORE_URL: `${server.base}/static/json/liveData/boxscore/boxscore_{gameId}.json`,
    COURTEDGE_LOG_LEVEL: 'debug',
  };
  assert.equal((await runCliAsync(['--store', store, 'init'], env)).code, 0); // only init/simulate/demo create
  const sched = await runCliAsync(['--store', store, 'fetch', 'schedule', '--date', DATE, '--json'], env);
  assert.equal(sched.code, 0, sched.stderr);
  assert.equal(JSON.parse(sched.stdout).inserted, 2);
  const box = await runCliAsync(['--store', store, 'fetch', 'boxscores', '--date', DATE, '--json'], env);
  assert.equal(JSON.parse(box.stdout).tables.box_scores.inserted, 10);
  const odds = await runCliAsync(['--store', store, 'fetch', 'odds', '--date', DATE, '--json'], env);
  assert.equal(odds.code, 0, odds.stderr);
  const o = JSON.parse(odds.stdout);
  assert.deepEqual([o.inserted >= 8, o.calls, o.quota_remaining], [true, 3, 19000]);
  for (const r of [sched, box, odds])
    assert.ok(!r.stderr.includes(KEY) && !r.stdout.includes(KEY), 'the key is never logged');
  const missing = await runCliAsync(['--store', store, 'fetch', 'odds', '--date', DATE], {
    ...env,
    COURTEDGE_ODDS_API_KEY: '',
  });
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /oddsApiKey/);
});
