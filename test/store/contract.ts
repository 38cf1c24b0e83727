import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listMigrations } from '../../src/store/migrate.ts';
import { json, parseJson, type Store } from '../../src/store/store.ts';

/**
 * The store contract (DESIGN "Codebases worth imitating": one shared suite, run against every
 * implementation, as Hono runs one test file against every router). Each case is a query shape
 * the product uses (grepped from src/**): casts of $n parameters, ON CONFLICT with and without
 * RETURNING, JSON text and operators, TEXT[]/DOUBLE PRECISION[] lists, window functions,
 * FILTER, percentile_cont, date arithmetic, transactions, insertMany with its conflict clauses.
 * Values are the Store contract's shapes (store.ts), asserted by hand.
 *
 * The factory returns a store with every migration applied and nothing else in it.
 */
export function runStoreContract(name: string, factory: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    before(async () => {
      store = await factory();
      await store.run(`CREATE TABLE ct_types (
        id TEXT PRIMARY KEY, d DATE, ts TIMESTAMPTZ, big BIGINT, i INTEGER, x DOUBLE PRECISION,
        b BOOLEAN, j JSON, tags TEXT[], xs DOUBLE PRECISION[])`);
      await store.run('CREATE TABLE ct_kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL, note TEXT)');
      await store.run(
        'CREATE TABLE ct_obs (grp TEXT NOT NULL, day DATE NOT NULL, x DOUBLE PRECISION, PRIMARY KEY (grp, day))',
      );
      // Two groups over four days; b has a NULL.
      await store.insertMany(
        'ct_obs',
        ['grp', 'day', 'x'],
        [
          ['a', '2025-11-01', 1],
          ['a', '2025-11-02', 2],
          ['a', '2025-11-03', 4],
          ['a', '2025-11-04', 10],
          ['b', '2025-11-01', 5],
          ['b', '2025-11-02', null],
          ['b', '2025-11-03', 3],
        ],
      );
    });
    after(async () => store?.close());

    test('migrations: every migration is recorded', async () => {
      const rows = await store.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
      assert.deepEqual(
        rows.map((r) => r.id),
        listMigrations().map((m) => m.id),
      );
    });

    test('types come back as the interface documents', async () => {
      await store.run(
        `INSERT INTO ct_types VALUES ($1, $2::DATE, $3::TIMESTAMPTZ, $4::BIGINT, $5::INTEGER, $6::DOUBLE PRECISION,
           $7::BOOLEAN, $8::JSON, $9::TEXT[], $10::DOUBLE PRECISION[])`,
        [
          't1',
          '2025-10-22',
          '2025-10-23T02:00:00.123456Z', // microseconds are truncated to milliseconds
          1628369,
          -7,
          0.1,
          true,
          '{"b": [1, 2], "a": "x"}',
          ['x', 'y"z'],
          [1.5, null, -2],
        ],
      );
      await store.run('INSERT INTO ct_types (id) VALUES ($1)', ['t2']);
      const rows = await store.query('SELECT * FROM ct_types ORDER BY id');
      assert.deepEqual(rows, [
        {
          id: 't1',
          d: '2025-10-22',
          ts: '2025-10-23T02:00:00.123Z',
          big: 1628369,
          i: -7,
          x: 0.1,
          b: true,
          j: '{"b": [1, 2], "a": "x"}',
          tags: ['x', 'y"z'],
          xs: [1.5, null, -2],
        },
        { id: 't2', d: null, ts: null, big: null, i: null, x: null, b: null, j: null, tags: null, xs: null },
      ]);
      assert.deepEqual(parseJson(rows[0].j), { b: [1, 2], a: 'x' });
    });

    test('aggregates are numbers: count, sum of integers, avg, count(DISTINCT), percentile_cont', async () => {
      const [r] = await store.query(
        `SELECT count(*) AS n, count(x) AS nx, sum(CAST(x AS INTEGER)) AS s, avg(x) AS mean,
                count(DISTINCT grp) AS groups, min(day) AS first, max(day) AS last,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY x) AS med
           FROM ct_obs`,
      );
      assert.deepEqual(r, {
        n: 7,
        nx: 6,
        s: 25,
        mean: 25 / 6,
        groups: 2,
        first: '2025-11-01',
        last: '2025-11-04',
        med: 3.5,
      });
    });

    test('division: cast one side to DOUBLE PRECISION (INTEGER / INTEGER truncates on PostgreSQL only)', async () => {
      const [r] = await store.query(
        'SELECT CAST(5 AS DOUBLE PRECISION) / 2 AS half, CAST(count(*) AS DOUBLE PRECISION) / 2 AS n FROM ct_obs',
      );
      assert.deepEqual(r, { half: 2.5, n: 3.5 });
    });

    test('FILTER, CASE, COALESCE, GREATEST/LEAST and || concatenation', async () => {
      const rows = await store.query(
        `SELECT grp, count(*) FILTER (WHERE x > 2)::INTEGER AS big, COALESCE(sum(x) FILTER (WHERE x IS NULL), 0) AS none,
                max(CASE WHEN x IS NULL THEN 1 ELSE 0 END) AS has_null, GREATEST(min(x), 2) AS g, LEAST(max(x), 5) AS l,
                grp || '|' || CAST(count(*) AS TEXT) AS label
           FROM ct_obs GROUP BY grp ORDER BY grp`,
      );
      assert.deepEqual(rows, [
        { grp: 'a', big: 2, none: 0, has_null: 0, g: 2, l: 5, label: 'a|4' },
        { grp: 'b', big: 2, none: 0, has_null: 1, g: 3, l: 5, label: 'b|3' },
      ]);
    });

    test('window functions: ROW_NUMBER, LAG, RANK over partitions', async () => {
      const rows = await store.query(
        `SELECT grp, day, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY day DESC) AS rn,
                LAG(x) OVER (PARTITION BY grp ORDER BY day) AS prev,
                RANK() OVER (ORDER BY COALESCE(x, 0) DESC) AS rk
           FROM ct_obs ORDER BY grp, day`,
      );
      assert.deepEqual(
        rows.map((r) => [r.grp, r.day, r.rn, r.prev, r.rk]),
        [
          ['a', '2025-11-01', 4, null, 6],
          ['a', '2025-11-02', 3, 1, 5],
          ['a', '2025-11-03', 2, 2, 3],
          ['a', '2025-11-04', 1, 4, 1],
          ['b', '2025-11-01', 3, null, 2],
          ['b', '2025-11-02', 2, 5, 7],
          ['b', '2025-11-03', 1, null, 4],
        ],
      );
      // The latest row per group, the shape of "latest snapshot per book" readers.
      const latest = await store.query(
        `SELECT grp, day FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY day DESC) AS rn FROM ct_obs) t
          WHERE rn = 1 ORDER BY grp`,
      );
      assert.deepEqual(latest, [
        { grp: 'a', day: '2025-11-04' },
        { grp: 'b', day: '2025-11-03' },
      ]);
    });

    test('date arithmetic: DATE ± INTEGER, DATE − DATE, BETWEEN, DATE + INTERVAL, EXTRACT(EPOCH)', async () => {
      const [r] = await store.query(
        `SELECT $1::DATE - $2::INTEGER AS back, $1::DATE + $2::INTEGER AS fwd, $1::DATE - $3::DATE AS days,
                $1::DATE + INTERVAL '1 day' AS next_midnight,
                CAST(EXTRACT(EPOCH FROM ($5::TIMESTAMPTZ - $4::TIMESTAMPTZ)) * 1000 AS INTEGER) AS ms,
                CAST($4::TIMESTAMPTZ AS DATE) AS utc_day`,
        ['2025-11-03', 3, '2025-10-30', '2025-10-23T02:00:00Z', '2025-10-23T02:00:01.5Z'],
      );
      assert.deepEqual(r, {
        back: '2025-10-31',
        fwd: '2025-11-06',
        days: 4,
        next_midnight: '2025-11-04T00:00:00.000Z',
        ms: 1500,
        utc_day: '2025-10-23',
      });
      const [w] = await store.query(
        `SELECT count(*) AS n FROM ct_obs WHERE day BETWEEN $1::DATE - $2::INTEGER AND $1::DATE
           AND day < $1::DATE + INTERVAL '1 day'`,
        ['2025-11-03', 1],
      );
      assert.equal(w.n, 4);
    });

    test('JSON: ::JSON text kept as written, ->> and -> operators, parseJson', async () => {
      const body = json({ game_id: 'G1', game_ref: { home: 'BOS', away: 'NYK' }, n: 2 });
      const [r] = await store.query(
        `SELECT $1::JSON AS j, ($1::JSON)->>'game_id' AS gid, (($1::JSON)->'game_ref'->>'home') || '|' || (($1::JSON)->'game_ref'->>'away') AS pair`,
        [body],
      );
      assert.deepEqual(r, { j: body, gid: 'G1', pair: 'BOS|NYK' });
      assert.equal(parseJson(r.j).n, 2);
      assert.equal(json(null), null);
    });

    test('list parameters: $1::TEXT[] with ANY, and a list column read back', async () => {
      const [r] = await store.query(
        `SELECT 'y' = ANY($1::TEXT[]) AS has, 'q' = ANY($1::TEXT[]) AS hasnt, $1::TEXT[] AS arr`,
        [['x', 'y']],
      );
      assert.deepEqual(r, { has: true, hasnt: false, arr: ['x', 'y'] });
      const rows = await store.query(
        `SELECT day FROM ct_obs WHERE grp = $1 AND day IN (SELECT unnest($2::DATE[])) ORDER BY day`,
        ['a', ['2025-11-02', '2025-11-04']],
      );
      assert.deepEqual(rows, [{ day: '2025-11-02' }, { day: '2025-11-04' }]);
    });

    test('ON CONFLICT DO NOTHING / DO UPDATE with excluded, RETURNING, run() counts', async () => {
      assert.equal(await store.run('INSERT INTO ct_kv (k, v) VALUES ($1, $2)', ['a', 1]), 1);
      const none = await store.query(
        'INSERT INTO ct_kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING RETURNING k',
        ['a', 9],
      );
      assert.deepEqual(none, []);
      const got = await store.query(
        'INSERT INTO ct_kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO NOTHING RETURNING k, v',
        ['b', 2],
      );
      assert.deepEqual(got, [{ k: 'b', v: 2 }]);
      await store.run(
        'INSERT INTO ct_kv (k, v) VALUES ($1, $2) ON CONFLICT (k) DO UPDATE SET v = excluded.v',
        ['a', 5],
      );
      assert.equal(await store.run('UPDATE ct_kv SET note = $1 WHERE v >= $2', ['big', 2]), 2);
      assert.deepEqual(await store.query('SELECT k, v, note FROM ct_kv ORDER BY k'), [
        { k: 'a', v: 5, note: 'big' },
        { k: 'b', v: 2, note: 'big' },
      ]);
      assert.equal(await store.run('DELETE FROM ct_kv WHERE k = $1', ['b']), 1);
      assert.deepEqual(await store.query('SELECT k FROM ct_kv WHERE k = $1', ['zz']), []);
    });

    test('insertMany casts text cells to column types; lists from arrays or JSON text; non-finite → NULL', async () => {
      const n = await store.insertMany(
        'ct_types',
        ['id', 'd', 'ts', 'big', 'i', 'x', 'b', 'j', 'tags', 'xs'],
        [
          [
            'm1',
            '2025-10-22',
            '2025-10-23T02:00:00.000Z',
            1628369,
            3,
            0.25,
            false,
            json({ a: 1 }),
            ['p', 'q'],
            [1, 2.5],
          ],
          [
            'm2',
            '2025-10-23',
            new Date('2025-10-24T01:30:00.000Z'),
            '42',
            4,
            Number.NaN,
            true,
            '[1,2]',
            '["r"]',
            '[3, null]',
          ],
          ['m3', null, null, null, null, Number.POSITIVE_INFINITY, null, null, null, [Number.NaN, 1]],
        ],
      );
      assert.equal(n, 3);
      const rows = await store.query("SELECT * FROM ct_types WHERE id LIKE 'm%' ORDER BY id");
      assert.deepEqual(rows, [
        {
          id: 'm1',
          d: '2025-10-22',
          ts: '2025-10-23T02:00:00.000Z',
          big: 1628369,
          i: 3,
          x: 0.25,
          b: false,
          j: '{"a":1}',
          tags: ['p', 'q'],
          xs: [1, 2.5],
        },
        {
          id: 'm2',
          d: '2025-10-23',
          ts: '2025-10-24T01:30:00.000Z',
          big: 42,
          i: 4,
          x: null,
          b: true,
          j: '[1,2]',
          tags: ['r'],
          xs: [3, null],
        },
        {
          id: 'm3',
          d: null,
          ts: null,
          big: null,
          i: null,
          x: null,
          b: null,
          j: null,
          tags: null,
          xs: [null, 1],
        },
      ]);
    });

    test('−0 keeps its sign through insertMany (row comparisons use Object.is)', async () => {
      // A bare −0 parameter is bound as an integer 0 by DuckDB: only insertMany is held to it.
      await store.insertMany('ct_types', ['id', 'x', 'xs'], [['z1', -0, [-0, 1]]]);
      const [r] = await store.query("SELECT x, xs FROM ct_types WHERE id = 'z1'");
      assert.ok(Object.is(r.x, -0) && Object.is(r.xs[0], -0), JSON.stringify(r));
    });

    test('insertMany with onConflict: DO NOTHING keeps the stored row, DO UPDATE replaces; counts', async () => {
      await store.insertMany('ct_kv', ['k', 'v'], [['c', 1]]);
      const kept = await store.insertMany(
        'ct_kv',
        ['k', 'v'],
        [
          ['c', 2],
          ['d', 3],
        ],
        { onConflict: 'ON CONFLICT (k) DO NOTHING' },
      );
      assert.equal(kept, 1);
      const changed = await store.insertMany(
        'ct_kv',
        ['k', 'v', 'note'],
        [
          ['c', 7, 'u'],
          ['e', 8, null],
        ],
        { onConflict: 'ON CONFLICT (k) DO UPDATE SET v = excluded.v, note = excluded.note' },
      );
      assert.equal(changed, 2);
      assert.deepEqual(
        await store.query("SELECT k, v, note FROM ct_kv WHERE k IN ('c', 'd', 'e') ORDER BY k"),
        [
          { k: 'c', v: 7, note: 'u' },
          { k: 'd', v: 3, note: null },
          { k: 'e', v: 8, note: null },
        ],
      );
    });

    test('dedupe rule: twins in one insertMany; DO NOTHING keeps one, a plain insert fails whole', async () => {
      // DO UPDATE with twins is refused by PostgreSQL ("cannot affect row a second time") and
      // silently takes one twin in DuckDB: writers dedupe in memory before a DO UPDATE insert.
      const n = await store.insertMany(
        'ct_kv',
        ['k', 'v'],
        [
          ['f', 1],
          ['f', 2],
        ],
        { onConflict: 'ON CONFLICT (k) DO NOTHING' },
      );
      assert.equal(n, 1);
      await assert.rejects(
        store.insertMany(
          'ct_kv',
          ['k', 'v'],
          [
            ['g', 1],
            ['g', 2],
          ],
        ),
      );
      assert.deepEqual(await store.query("SELECT k FROM ct_kv WHERE k IN ('f', 'g')"), [{ k: 'f' }]);
    });

    test('insertMany: no rows is 0, a short row is one clear error and writes nothing', async () => {
      assert.equal(await store.insertMany('ct_kv', ['k', 'v'], []), 0);
      await assert.rejects(
        store.insertMany('ct_kv', ['k', 'v'], [['h', 1], ['i']]),
        /insertMany\(ct_kv\): row has 1 values for 2 columns/,
      );
      assert.deepEqual(await store.query("SELECT k FROM ct_kv WHERE k IN ('h', 'i')"), []);
    });

    test('insertMany of 45,000 rows (several PostgreSQL chunks) writes all or, on a bad row, nothing', async () => {
      await store.run('CREATE TABLE ct_bulk (n INTEGER PRIMARY KEY, tag TEXT, seen_at TIMESTAMPTZ)');
      const rows = Array.from({ length: 45_000 }, (_, i) => [i, `t${i % 7}`, '2025-11-01T00:00:00.000Z']);
      assert.equal(await store.insertMany('ct_bulk', ['n', 'tag', 'seen_at'], rows), 45_000);
      const [r] = await store.query(
        'SELECT count(*) AS n, sum(n) AS s, count(DISTINCT tag) AS tags FROM ct_bulk',
      );
      assert.deepEqual(r, { n: 45_000, s: (45_000 * 44_999) / 2, tags: 7 });
      // The last row collides with a stored key: the whole insert is refused.
      const more = Array.from({ length: 30_000 }, (_, i) => [45_000 + i, 'x', null]);
      more.push([0, 'dup', null]);
      await assert.rejects(store.insertMany('ct_bulk', ['n', 'tag', 'seen_at'], more));
      const [after] = await store.query('SELECT count(*) AS n FROM ct_bulk');
      assert.equal(after.n, 45_000);
    });

    test('transaction: commits together, reads its own writes, rolls back on throw', async () => {
      const out = await store.transaction(async (tx) => {
        await tx.run('INSERT INTO ct_kv (k, v) VALUES ($1, $2)', ['tx1', 1]);
        await tx.insertMany('ct_kv', ['k', 'v'], [['tx2', 2]]);
        const [r] = await tx.query<{ n: number }>("SELECT count(*) AS n FROM ct_kv WHERE k LIKE 'tx%'");
        return r.n;
      });
      assert.equal(out, 2);
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.run('INSERT INTO ct_kv (k, v) VALUES ($1, $2)', ['tx3', 3]);
          await tx.insertMany('ct_kv', ['k', 'v'], [['tx4', 4]]);
          await tx.run('UPDATE ct_kv SET v = 99 WHERE k = $1', ['tx1']);
          throw new Error('boom');
        }),
        /boom/,
      );
      // A statement error inside the transaction rolls it back too.
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.run('INSERT INTO ct_kv (k, v) VALUES ($1, $2)', ['tx5', 5]);
          await tx.run('INSERT INTO ct_kv (k, v) VALUES ($1, $2)', ['tx1', 1]);
        }),
      );
      assert.deepEqual(await store.query("SELECT k, v FROM ct_kv WHERE k LIKE 'tx%' ORDER BY k"), [
        { k: 'tx1', v: 1 },
        { k: 'tx2', v: 2 },
      ]);
    });

    test('information_schema of the current schema lists the product tables and their columns', async () => {
      const [t] = await store.query(
        `SELECT count(*) AS n FROM information_schema.tables
          WHERE table_name = 'prediction_batches' AND table_schema = current_schema()`,
      );
      assert.equal(t.n, 1);
      const cols = await store.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_name = 'ct_kv' AND table_schema = current_schema() ORDER BY ordinal_position`,
      );
      assert.deepEqual(
        cols.map((c) => c.column_name),
        ['k', 'v', 'note'],
      );
    });

    test('ORDER BY … NULLS LAST orders NULLs the same on both engines (the engines differ without it)', async () => {
      const rows = await store.query(
        "SELECT day FROM ct_obs WHERE grp = 'b' ORDER BY x DESC NULLS LAST, day",
      );
      assert.deepEqual(
        rows.map((r) => r.day),
        ['2025-11-01', '2025-11-03', '2025-11-02'],
      );
    });
  });
}
