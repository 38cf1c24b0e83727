import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clearManualHalt, setManualHalt } from '../../src/bestbets/halt.ts';
import { markPublished, readPicks } from '../../src/bestbets/write.ts';
import { runBestBetsRecorded as runBestBets } from '../../src/orchestrate/bestbets.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import { getRun } from '../../src/store/runs.ts';
import { parseJson, type Store } from '../../src/store/store.ts';
import { insertModels } from '../../src/store/tables/models.ts';
import { insertPredictions, type PredictionRecord } from '../../src/store/tables/predictions.ts';
import { testConfig } from './fixtures.ts';

const D = '2025-11-20';
const TIP1 = '2025-11-21T00:00:00.000Z';
const TIP2 = '2025-11-21T03:00:00.000Z';
const MORNING = new Date('2025-11-20T16:00:00.000Z');
const EVENING = new Date('2025-11-20T22:30:00.000Z');
const AFTER_TIP1 = new Date('2025-11-21T01:00:00.000Z');
const config = testConfig();
let store: Store;

async function seed(s: Store) {
  await s.insertMany(
    'games',
    ['game_id', 'game_date', 'start_utc', 'season', 'home', 'away', 'source'],
    [
      ['G1', D, TIP1, 2025, 'BOS', 'NYK', 'test'],
      ['G2', D, TIP2, 2025, 'LAL', 'DEN', 'test'],
    ],
  );
  await s.insertMany(
    'players',
    ['player_id', 'name', 'player_lookup', 'team'],
    [
      [1, 'Al One', 'alone', 'BOS'],
      [2, 'Bo Two', 'botwo', 'LAL'],
    ],
  );
  await insertModels(s, [
    {
      system_id: 'gbdt_v12_train1001_1115',
      family: 'v12',
      feature_set: 'v12',
      contract_hash: 'c',
      loss: 'l2',
      min_edge: 3,
      train_start: '2025-10-01',
      train_end: '2025-11-15',
      window_game_days: 56,
      artifact_hash: 'none',
      created_at: '2025-11-16T00:00:00Z',
      enabled: true,
      status: 'shadow',
    },
    {
      system_id: 'gbdt_v9_train1001_1115',
      family: 'v9',
      feature_set: 'v9',
      contract_hash: 'c',
      loss: 'l2',
      min_edge: 3,
      train_start: '2025-10-01',
      train_end: '2025-11-15',
      window_game_days: 56,
      artifact_hash: 'none',
      created_at: '2025-11-16T00:00:00Z',
      enabled: true,
      status: 'shadow',
    },
  ]);
  const at = '2025-11-20T15:00:00Z';
  const p = (
    id: string,
    game: string,
    pid: number,
    sys: string,
    fam: string,
    line: number,
    predicted: number,
    pOver: number,
  ): PredictionRecord => ({
    prediction_id: id,
    batch_id: 'pb_1',
    mode: 'FIRST',
    game_date: D,
    game_id: game,
    player_id: pid,
    system_id: sys,
    family: fam,
    line,
    book: 'draftkings',
    n_books: 3,
    predicted,
    edge: Math.round((predicted - line) * 100) / 100,
    p_over: pOver,
    confidence: Math.max(pOver, 1 - pOver),
    recommendation: predicted > line ? 'OVER' : 'UNDER',
    feature_set_version: fam,
    feature_quality: 96,
    features_computed_at: at,
    odds_captured_at: at,
    as_of: at,
    created_at: at,
    is_active: true,
  });
  await insertPredictions(s, [
    p('p1', 'G1', 1, 'gbdt_v12_train1001_1115', 'v12', 21.5, 27.6, 0.66),
    p('p2', 'G2', 2, 'gbdt_v9_train1001_1115', 'v9', 18.5, 24.0, 0.64),
    p('p3', 'G2', 2, 'gbdt_v12_train1001_1115', 'v12', 18.5, 20.5, 0.56),
  ]);
  await s.insertMany(
    'prop_lines',
    ['captured_at', 'game_id', 'player_id', 'book', 'line', 'over_price', 'under_price', 'source'],
    [
      ['2025-11-20T15:00:00Z', 'G1', 1, 'draftkings', 21.5, -110, -110, 'test'],
      ['2025-11-20T15:00:00Z', 'G1', 1, 'fanduel', 21.5, -105, -115, 'test'],
      ['2025-11-20T15:00:00Z', 'G2', 2, 'draftkings', 18.5, -110, -110, 'test'],
    ],
  );
}

const run = (now: Date, extra: Partial<Parameters<typeof runBestBets>[1]> = {}) =>
  runBestBets(store, { date: D, config, configHash: 'h1', now, ...extra });

before(async () => {
  store = await openMemoryStore();
  await seed(store);
});
after(async () => store.close());

test('a 2-pick run stores both picks with full provenance and ultra fields', async () => {
  const out = await run(MORNING);
  assert.equal(out.result.picks.length, 2);
  const picks = await readPicks(store, D);
  assert.deepEqual(
    picks.map((p) => [p.rank, p.player_lookup, p.direction, p.status]),
    [
      [1, 'alone', 'OVER', 'active'],
      [2, 'botwo', 'OVER', 'active'],
    ],
  );
  const a = picks[0];
  assert.equal(a.best_book, 'fanduel');
  assert.equal(a.best_price, -105);
  assert.equal(a.fair_prob, 0.4946); // mean of the middle two: 0.5000 and 0.4892
  assert.equal(a.ultra_tier, true);
  assert.deepEqual(
    a.ultra_criteria.map((k) => k.id),
    ['v12_edge_6plus', 'v12_over_edge_5plus', 'v12_edge_4_5plus'],
  );
  assert.equal(a.algorithm_version, 'bb-1');
  assert.equal(a.config_hash, 'h1');
  assert.deepEqual(a.provenance, {
    batch_id: 'pb_1',
    feature_set_version: 'v12',
    features_computed_at: '2025-11-20T15:00:00.000Z',
    odds_captured_at: '2025-11-20T15:00:00.000Z',
  });
  const b = picks[1];
  assert.equal(b.family, 'v9');
  assert.equal(b.ultra_tier, false);
  assert.equal(b.model_agreement_count, 1); // v12 at edge 2.0 is PASS-level below agreementMinEdge
  const runRow = (await store.query('SELECT * FROM best_bets_runs WHERE date = $1::DATE', [D]))[0];
  assert.equal(runRow.status, 'published');
  assert.equal(parseJson(runRow.pipeline_summary).bottleneck, null);
  const cands = await store.query(
    'SELECT player_id, filter_result, signals FROM best_bets_candidates ORDER BY player_id',
  );
  assert.deepEqual(
    cands.map((c) => [Number(c.player_id), c.filter_result]),
    [
      [1, 'passed'],
      [2, 'passed'],
    ],
  );
  const pr = await getRun(store, out.run_id);
  assert.equal(pr?.status, 'succeeded');
  assert.equal(pr?.phase, 'bestbets');
});

test('a zero-pick re-run removes unpublished picks and still writes its run row', async () => {
  await store.run(
    `UPDATE predictions SET predicted = line + 4.6, edge = 4.6 WHERE prediction_id IN ('p1', 'p2')`,
  );
  const out = await run(MORNING);
  assert.equal(out.result.picks.length, 0);
  assert.equal((await readPicks(store, D)).length, 0);
  const runRow = (await store.query('SELECT * FROM best_bets_runs WHERE date = $1::DATE', [D]))[0];
  assert.equal(parseJson(runRow.pipeline_summary).bottleneck, 'edge_floor');
  assert.equal(parseJson(runRow.filter_summary).rejected.edge_floor, 2);
  await store.run(`UPDATE predictions SET predicted = line + 6.1, edge = 6.1 WHERE prediction_id = 'p1'`);
  await store.run(`UPDATE predictions SET predicted = line + 5.5, edge = 5.5 WHERE prediction_id = 'p2'`);
});

test('published picks: re-selected ones update in place, dropped ones are withdrawn, started ones frozen', async () => {
  await run(MORNING);
  assert.equal(await markPublished(store, D, '2025-11-20T16:05:00.000Z'), 2);
  // Same selection again: updated in place, published_at kept.
  await run(MORNING);
  let picks = await readPicks(store, D);
  assert.deepEqual(
    picks.map((p) => [p.player_lookup, p.status, p.published_at]),
    [
      ['alone', 'active', '2025-11-20T16:05:00.000Z'],
      ['botwo', 'active', '2025-11-20T16:05:00.000Z'],
    ],
  );
  // Evening: edges shrink before either game starts → both withdrawn, kept with a reason.
  await store.run(
    `UPDATE predictions SET predicted = line + 4.6, edge = 4.6 WHERE prediction_id IN ('p1', 'p2')`,
  );
  const out = await run(EVENING);
  assert.equal(out.withdrawn, 2);
  picks = await readPicks(store, D);
  assert.deepEqual(
    picks.map((p) => [p.player_lookup, p.status, p.withdraw_reason, p.withdrawn_at]),
    [
      ['alone', 'withdrawn', 'edge fell to 4.6', EVENING.toISOString()],
      ['botwo', 'withdrawn', 'edge fell to 4.6', EVENING.toISOString()],
    ],
  );
  assert.equal((await readPicks(store, D, { activeOnly: true })).length, 0);
  // Back above the floor: the withdrawn published picks become active again.
  await store.run(
    `UPDATE predictions SET predicted = line + 6.1, edge = 6.1 WHERE prediction_id IN ('p1', 'p2')`,
  );
  await run(EVENING);
  picks = await readPicks(store, D, { activeOnly: true });
  assert.deepEqual(
    picks.map((p) => [p.player_lookup, p.status, p.withdraw_reason]),
    [
      ['alone', 'active', null],
      ['botwo', 'active', null],
    ],
  );
  // After G1 tips, a zero-pick re-run: G1's pick is frozen, G2's is withdrawn.
  await store.run(
    `UPDATE predictions SET predicted = line + 4.0, edge = 4.0 WHERE prediction_id IN ('p1', 'p2')`,
  );
  const late = await run(AFTER_TIP1);
  assert.equal(late.frozen, 1);
  picks = await readPicks(store, D);
  const by = Object.fromEntries(picks.map((p) => [p.player_lookup, p]));
  assert.equal(by.alone.status, 'active');
  assert.equal(by.alone.edge, 6.1);
  assert.equal(by.botwo.status, 'withdrawn');
  assert.equal(by.botwo.withdraw_reason, 'edge fell to 4.0');
  await store.run(
    `UPDATE predictions SET predicted = line + 6.1, edge = 6.1 WHERE prediction_id IN ('p1', 'p2')`,
  );
});

test('a failed write rolls back: the previous picks stay and the phase run is failed', async () => {
  const beforeRows = await readPicks(store, D);
  await assert.rejects(
    run(AFTER_TIP1, {
      beforeCommit: async () => {
        throw new Error('disk full');
      },
    }),
    /disk full/,
  );
  assert.deepEqual(await readPicks(store, D), beforeRows);
  const failed = await store.query(
    `SELECT status, error FROM pipeline_runs WHERE phase = 'bestbets' ORDER BY started_at DESC LIMIT 1`,
  );
  assert.deepEqual(failed[0], { status: 'failed', error: 'disk full' });
});

test('a manual halt: 0 picks, status halted, candidates still stored; clear lifts it', async () => {
  await store.run(`DELETE FROM best_bets_picks`);
  const halt = await setManualHalt(
    store,
    'books pulled props after trade news',
    'test',
    new Date('2025-11-20T12:00:00Z'),
  );
  assert.equal(halt.active, true);
  const out = await run(MORNING);
  assert.equal(out.result.run.status, 'halted');
  assert.equal(out.result.run.pipeline_summary.bottleneck, 'halted');
  assert.equal(out.result.run.halt_reason, 'books pulled props after trade news');
  assert.equal((await readPicks(store, D)).length, 0);
  assert.equal((await store.query('SELECT COUNT(*) AS n FROM best_bets_candidates'))[0].n, 2);
  // A halt set after D does not halt a re-run of D (a backfill of history).
  await setManualHalt(store, 'later', 'test', new Date('2025-11-25T12:00:00Z'));
  assert.equal((await run(MORNING)).result.run.status, 'published');
  assert.equal(await clearManualHalt(store, 'test', new Date()), true);
  assert.equal((await run(MORNING)).result.run.status, 'published');
});

test('off season: no games within 3 days halts the date', async () => {
  const out = await runBestBets(store, { date: '2026-07-15', config, configHash: 'h1', now: MORNING });
  assert.equal(out.result.run.halt_state, 'off_season');
  assert.equal(out.result.run.pipeline_summary.bottleneck, 'halted');
});

test('fleet_blocked: every family BLOCKED on its latest row before D', async () => {
  const cols = [
    'date',
    'system_id',
    'family',
    'enabled',
    'daily_n',
    'daily_wins',
    'n_7d',
    'wins_7d',
    'hr_7d',
    'n_14d',
    'wins_14d',
    'n_30d',
    'wins_30d',
    'n_errors_30d',
    'state',
    'state_since',
    'consecutive_days_in_state',
    'computed_at',
  ];
  const row = (id: string, fam: string, hr: number, n: number, state: string) => [
    '2025-11-19',
    id,
    fam,
    true,
    0,
    0,
    n,
    0,
    hr,
    0,
    0,
    0,
    0,
    0,
    state,
    '2025-11-19',
    1,
    '2025-11-19T10:00:00Z',
  ];
  await store.insertMany('model_performance_daily', cols, [
    row('gbdt_v12_train1001_1115', 'v12', 50.3, 61, 'BLOCKED'),
    row('gbdt_v9_train1001_1115', 'v9', 49.1, 57, 'BLOCKED'),
  ]);
  const out = await run(MORNING);
  assert.equal(out.result.run.halt_state, 'fleet_blocked');
  assert.equal(out.result.run.halt_reason, 'all families BLOCKED: v12 50.3% (N 61); v9 49.1% (N 57)');
  await store.run(
    `UPDATE model_performance_daily SET state = 'INSUFFICIENT_DATA' WHERE system_id = 'gbdt_v9_train1001_1115'`,
  );
  assert.equal((await run(MORNING)).result.run.status, 'published');
});

test('backtest step: puts the day predictions in the backtest store and returns priced picks', async () => {
  const { backtestBestBets } = await import('../../src/bestbets/backtest.ts');
  const bt = await openMemoryStore();
  try {
    await seed(bt);
    await bt.run('DELETE FROM predictions');
    const hook = backtestBestBets(
      {
        store: bt,
        putPredictions: async (_d, preds) => {
          await insertPredictions(
            bt,
            preds.map((p, i) => ({
              ...p,
              prediction_id: `bt${i}`,
              batch_id: 'pb_bt',
              mode: 'BACKFILL',
              game_date: D,
              book: 'consensus',
              feature_set_version: p.family,
              feature_quality: 96,
              as_of: '2025-11-20T12:00:00Z',
              created_at: '2025-11-20T12:00:00Z',
              is_active: true,
            })),
          );
        },
      },
      { config, configHash: 'h1' },
    );
    const picks = await hook(
      D,
      [
        {
          game_id: 'G1',
          player_id: 1,
          system_id: 'gbdt_v12_train1001_1115',
          family: 'v12',
          line: 21.5,
          predicted: 27.6,
          edge: 6.1,
          p_over: 0.66,
          confidence: 0.66,
          recommendation: 'OVER',
        },
      ],
      { runId: 'run_backtest_day', counts: {} },
    );
    assert.deepEqual(picks, [
      {
        game_date: D,
        game_id: 'G1',
        player_id: 1,
        system_id: 'gbdt_v12_train1001_1115',
        direction: 'OVER',
        line: 21.5,
        price: -105,
        real_signal_count: 0,
      },
    ]);
  } finally {
    await bt.close();
  }
});

test('a dry run computes the selection and writes nothing', async () => {
  const s = await openMemoryStore();
  try {
    await seed(s);
    const out = await runBestBets(s, { date: D, config, configHash: 'h1', now: MORNING, dryRun: true });
    assert.equal(out.result.picks.length, 2);
    assert.deepEqual(out.stored, []);
    for (const t of ['best_bets_runs', 'best_bets_candidates', 'best_bets_picks']) {
      assert.equal(Number((await s.query(`SELECT COUNT(*) AS n FROM ${t}`))[0].n), 0, t);
    }
  } finally {
    await s.close();
  }
});
