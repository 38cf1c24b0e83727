import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.ts';
import { planStaging } from '../../src/store/duckdb/staging.ts';
import { claimStoreKind, getStoreKind } from '../../src/store/meta.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';
import { openMemoryStore } from '../../src/store/open.ts';

test('migrations apply once and are recorded; a second run applies nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-store-'));
  const store = await DuckDBStore.open(join(dir, 'a.duckdb'));
  const first = await migrate(store);
  assert.deepEqual(
    first,
    listMigrations().map((m) => m.id),
  );
  assert.deepEqual(await migrate(store), []);
  const [{ n }] = await store.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
  assert.equal(n, listMigrations().length);
  await store.close();
  // Reopening the file sees the same schema and applies nothing either.
  const again = await DuckDBStore.open(join(dir, 'a.duckdb'));
  assert.deepEqual(await migrate(again), []);
  await again.close();
});

test('a transaction that throws leaves nothing written', async () => {
  const store = await openMemoryStore();
  await assert.rejects(
    store.transaction(async (tx) => {
      await tx.run("INSERT INTO store_meta (key, value) VALUES ('a', '1')");
      await tx.insertMany(
        'store_meta',
        ['key', 'value'],
        [
          ['b', '2'],
          ['c', '3'],
        ],
      );
      throw new Error('boom');
    }),
    /boom/,
  );
  assert.deepEqual(await store.query('SELECT * FROM store_meta'), []);
  await store.transaction(async (tx) => tx.run("INSERT INTO store_meta (key, value) VALUES ('ok', '1')"));
  assert.deepEqual(await store.query('SELECT key, value FROM store_meta'), [{ key: 'ok', value: '1' }]);
  await store.close();
});

test('insertMany casts text cells to column types and honours ON CONFLICT', async () => {
  const store = await openMemoryStore();
  const cols = ['game_id', 'game_date', 'start_utc', 'season', 'home', 'away', 'status', 'source'];
  const n = await store.insertMany('games', cols, [
    ['g1', '2025-10-22', '2025-10-23T02:00:00.000Z', 2025, 'BOS', 'NYK', 3, 'test'],
    ['g2', '2025-10-22', null, 2025, 'LAL', 'GSW', 1, 'test'],
  ]);
  assert.equal(n, 2);
  const rows = await store.query(
    'SELECT game_id, game_date, start_utc, season, status FROM games ORDER BY game_id',
  );
  assert.deepEqual(rows, [
    {
      game_id: 'g1',
      game_date: '2025-10-22',
      start_utc: '2025-10-23T02:00:00.000Z',
      season: 2025,
      status: 3,
    },
    { game_id: 'g2', game_date: '2025-10-22', start_utc: null, season: 2025, status: 1 },
  ]);
  const changed = await store.insertMany(
    'games',
    cols,
    [['g2', '2025-10-22', null, 2025, 'LAL', 'GSW', 3, 'test']],
    {
      onConflict: 'ON CONFLICT (game_id) DO UPDATE SET status = excluded.status',
    },
  );
  assert.equal(changed, 1);
  const [{ status }] = await store.query<{ status: number }>("SELECT status FROM games WHERE game_id = 'g2'");
  assert.equal(status, 3);
  // Lists and JSON round-trip as arrays and text.
  await store.insertMany(
    'teams',
    ['tricode', 'city', 'name', 'name_aliases'],
    [['ZZZ', 'Testville', 'Testers', ['Testville Testers']]],
  );
  assert.deepEqual(
    (await store.query("SELECT name_aliases FROM teams WHERE tricode = 'ZZZ'"))[0].name_aliases,
    ['Testville Testers'],
  );
  await store.close();
});

test('insertMany stages instants typed and one-value columns as literals, with the same results as text', async () => {
  const store = await openMemoryStore();
  const cols = [
    'captured_at',
    'game_id',
    'player_id',
    'book',
    'line',
    'over_price',
    'under_price',
    'source',
    'market',
    'book_updated_at',
    'payload_sha256',
  ];
  const rows = [
    // zone offsets, a Date, milliseconds, a quote in a one-value column, NULLs
    [
      '2031-11-01T14:00:00Z',
      'g1',
      1,
      'dk',
      20.5,
      -110,
      -110,
      "sim:o'dds",
      'player_points',
      new Date('2031-11-01T13:59:00.250Z'),
      null,
    ],
    [
      '2031-11-01T09:00:00.5-05:00',
      'g1',
      2,
      'dk',
      10.5,
      -115,
      -105,
      "sim:o'dds",
      'player_points',
      null,
      null,
    ],
    [
      '2031-11-01T14:00:00.000Z',
      'g1',
      3,
      'fd',
      7.5,
      null,
      120,
      "sim:o'dds",
      'player_points',
      '2031-11-01T13:00:00+01:00',
      null,
    ],
  ];
  assert.equal(await store.insertMany('prop_lines', cols, rows), 3);
  // A naive timestamp keeps the text path (DuckDB reads it in the session zone, UTC).
  await store.insertMany('prop_lines', cols, [
    ['2031-11-02 14:00:00', 'g2', 1, 'dk', 3.5, -110, -110, 'x', 'player_points', null, 'abc'],
    ['2031-11-02T14:00:00Z', 'g2', 2, 'dk', 3.5, -110, -110, 'x', 'player_points', null, 'abc'],
  ]);
  // Two identical rows: every column is one value (one stays staged); the key conflict is honoured.
  const same = ['2031-11-03T14:00:00Z', 'g3', 1, 'dk', 3.5, -110, -110, 'x', 'player_points', null, null];
  assert.equal(
    await store.insertMany('prop_lines', cols, [same, [...same]], {
      onConflict: 'ON CONFLICT (game_id, player_id, book, captured_at, line) DO NOTHING',
    }),
    1,
  );
  assert.deepEqual(
    await store.query(
      'SELECT game_id, player_id, captured_at, source, book_updated_at, payload_sha256, over_price FROM prop_lines ORDER BY game_id, player_id',
    ),
    [
      {
        game_id: 'g1',
        player_id: 1,
        captured_at: '2031-11-01T14:00:00.000Z',
        source: "sim:o'dds",
        book_updated_at: '2031-11-01T13:59:00.250Z',
        payload_sha256: null,
        over_price: -110,
      },
      {
        game_id: 'g1',
        player_id: 2,
        captured_at: '2031-11-01T14:00:00.500Z',
        source: "sim:o'dds",
        book_updated_at: null,
        payload_sha256: null,
        over_price: -115,
      },
      {
        game_id: 'g1',
        player_id: 3,
        captured_at: '2031-11-01T14:00:00.000Z',
        source: "sim:o'dds",
        book_updated_at: '2031-11-01T12:00:00.000Z',
        payload_sha256: null,
        over_price: null,
      },
      {
        game_id: 'g2',
        player_id: 1,
        captured_at: '2031-11-02T14:00:00.000Z',
        source: 'x',
        book_updated_at: null,
        payload_sha256: 'abc',
        over_price: -110,
      },
      {
        game_id: 'g2',
        player_id: 2,
        captured_at: '2031-11-02T14:00:00.000Z',
        source: 'x',
        book_updated_at: null,
        payload_sha256: 'abc',
        over_price: -110,
      },
      {
        game_id: 'g3',
        player_id: 1,
        captured_at: '2031-11-03T14:00:00.000Z',
        source: 'x',
        book_updated_at: null,
        payload_sha256: null,
        over_price: -110,
      },
    ],
  );
  await store.close();
});

test('insertMany stages a text column of few values as positions into a list of them', async () => {
  const store = await openMemoryStore();
  const games = ['0023100001', "o'neil", null, 'g3'];
  const rows = Array.from({ length: 40 }, (_, i) => [
    `2031-11-01T14:00:0${i % 10}.000Z`,
    games[i % 4] ?? 'gx',
    i,
    ['dk', 'fd'][i % 2],
    0.5 + i,
    -110,
    -110,
    'sim',
    games[i % 4],
    'player_points',
    false,
    null,
    null,
  ]);
  const cols = [
    'captured_at',
    'game_id',
    'player_id',
    'book',
    'line',
    'over_price',
    'under_price',
    'source',
    'event_id',
    'market',
    'is_main',
    'book_updated_at',
    'payload_sha256',
  ];
  assert.equal(await store.insertMany('prop_lines', cols, rows), 40);
  const back = await store.query<{ game_id: string; book: string; event_id: string | null }>(
    'SELECT game_id, book, event_id FROM prop_lines ORDER BY player_id',
  );
  assert.deepEqual(
    back,
    rows.map((r) => ({ game_id: r[1], book: r[3], event_id: r[8] })),
  );
  await store.close();
});

test('insertMany stages a DOUBLE[] column as a typed list; non-finite numbers become NULL as JSON made them', async () => {
  const store = await openMemoryStore();
  await store.run('CREATE TABLE vec (id INTEGER, v DOUBLE[], s TEXT[])');
  const rows = [
    [1, [1.5, null, -2, 0], ['a', 'b']],
    [2, [Number.NaN, Number.POSITIVE_INFINITY, 3.25], []],
    [3, null, null],
    [4, [], ['c']],
  ];
  const plan = planStaging(
    ['id', 'v', 's'],
    rows,
    new Map([
      ['id', 'INTEGER'],
      ['v', 'DOUBLE[]'],
      ['s', 'VARCHAR[]'],
    ]),
  );
  assert.deepEqual(
    plan.map((c) => c.kind),
    ['number', 'doubles', 'text'],
  );
  assert.equal(await store.insertMany('vec', ['id', 'v', 's'], rows), 4);
  const back = await store.query<{ id: number; v: string | null; s: string | null }>(
    'SELECT id, v::VARCHAR AS v, s::VARCHAR AS s FROM vec ORDER BY id',
  );
  assert.deepEqual(
    back.map((r) => [Number(r.id), r.v, r.s]),
    [
      [1, '[1.5, NULL, -2.0, 0.0]', '[a, b]'],
      [2, '[NULL, NULL, 3.25]', '[]'],
      [3, null, null],
      [4, '[]', '[c]'],
    ],
  );
  await store.close();
});

test('column types are re-read after a schema change (cache shared by transactions)', async () => {
  const store = await openMemoryStore();
  await store.run('CREATE TABLE t_cache (a INTEGER)');
  await store.transaction((tx) => tx.insertMany('t_cache', ['a'], [[1], [2]]));
  await store.run('ALTER TABLE t_cache ADD COLUMN b TIMESTAMPTZ');
  await store.transaction((tx) =>
    tx.insertMany(
      't_cache',
      ['a', 'b'],
      [
        [3, '2031-01-01T00:00:00Z'],
        [4, '2031-01-02T00:00:00+02:00'],
      ],
    ),
  );
  assert.deepEqual(await store.query('SELECT a, b FROM t_cache ORDER BY a'), [
    { a: 1, b: null },
    { a: 2, b: null },
    { a: 3, b: '2031-01-01T00:00:00.000Z' },
    { a: 4, b: '2031-01-01T22:00:00.000Z' },
  ]);
  await store.close();
});

test('parameters bind with explicit casts', async () => {
  const store = await openMemoryStore();
  const [row] = await store.query(
    'SELECT $1::DATE AS d, $2::TIMESTAMPTZ AS t, $3::INTEGER + 1 AS n, $4::TEXT IS NULL AS isnull',
    ['2025-11-02', '2025-11-02T06:30:00Z', 41, null],
  );
  assert.deepEqual(row, { d: '2025-11-02', t: '2025-11-02T06:30:00.000Z', n: 42, isnull: true });
  await store.close();
});

test('a store is real or simulated, never both', async () => {
  const store = await openMemoryStore();
  assert.equal(await getStoreKind(store), null);
  await claimStoreKind(store, 'simulated');
  await claimStoreKind(store, 'simulated');
  assert.equal(await getStoreKind(store), 'simulated');
  await assert.rejects(claimStoreKind(store, 'real'), /holds simulated data; real data cannot be added/);
  await store.close();
});
