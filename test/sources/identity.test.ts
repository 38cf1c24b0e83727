import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdentityIndex, loadIdentity, playerEntry, sourceFamily } from '../../src/sources/identity.ts';
import { ingestMapped, retryRejects } from '../../src/sources/ingest/ingest.ts';
import { box, game, storeWithPlayers } from './files/fixtures.ts';

const ctx = (teams: string[], date = '2025-11-01') => ({ source: 'odds_api', date, teams });

function index(): IdentityIndex {
  return new IdentityIndex(
    [
      playerEntry(1, 'Cason Wallace', 'OKC'),
      playerEntry(2, 'Ben Sheppard', 'IND'),
      playerEntry(3, 'Julian Champagnie', 'SAS'),
      playerEntry(4, 'Tre Jones', 'CHI'),
      playerEntry(5, 'Isaiah Stewart', 'DET'),
      playerEntry(6, 'Derrick Jones Jr.', 'LAC'),
      playerEntry(7, 'Nikola Jokić', 'DEN'),
      playerEntry(8, 'Jaren Jackson Jr.', 'MEM'),
      // Two players with one lookup; the second moved from DAL to LAL on 2025-10-30.
      playerEntry(9, 'Marcus Smith', 'BOS'),
      playerEntry(10, 'Marcus Smith', 'LAL', [
        { date: '2025-10-01', team: 'DAL' },
        { date: '2025-10-30', team: 'LAL' },
      ]),
    ],
    [{ source: '*', raw_name: 'Herb Jones', player_id: 1630529, created_by: 'seed', note: null }],
  );
}

test('exact lookup folds accents and suffix spellings', () => {
  const ix = index();
  assert.deepEqual(ix.resolve('Nikola Jokic', ctx(['DEN', 'PHX'])), { player_id: 7, via: 'lookup' });
  assert.deepEqual(ix.resolve('Jaren Jackson Jr', ctx(['MEM', 'UTA'])), { player_id: 8, via: 'lookup' });
  assert.deepEqual(ix.resolve('Herb Jones', ctx(['NOP', 'UTA'])), { player_id: 1630529, via: 'alias' });
});

test('suffix rule only for a unique player on a team of the game, and it writes an alias', () => {
  const ix = index();
  assert.deepEqual(ix.resolve('Isaiah Stewart II', ctx(['DET', 'BOS'])), { player_id: 5, via: 'suffix' });
  assert.deepEqual(ix.resolve('Derrick Jones', ctx(['LAC', 'GSW'])), { player_id: 6, via: 'suffix' });
  assert.deepEqual(
    ix.newAliases.map((a) => [a.source, a.raw_name, a.player_id, a.created_by]),
    [
      ['odds_api', 'Isaiah Stewart II', 5, 'auto:suffix'],
      ['odds_api', 'Derrick Jones', 6, 'auto:suffix'],
    ],
  );
  // Not on either team: no suffix match.
  const other = index().resolve('Isaiah Stewart II', ctx(['BOS', 'NYK']));
  assert.equal(other.player_id, null);
});

test('ambiguous lookups pick the player on a team of the game as of the row date', () => {
  const ix = index();
  assert.deepEqual(ix.resolve('Marcus Smith', ctx(['BOS', 'MIA'])), { player_id: 9, via: 'lookup' });
  assert.deepEqual(ix.resolve('Marcus Smith', ctx(['LAL', 'MIA'], '2025-11-01')), {
    player_id: 10,
    via: 'lookup',
  });
  assert.deepEqual(ix.resolve('Marcus Smith', ctx(['DAL', 'MIA'], '2025-10-20')), {
    player_id: 10,
    via: 'lookup',
  });
  const amb = ix.resolve('Marcus Smith', ctx(['NYK', 'MIA']));
  assert.equal(amb.player_id, null);
  assert.equal(amb.player_id === null && amb.reason, 'AMBIGUOUS_PLAYER');
});

test('candidates: never a different first name with the same last name; Tre Jones offered, never resolved', () => {
  const ix = index();
  for (const [name, teams] of [
    ['Keaton Wallace', ['OKC', 'ATL']],
    ['Reed Sheppard', ['IND', 'HOU']],
    ['Justin Champagnie', ['SAS', 'WAS']],
  ] as const) {
    const r = ix.resolve(name, ctx([...teams]));
    assert.deepEqual(r, { player_id: null, reason: 'UNKNOWN_PLAYER', candidates: [] }, name);
  }
  const tre = ix.resolve('Tre Johnson', ctx(['WAS', 'CHI']));
  assert.deepEqual(tre, {
    player_id: null,
    reason: 'UNKNOWN_PLAYER',
    candidates: [{ player_id: 4, name: 'Tre Jones' }],
  });
  // Candidates must be on a team of the game.
  assert.deepEqual(ix.candidates('Tre Johnson', ctx(['WAS', 'BOS'])), []);
  // Same last word and first three letters → candidate ("Cas" Wallace).
  assert.deepEqual(ix.candidates('Cason Wallace Sr', ctx(['OKC', 'ATL'])), [
    { player_id: 1, name: 'Cason Wallace' },
  ]);
});

test('source families share aliases', () => {
  assert.equal(sourceFamily('files:odds-snapshots'), 'odds_api');
  assert.equal(sourceFamily('sim:odds_api'), 'odds_api');
  assert.equal(sourceFamily('files:injuries'), 'injuries');
  assert.equal(sourceFamily('nba_cdn'), 'nba_cdn');
});

test('re-resolution: a rookie rejected as UNKNOWN_PLAYER resolves once his box score lands', async () => {
  const store = await storeWithPlayers();
  const prop = {
    row_ref: 'r1',
    captured_at: '2025-10-21T17:00:00Z',
    game_ref: { game_date: '2025-10-21', home: 'OKC', away: 'HOU' },
    raw_name: 'Reed Sheppard',
    book: 'draftkings',
    line: 9.5,
    over_price: -110,
    under_price: -110,
  };
  const first = await store.transaction((tx) =>
    ingestMapped(
      tx,
      { source: 'odds_api', payload_sha256: 'p1' },
      { read: 1, skipped: 0, primary: ['propLines'], propLines: [prop] },
    ),
  );
  assert.deepEqual(first.rejected_by_reason, { UNKNOWN_PLAYER: 1 });
  // Nothing new yet: the retry keeps the reject open.
  const none = await store.transaction((tx) => retryRejects(tx, { sinceDays: 30 }));
  assert.deepEqual(none, { retried: 1, resolved: 0, inserted: 0 });
  // His first box score arrives.
  await store.transaction((tx) =>
    ingestMapped(
      tx,
      { source: 'files:nba-api-player-logs', payload_sha256: 'p2' },
      {
        read: 1,
        skipped: 0,
        primary: ['boxScores'],
        boxScores: [box(1642263, 'Reed Sheppard', 'HOU', '0022499999', '2025-10-15')],
      },
    ),
  );
  const later = await store.transaction((tx) => retryRejects(tx, { sinceDays: 30 }));
  assert.deepEqual(later, { retried: 1, resolved: 1, inserted: 1 });
  const [row] = await store.query<{ player_id: number; is_main: boolean }>(
    'SELECT player_id, is_main FROM prop_lines',
  );
  assert.deepEqual(row, { player_id: 1642263, is_main: true });
  const [rej] = await store.query<{ resolved_at: string | null }>('SELECT resolved_at FROM rejected_rows');
  assert.ok(rej.resolved_at);
  // Resolved rejects are not retried again.
  assert.deepEqual(await store.transaction((tx) => retryRejects(tx, { sinceDays: 30 })), {
    retried: 0,
    resolved: 0,
    inserted: 0,
  });
  await store.close();
});

test('an alias added for a name resolves its open rejects (aliases add path)', async () => {
  const store = await storeWithPlayers();
  await store.transaction((tx) =>
    ingestMapped(
      tx,
      { source: 'files:odds-snapshots', payload_sha256: 'p1' },
      {
        read: 1,
        skipped: 0,
        primary: ['propLines'],
        propLines: [
          {
            row_ref: 'line 2',
            captured_at: '2025-10-21T17:00:00Z',
            game_ref: { game_date: '2025-10-21', home: 'OKC', away: 'HOU' },
            raw_name: 'SGA',
            book: 'fanduel',
            line: 30.5,
            over_price: -110,
            under_price: -110,
          },
        ],
      },
    ),
  );
  const res = await store.transaction(async (tx) => {
    await tx.run(
      "INSERT INTO player_aliases (source, raw_name, player_id, created_at, created_by) VALUES ('odds_api', 'SGA', 1628983, now(), 'cli')",
    );
    return retryRejects(tx, { sinceDays: 36500, names: ['SGA'] });
  });
  assert.deepEqual(res, { retried: 1, resolved: 1, inserted: 1 });
  const ix = await loadIdentity(store);
  assert.deepEqual(
    ix.resolve('SGA', { source: 'files:odds-snapshots', date: '2025-10-21', teams: ['OKC', 'HOU'] }),
    {
      player_id: 1628983,
      via: 'alias',
    },
  );
  await store.close();
});

test('games writer: postponement rules and status never lowered', async () => {
  const store = await storeWithPlayers();
  const write = (g: ReturnType<typeof game>, source = 'nba_cdn') =>
    store.transaction((tx) =>
      ingestMapped(
        tx,
        { source, payload_sha256: `s${Math.random()}` },
        { read: 1, skipped: 0, primary: ['games'], games: [g] },
      ),
    );
  // MOVED: the unplayed 0022500002 appears on a new date.
  const moved = await write({
    ...game('0022500002', '2025-10-23', 'DEN', 'LAL'),
    start_utc: '2025-10-24T02:00:00Z',
  });
  assert.equal(moved.updated, 1);
  // FINAL_WITHOUT_SCORE and SOURCE_FLAG.
  await write({
    ...game('0022500001', '2025-10-21', 'HOU', 'OKC'),
    status: 3,
    home_score: null,
    away_score: null,
  });
  await write({ ...game('0022500003', '2025-10-22', 'BOS', 'NYK'), postponed_flag: true });
  const pp = await store.query<{
    game_id: string;
    original_date: string;
    new_date: string | null;
    reason: string;
  }>('SELECT game_id, original_date, new_date, reason FROM game_postponements ORDER BY game_id');
  assert.deepEqual(
    pp.map((p) => [p.game_id, p.original_date, p.new_date, p.reason]),
    [
      ['0022500001', '2025-10-21', null, 'FINAL_WITHOUT_SCORE'],
      ['0022500002', '2025-10-21', '2025-10-23', 'MOVED'],
      ['0022500003', '2025-10-22', null, 'SOURCE_FLAG'],
    ],
  );
  const [g2] = await store.query<{
    game_date: string;
    postponed_to: string;
    status: number;
    start_source: string;
  }>("SELECT game_date, postponed_to, status, start_source FROM games WHERE game_id = '0022500002'");
  assert.deepEqual(g2, {
    game_date: '2025-10-23',
    postponed_to: '2025-10-23',
    status: 1,
    start_source: 'nba_cdn',
  });
  // A final game stays final when a later payload says scheduled.
  await write(game('0022499999', '2025-10-15', 'HOU', 'OKC', 1));
  const [f] = await store.query<{ status: number; home_score: number }>(
    "SELECT status, home_score FROM games WHERE game_id = '0022499999'",
  );
  assert.deepEqual(f, { status: 3, home_score: 110 });
  // An odds tip does not override a schedule tip.
  const tip = await store.transaction((tx) =>
    ingestMapped(
      tx,
      { source: 'odds_api', payload_sha256: 'tip' },
      {
        read: 0,
        skipped: 0,
        primary: [],
        tips: [{ game_id: '0022500002', start_utc: '2025-10-24T03:00:00Z' }],
      },
    ),
  );
  assert.equal(tip.warnings.start_utc_filled, undefined);
  // A FINAL_WITHOUT_SCORE game is not Final: when a schedule puts it on a new date it moves,
  // and its postponement row (first reason kept) gets the new date.
  await write({ ...game('0022500001', '2025-10-26', 'HOU', 'OKC'), start_utc: '2025-10-26T23:30:00Z' });
  const [m] = await store.query<{ game_date: string; status: number; postponed_to: string }>(
    "SELECT game_date, status, postponed_to FROM games WHERE game_id = '0022500001'",
  );
  assert.deepEqual(m, { game_date: '2025-10-26', status: 1, postponed_to: '2025-10-26' });
  const moves = await store.query<{ reason: string; new_date: string | null }>(
    "SELECT reason, new_date FROM game_postponements WHERE game_id = '0022500001' ORDER BY reason",
  );
  assert.deepEqual(
    moves.map((x) => [x.reason, x.new_date]),
    [['FINAL_WITHOUT_SCORE', '2025-10-26']],
  );
  await store.close();
});
