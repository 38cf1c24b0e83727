import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/open.ts';
import { runCli } from '../helpers/cli.ts';

/** Issue 20: every bad input gets one clear answer, nothing lost, nothing silently wrong. */

const PLAYER_HEADER =
  'player,player_id,date,matchup,result,minutes,fgm,fga,fg_pct,threes_made,threes_attempted,three_pct,ftm,fta,ft_pct,oreb,dreb,reb,ast,stl,blk,tov,pf,pts,plus_minus,opponent,home_away,player_normalized';
const ODDS_HEADER = 'event_id,player,market,line,bookmaker,game,game_time,over_odds,under_odds';
const GAME = 'Houston Rockets @ Oklahoma City Thunder,2025-10-25T23:30:00Z';

function world(): { dir: string; store: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ce-bad-'));
  const store = join(dir, 'store.duckdb');
  writeFileSync(
    join(dir, 'games.csv'),
    'GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS\n0022500001,2025-10-21,OKC,HOU,125,124\n0022500009,2025-10-25,OKC,HOU,,\n',
  );
  // SGA's one box row makes him known to the name index (an odds row names him).
  writeFileSync(
    join(dir, 'logs.csv'),
    `${PLAYER_HEADER}\nShai Gilgeous-Alexander,1628983,2025-10-21,OKC vs. HOU,W,36.0,10,20,0.5,2,6,0.333,5,6,0.833,1,5,6,9,1,0,4,2,27,1,HOU,HOME,Shai Gilgeous-Alexander\n`,
  );
  assert.equal(runCli(['--store', store, 'init']).code, 0);
  const g = runCli(['--store', store, 'import', join(dir, 'games.csv'), join(dir, 'logs.csv'), '--json']);
  assert.equal(g.code, 0, g.stderr);
  return { dir, store };
}

async function rows<T = any>(store: string, sql: string): Promise<T[]> {
  const s = await openStore({ store });
  try {
    return await s.query<T>(sql);
  } finally {
    await s.close();
  }
}

test('absurd prices are PRICE_SANITY_REJECT at ingestion, kept in rejected_rows; sane rows of the file stored', async () => {
  const { dir, store } = world();
  const file = join(dir, 'raw_20251025_170000.csv');
  writeFileSync(
    file,
    [
      ODDS_HEADER,
      // sane: -110/-110 (overround 4.76%)
      `e,Shai Gilgeous-Alexander,player_points,31.5,draftkings,${GAME},-110.0,-110.0`,
      // under +50000: outside [-10000, +10000]
      `e,Shai Gilgeous-Alexander,player_points,31.5,fanduel,${GAME},-110.0,50000.0`,
      // over -100000
      `e,Shai Gilgeous-Alexander,player_points,31.5,betmgm,${GAME},-100000.0,+100.0`,
      // +150/+150: 40% + 40% - 1 = -20% overround (negative)
      `e,Shai Gilgeous-Alexander,player_points,31.5,caesars,${GAME},150.0,150.0`,
      // -500/-500: 83.3% + 83.3% - 1 = 66.7% > 25%
      `e,Shai Gilgeous-Alexander,player_points,31.5,bovada,${GAME},-500.0,-500.0`,
    ].join('\n'),
  );
  const r = runCli(['--store', store, 'import', file, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout.trim());
  assert.deepEqual([s.read, s.inserted, s.rejected], [5, 1, 4]);
  assert.equal(s.rejected_by_reason.PRICE_SANITY_REJECT, 4);
  const stored = await rows(store, 'SELECT book, is_main FROM prop_lines');
  assert.deepEqual(
    stored.map((x) => [x.book, Boolean(x.is_main)]),
    [['draftkings', true]],
  );
  const rej = await rows<{ reason: string; detail: string }>(
    store,
    "SELECT reason, detail FROM rejected_rows WHERE reason = 'PRICE_SANITY_REJECT' ORDER BY detail",
  );
  assert.deepEqual(
    rej.map((x) => x.detail),
    [
      'over price -100000 is outside [-10000, +10000]',
      'overround of -500/-500 is 66.67%, above lines.maxOverround 25.00%',
      'overround of 150/150 is negative (-20.00%)',
      'under price +50000 is outside [-10000, +10000]',
    ],
  );

  // The bound is the config's: at maxOverround 0.7 the -500/-500 pair is stored (as another book).
  const file2 = join(dir, 'raw_20251025_180000.csv');
  writeFileSync(
    file2,
    `${ODDS_HEADER}\ne,Shai Gilgeous-Alexander,player_points,31.5,bovada,${GAME},-500.0,-500.0\n`,
  );
  const r2 = runCli(['--store', store, 'import', file2, '--json'], { COURTEDGE_LINES_MAX_OVERROUND: '0.7' });
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(JSON.parse(r2.stdout.trim()).inserted, 1);
});

/** Row counts of the tables a refused command must leave alone. */
async function counts(store: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['games', 'box_scores', 'prop_lines', 'rejected_rows', 'pipeline_runs', 'raw_payloads']) {
    const [r] = await rows<{ n: number }>(store, `SELECT COUNT(*)::INTEGER AS n FROM ${t}`);
    out[t] = Number(r.n);
  }
  return out;
}

test('report roi: a reversed range (exit 2) and an unknown --model (exit 1) are one line, nothing written', async () => {
  const { store } = world();
  const before = await counts(store);
  const rev = runCli(['--store', store, 'report', 'roi', '--from', '2025-11-09', '--to', '2025-11-01']);
  assert.equal(rev.code, 2);
  assert.equal(rev.stdout, '');
  assert.equal(rev.stderr, 'courtedge: --from 2025-11-09 is after --to 2025-11-01\n');
  const nope = runCli([
    '--store',
    store,
    'report',
    'roi',
    '--from',
    '2025-11-01',
    '--to',
    '2025-11-09',
    '--model',
    'nope',
  ]);
  assert.equal(nope.code, 1);
  assert.equal(nope.stdout, '');
  assert.equal(
    nope.stderr,
    'courtedge: unknown model "nope": `courtedge models list` shows the trained ones\n',
  );
  assert.deepEqual(await counts(store), before);
});

test('a numeric config key out of its real range is an error naming the key and its variable', async () => {
  const { store } = world();
  const r = runCli(['--store', store, 'config', 'show'], { COURTEDGE_BESTBETS_EDGE_FLOOR: '-5' });
  assert.equal(r.code, 1, r.stderr); // a configuration error exits 1, as every ConfigError does
  assert.match(
    r.stderr,
    /invalid value for bestbets\.edgeFloor \(COURTEDGE_BESTBETS_EDGE_FLOOR\): must be between 0 and 50, got -5/,
  );
  const price = runCli(['--store', store, 'config', 'show'], {
    COURTEDGE_GRADING_ASSUMED_AMERICAN_PRICE: '-50',
  });
  assert.match(
    price.stderr,
    /grading\.assumedAmericanPrice .*must be an American price \(\|p\| ≥ 100\), got -50/,
  );
  assert.equal(runCli(['--store', store, 'config', 'show'], { COURTEDGE_BESTBETS_EDGE_FLOOR: '4' }).code, 0);
});

test('import: a header-only file read nothing → one line, exit 1; an empty file without a kind names the file', async () => {
  const { dir, store } = world();
  const before = await counts(store);
  const header = join(dir, 'header-only.csv');
  writeFileSync(header, 'GAME_ID,GAME_DATE,HOME_TEAM,AWAY_TEAM,HOME_PTS,AWAY_PTS\n');
  const r = runCli(['--store', store, 'import', header, '--json']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(
    r.stderr.trim().split('\n').at(-1),
    `courtedge: read nothing: ${header} is empty or header-only`,
  );
  const empty = join(dir, 'empty.csv');
  writeFileSync(empty, '');
  const e = runCli(['--store', store, 'import', empty]);
  assert.equal(e.code, 1);
  assert.equal(e.stderr, `courtedge: ${empty}: the file is empty (nothing to import)\n`);
  const after = await counts(store);
  // The header-only run is recorded (one import run, one archived payload), no data row.
  assert.deepEqual(
    { ...after, pipeline_runs: before.pipeline_runs, raw_payloads: before.raw_payloads },
    before,
  );
});

test('engine errors reach the user as one line without SQL (the real DuckDB messages)', async () => {
  const { userMessage } = await import('../../src/cli/context.ts');
  const { openMemoryStore } = await import('../../src/store/open.ts');
  const s = await openMemoryStore();
  const fail = async (sql: string, params: unknown[] = []) => {
    try {
      await s.query(sql, params);
    } catch (e) {
      return e as Error;
    }
    throw new Error(`${sql} did not fail`);
  };
  try {
    const date = await fail('SELECT $1::DATE', ['2025-02-30']);
    assert.match(date.message, /^Conversion Error: .*\n\nLINE 1: SELECT/); // what used to be printed
    assert.equal(
      userMessage(date),
      '"2025-02-30" is not a valid date (YYYY-MM-DD): check the date options and files given',
    );
    const int = await fail("SELECT 'abc'::INTEGER");
    assert.equal(
      userMessage(int),
      "the store refused a value of the input (conversion error: Could not convert string 'abc' to INT32); COURTEDGE_LOG_LEVEL=debug shows the statement",
    );
    const binder = userMessage(await fail('SELECT nope FROM games'));
    assert.ok(binder.startsWith('internal error in a store query (binder error: Referenced column "nope"'));
    for (const m of [userMessage(int), binder]) assert.ok(!m.includes('\n') && !m.includes('SELECT'));
  } finally {
    await s.close();
  }
});

test('an unknown flag prints the error and one line pointing to --help, not the whole help', () => {
  const r = runCli(['status', '--bogus']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "error: unknown option '--bogus'\n(run the command with --help for its options)\n");
});

test('bestbets on a date without games says there are no games (not "no_models")', async () => {
  const { store } = world(); // games on 2025-10-21 and 2025-10-25, none on the 23rd
  const r = runCli(['--store', store, 'bestbets', '--date', '2025-10-23']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.ok(
    lines.includes(
      'no picks: no games: the store holds no game on 2025-10-23 (import or fetch its schedule to bet it)',
    ),
    r.stdout,
  );
  assert.ok(!r.stdout.includes('no_models'));
});

test('models enable --all-trained --force --reason enables every gate-blocked model in one command', async () => {
  const { store } = world();
  const { insertModels } = await import('../../src/store/tables/models.ts');
  const s = await openStore({ store });
  const model = (id: string, status: string) => ({
    system_id: id,
    family: id,
    feature_set: 'v12',
    contract_hash: 'c',
    loss: 'l2',
    min_edge: 3,
    train_start: '2025-10-01',
    train_end: '2025-11-15',
    window_game_days: 56,
    artifact_hash: 'none',
    created_at: '2025-11-16T00:00:00Z',
    enabled: false,
    status,
    gates: { hr3: { gate: 'hr3', outcome: 'fail', figure: 47.8, threshold: 52.4, n: 300 } },
    gates_passed: false,
  });
  try {
    await insertModels(s, [
      model('m_a', 'candidate'),
      model('m_b', 'blocked'),
      model('m_c', 'retired'),
    ] as any);
  } finally {
    await s.close();
  }
  const noForce = runCli(['--store', store, 'models', 'enable', '--all-trained']);
  assert.equal(noForce.code, 1);
  assert.deepEqual(noForce.stdout.trim().split('\n'), [
    'enabled 0 model(s) as shadow',
    'refused m_a: refused: m_a failed gate(s) hr3; use --force --reason "…" to enable it anyway',
    'refused m_b: refused: m_b failed gate(s) hr3; use --force --reason "…" to enable it anyway',
  ]);
  const noReason = runCli(['--store', store, 'models', 'enable', '--all-trained', '--force']);
  assert.equal(noReason.code, 2);
  assert.equal(noReason.stderr, 'courtedge: --force needs --reason "…" (it is recorded)\n');
  const ok = runCli([
    '--store',
    store,
    'models',
    'enable',
    '--all-trained',
    '--force',
    '--reason',
    'real data, few days',
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.split('\n')[0], 'enabled 2 model(s) as shadow: m_a, m_b');
  const st = await rows<{ system_id: string; status: string }>(
    store,
    'SELECT system_id, status FROM models ORDER BY system_id',
  );
  assert.deepEqual(
    st.map((r) => [r.system_id, r.status]),
    [
      ['m_a', 'shadow'],
      ['m_b', 'shadow'],
      ['m_c', 'retired'],
    ],
  );
  // models list labels which window each figure is (validation vs the gates' evaluation window).
  const list = runCli(['--store', store, 'models', 'list']);
  const a = list.stdout.split('\n').find((l) => l.startsWith('m_a'));
  assert.match(a ?? '', /validation: mae - HR@3 .* \(N=0\) · gates \(evaluation window\): /);
});

test('train: when every model failed a gate, one line says which gates for how many and what to do', async () => {
  const { gateBlockedLine } = await import('../../src/cli/commands/train.ts');
  const e = (id: string, gates: Record<string, string>) =>
    ({
      family: id,
      system_id: id,
      gates: Object.fromEntries(Object.entries(gates).map(([g, outcome]) => [g, { gate: g, outcome }])),
    }) as any;
  const all = [
    e('a', { hr3: 'fail', directional: 'pass' }),
    e('b', { hr3: 'fail', directional: 'fail' }),
    e('c', { directional: 'fail', mae: 'insufficient' }),
  ];
  assert.equal(
    gateBlockedLine(all),
    'every model failed a gate (directional 2, hr3 2 of 3): train on more data or a later --end, or enable them anyway with `courtedge models enable --all-trained --force --reason "…"`',
  );
  assert.equal(gateBlockedLine([...all, e('d', { hr3: 'pass' })]), null, 'one model passes: no line');
});

test('SIGINT/SIGTERM: a command marks its open pipeline_runs rows failed INTERRUPTED before exiting (real child process)', async () => {
  const { spawn } = await import('node:child_process');
  const { REPO_ROOT } = await import('../helpers/real-data.ts');
  for (const [sig, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    const { store } = world();
    // A command body that opens a run (as every phase does) and then works until killed.
    const src = `
      import { action } from './src/cli/context.ts';
      import { openStore } from './src/store/open.ts';
      import { withRun } from './src/store/runs.ts';
      const store = await openStore({ store: ${JSON.stringify(store)} });
      await action(async () => {
        await withRun(store, { phase: 'backtest', configHash: 'h' }, async () => {
          process.stdout.write('started\\n');
          await new Promise(() => setInterval(() => {}, 1000));
        });
      })();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', src], {
      cwd: REPO_ROOT,
      env: { ...process.env, COURTEDGE_LOG_LEVEL: 'warn' },
    });
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d) => String(d).includes('started') && resolve()),
    );
    child.kill(sig);
    const exit = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(exit, code);
    const runs = await rows<{ phase: string; status: string; error: string; finished_at: string | null }>(
      store,
      "SELECT phase, status, error, finished_at FROM pipeline_runs WHERE phase = 'backtest'",
    );
    assert.equal(runs.length, 1);
    assert.deepEqual([runs[0].status, runs[0].error], ['failed', `INTERRUPTED: ${sig} received`]);
    assert.ok(runs[0].finished_at);
    // courtedge runs lists the failure first (the two succeeded imports of world() after it).
    const log = JSON.parse(runCli(['--store', store, 'runs', '--json']).stdout).runs;
    assert.deepEqual(
      log.map((x: any) => [x.phase, x.status]),
      [
        ['backtest', 'failed'],
        ['import', 'succeeded'],
      ],
    );
  }
});

test('courtedge rejects and courtedge runs show the problems without SQL', async () => {
  const { dir, store } = world();
  const file = join(dir, 'raw_20251025_170000.csv');
  writeFileSync(
    file,
    [
      ODDS_HEADER,
      `e,Shai Gilgeous-Alexander,player_points,31.5,fanduel,${GAME},-110.0,50000.0`,
      `e,Nobody Known,player_points,10.5,fanduel,${GAME},-110.0,-110.0`,
    ].join('\n'),
  );
  assert.equal(runCli(['--store', store, 'import', file, '--json']).code, 0);
  const j = runCli(['--store', store, 'rejects', '--json']);
  assert.equal(j.code, 0, j.stderr);
  const r = JSON.parse(j.stdout);
  assert.equal(r.open, 2);
  assert.deepEqual(r.by.map((b: any) => [b.reason, b.source, b.n, b.retryable]).sort(), [
    ['PRICE_SANITY_REJECT', 'files:odds-snapshots', 1, false],
    ['UNKNOWN_PLAYER', 'files:odds-snapshots', 1, true],
  ]);
  assert.equal(r.retry.length, 2);
  assert.match(r.retry[1], /courtedge import --reparse files:odds-snapshots/);
  const only = JSON.parse(
    runCli(['--store', store, 'rejects', '--reason', 'UNKNOWN_PLAYER', '--json']).stdout,
  );
  assert.equal(only.open, 1);
  assert.equal(only.examples[0].detail, 'Nobody Known: no candidate');
  const human = runCli(['--store', store, 'rejects']);
  assert.equal(human.stdout.split('\n')[0], '2 open rejected row(s)');
  const bad = runCli(['--store', store, 'rejects', '--since', '2025-02-30']);
  assert.equal(bad.code, 2);

  const runs = JSON.parse(runCli(['--store', store, 'runs', '--json']).stdout).runs;
  assert.deepEqual(
    runs.map((x: any) => [x.phase, x.status]),
    [
      ['import', 'succeeded'],
      ['import', 'succeeded'],
    ],
  );
  const none = runCli(['--store', store, 'runs', '--status', 'failed']);
  assert.deepEqual([none.code, none.stdout], [0, 'no runs\n']);
  const wrong = runCli(['--store', store, 'runs', '--status', 'broken']);
  assert.equal(wrong.code, 2);
  assert.equal(wrong.stderr, 'courtedge: --status must be one of running, succeeded, failed, got "broken"\n');
});

test('report roi and calibration print tables without --json (JSON only with --json)', () => {
  const { store } = world();
  const roi = runCli(['--store', store, 'report', 'roi', '--from', '2025-10-01', '--to', '2025-10-31']);
  assert.equal(roi.code, 0, roi.stderr);
  const lines = roi.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(1), [
    'bets 0 (0 W, 0 L, 0 P; 0 void excluded)',
    'hit rate - [95% -–-] (N=0; break-even -)',
    'units 0.00 · ROI - [95% -–-]',
  ]);
  const cal = runCli([
    '--store',
    store,
    'report',
    'calibration',
    '--from',
    '2025-10-01',
    '--to',
    '2025-10-31',
  ]);
  assert.equal(cal.code, 0, cal.stderr);
  assert.ok(!cal.stdout.includes('{'), cal.stdout);
  assert.ok(cal.stdout.includes('p_over bin        N   mean p   observed  [95% interval]'), cal.stdout);
  assert.match(cal.stdout, /^model {18}N=0 {2}Brier - {2}log loss - {2}ECE -$/m);
});

test('fetch without a network says what it retries and gives up with one line', () => {
  const { store } = world();
  const r = runCli(['--store', store, 'fetch', 'schedule', '--date', '2025-10-25'], {
    COURTEDGE_SOURCES_NBA_CDN_SCHEDULE_URL: 'http://127.0.0.1:9/schedule.json', // nothing listens on port 9
    COURTEDGE_SOURCES_HTTP_MAX_RETRIES: '2',
    COURTEDGE_SOURCES_HTTP_BACKOFF_BASE_MS: '1',
    COURTEDGE_SOURCES_HTTP_BACKOFF_MAX_MS: '5',
  });
  assert.equal(r.code, 1);
  const retries = r.stderr.split('\n').filter((l) => l.includes('retry '));
  assert.equal(retries.length, 2, r.stderr);
  assert.match(
    retries[0],
    /127\.0\.0\.1:9\/schedule\.json: .*; retry 1\/2 in 0\.0 s \(gives up after 20 s in all\)/,
  );
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  assert.match(last, /^courtedge: .*127\.0\.0\.1:9\/schedule\.json: .* after 3 attempts/);
});
