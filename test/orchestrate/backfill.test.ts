import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.ts';
import { runCliAsync } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'courtedge-backfill-'));
const cfgFile = join(dir, 'courtedge.json');
const store = join(dir, 'league.duckdb');
const cli = (args: string[]) => runCliAsync(['--config', cfgFile, '--store', store, ...args]);

before(async () => {
  writeFileSync(
    cfgFile,
    JSON.stringify({
      simulator: { teams: 4, days: 45, seasons: 1 },
      models: {
        training: { windowGameDays: 20, minTrainRows: 100, minValRows: 20 },
        gbdt: { maxRounds: 30, learningRate: 0.3, maxDepth: 3 },
      },
      publish: { dir: join(dir, 'pub') },
    }),
  );
  assert.equal((await cli(['init'])).code, 0);
  const r = await cli(['simulate', '--seasons', '1', '--seed', '7', '--json']);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every table's row count and a digest of its rows' text (the store's content, not its file). */
async function checksums(): Promise<Record<string, string>> {
  const db = await DuckDBStore.open(store);
  try {
    const tables = await db.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1`,
    );
    const out: Record<string, string> = {};
    for (const { t } of tables) {
      const [r] = await db.query<{ n: number; h: string | null }>(
        `SELECT count(*)::INTEGER AS n, md5(string_agg(x::VARCHAR, '|' ORDER BY x::VARCHAR)) AS h FROM "${t}" x`,
      );
      out[t] = `${r.n}:${r.h}`;
    }
    return out;
  } finally {
    await db.close();
  }
}

const key = (c: { table: string; date: string | null; before: number; after: number }) =>
  `${c.table} ${c.date ?? ''} ${c.before}→${c.after}`;

test('backfill --dry-run writes nothing and predicts the counts the real backfill then writes', async () => {
  // One date (the league is small: a window ending earlier leaves no model passing its gates).
  const range = ['--from', '2031-12-02', '--to', '2031-12-02'];
  const sums = await checksums();
  const dry = await cli(['backfill', ...range, '--dry-run', '--json']);
  assert.equal(dry.code, 0, dry.stderr);
  const d = JSON.parse(dry.stdout);
  assert.equal(d.dry_run, true);
  assert.deepEqual(await checksums(), sums, 'a dry run changes no table');
  const changed = new Set(d.changes.map((c: { table: string }) => c.table));
  for (const t of [
    'features',
    'models',
    'predictions',
    'prediction_batches',
    'best_bets_runs',
    'prediction_grades',
  ])
    assert.ok(changed.has(t), `dry run reports ${t}`);
  // Plain progress lines on stderr when it is not a terminal.
  assert.match(dry.stderr, /backfill publish 2031-12-02: 1\/1 dates/);

  const real = await cli(['backfill', ...range, '--json']);
  assert.equal(real.code, 0, real.stderr);
  const r = JSON.parse(real.stdout);
  assert.equal(r.ok, true);
  assert.deepEqual(
    r.outcomes.map(
      (o: { date: string; phase: string; status: string }) => `${o.date} ${o.phase} ${o.status}`,
    ),
    [
      '2031-12-02 features succeeded',
      '2031-12-02 train succeeded',
      '2031-12-02 predict succeeded',
      '2031-12-02 bestbets succeeded',
      '2031-12-02 grade succeeded',
      '2031-12-02 publish succeeded',
    ],
  );
  // The rehearsal's counts are what the real run wrote (alerts and exports aside: those
  // depend on the wall clock and on the sink, which a dry run does not write).
  const after = await checksums();
  const n = (t: string) => Number(after[t].split(':')[0]) - Number(sums[t].split(':')[0]);
  for (const t of ['features', 'models', 'predictions', 'best_bets_runs', 'prediction_grades']) {
    const predicted = d.changes
      .filter((c: { table: string }) => c.table === t)
      .reduce((s: number, c: { before: number; after: number }) => s + c.after - c.before, 0);
    assert.equal(
      n(t),
      predicted,
      `${t}: ${d.changes.filter((c: { table: string }) => c.table === t).map(key)}`,
    );
  }
  const st = await cli(['status', ...range, '--json']);
  assert.deepEqual(JSON.parse(st.stdout).missing, []);
  assert.equal(st.code, 0);
});
