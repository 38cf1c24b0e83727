import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createLogger } from '../../src/config/log.ts';
import { configSchema } from '../../src/config/schema.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { daily, PHASES, type Phase, type Step } from '../../src/orchestrate/daily.ts';
import { DuckDBStore } from '../../src/store/duckdb/duckdb-store.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Queryable } from '../../src/store/store.ts';
import { runCliAsync } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/real-data.ts';

// A small simulated league (4 teams, 45 days) shared by the file's real-pipeline tests.
const dir = mkdtempSync(join(tmpdir(), 'courtedge-daily-'));
const cfgFile = join(dir, 'courtedge.json');
const base = join(dir, 'base.duckdb');
const D = '2031-12-02';
const SMALL = {
  simulator: { teams: 4, days: 45, seasons: 1 },
  models: {
    training: { windowGameDays: 20, minTrainRows: 100, minValRows: 20 },
    gbdt: { maxRounds: 30, learningRate: 0.3, maxDepth: 3 },
  },
  publish: { dir: join(dir, 'pub') },
};
const cli = (store: string, args: string[]) => runCliAsync(['--config', cfgFile, '--store', store, ...args]);

before(async () => {
  writeFileSync(cfgFile, JSON.stringify(SMALL));
  assert.equal((await cli(base, ['init'])).code, 0);
  const r = await cli(base, ['simulate', '--seasons', '1', '--seed', '7', '--json']);
  assert.equal(r.code, 0, r.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

// What a phase produced, without ids and times that differ between two runs of the same inputs.
const VOLATILE = /(_at|^run_id|^batch_id|^prediction_id|^duration_ms|^shadow_since|^seconds)$/;
async function snapshot(db: Queryable): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  const tables: Array<[string, string]> = [
    ['features', 'TRUE'],
    ['models', 'TRUE'],
    ['predictions', 'is_active'],
    ['best_bets_runs', 'TRUE'],
    ['best_bets_picks', 'TRUE'],
    ['prediction_grades', 'TRUE'],
    ['pick_grades', 'TRUE'],
  ];
  for (const [t, where] of tables) {
    const rows = await db.query(`SELECT * FROM ${t} WHERE ${where}`);
    out[t] = rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.test(k)))))
      .sort();
  }
  out.exports = (await db.query<{ path: string }>('SELECT path FROM exports ORDER BY path')).map(
    (r) => r.path,
  );
  return out;
}

async function readStore<T>(path: string, fn: (db: DuckDBStore) => Promise<T>): Promise<T> {
  const db = await DuckDBStore.open(path);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

test('phases run in order; a failed features phase stops predict, best bets and publish', async () => {
  const store = await openMemoryStore();
  const app: App = { store, config: configSchema.parse({}), configHash: 'h', log: createLogger('silent') };
  const order: string[] = [];
  const ok =
    (name: Phase): Step =>
    async () => {
      order.push(name);
      return { detail: 'done' };
    };
  const steps = Object.fromEntries(PHASES.map((p) => [p, ok(p)])) as Record<Phase, Step>;
  try {
    const all = await daily(app, { date: '2030-01-10', steps });
    assert.deepEqual(order, [...PHASES]);
    assert.equal(all.ok, true);

    const f = await daily(app, {
      date: '2030-01-10',
      steps: { ...steps, features: async () => Promise.reject(new Error('features: no games')) },
    });
    assert.deepEqual(
      f.phases.map((p) => `${p.phase} ${p.status}`),
      [
        'ingest succeeded',
        'grade succeeded',
        'features failed',
        'train skipped',
        'predict skipped',
        'bestbets skipped',
        'publish skipped',
      ],
    );
    assert.deepEqual(f.failed, { phase: 'features', error: 'features: no games' });
    assert.equal(f.phases[4].detail, 'not run: features failed');

    // A failed batch stops best bets and publish; training and grading are unaffected.
    order.length = 0;
    const p = await daily(app, {
      date: '2030-01-10',
      steps: {
        ...steps,
        predict: async () => Promise.reject(new Error('batch pb_1 failed: DATA_INCOMPLETE')),
      },
    });
    assert.deepEqual(order, ['ingest', 'grade', 'features', 'train']);
    assert.equal(p.failed?.phase, 'predict');
    assert.deepEqual(
      p.phases.slice(5).map((x) => x.detail),
      ['not run: predict failed', 'not run: bestbets failed'],
    );
  } finally {
    await store.close();
  }
});

test('daily on a simulated store: every phase recorded; a re-run gives the same rows', async () => {
  const s1 = join(dir, 'once.duckdb');
  copyFileSync(base, s1);
  const r = await cli(s1, ['daily', '--date', D, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.mode, 'BACKFILL');
  assert.deepEqual(
    out.phases.map((p: { phase: string; status: string }) => `${p.phase} ${p.status}`),
    [
      'ingest skipped',
      'grade skipped',
      'features succeeded',
      'train succeeded',
      'predict succeeded',
      'bestbets succeeded',
      'publish succeeded',
    ],
  );
  const first = await readStore(s1, async (db) => {
    const runs = await db.query<{ phase: string; status: string }>(
      `SELECT phase, status FROM pipeline_runs WHERE phase <> 'simulate' GROUP BY ALL ORDER BY 1`,
    );
    // The batch rebuilds the date's features itself (00-decisions): two features runs.
    assert.deepEqual(
      runs.map((x) => `${x.phase} ${x.status}`),
      [
        'bestbets succeeded',
        'features succeeded',
        'predict succeeded',
        'publish succeeded',
        'train succeeded',
      ],
    );
    return snapshot(db);
  });
  assert.ok((first.predictions as unknown[]).length > 0);

  const again = await cli(s1, ['daily', '--date', D, '--json']);
  assert.equal(again.code, 0, again.stderr);
  const second = JSON.parse(again.stdout);
  assert.equal(second.phases[3].status, 'skipped'); // training is not due a second time
  assert.deepEqual(await readStore(s1, snapshot), first);

  // SIGKILL during training, then a re-run: the same rows as the uninterrupted run.
  const s2 = join(dir, 'killed.duckdb');
  copyFileSync(base, s2);
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'bin/courtedge.js'), '--config', cfgFile, '--store', s2, 'daily', '--date', D],
    { env: { ...process.env, COURTEDGE_LOG_LEVEL: 'warn' } },
  );
  await new Promise<void>((resolve) => {
    let seen = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d) => {
      seen += d;
      // The features line prints when features is done; a second later training is under way
      // (it takes several seconds even for this league).
      if (/^features\s+succeeded/m.test(seen) && !timer)
        timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    });
    child.on('close', () => resolve());
  });
  assert.equal(child.signalCode, 'SIGKILL');
  const rerun = await cli(s2, ['daily', '--date', D, '--json']);
  assert.equal(rerun.code, 0, rerun.stderr);
  const killed = await readStore(s2, async (db) => {
    const orphans = await db.query<{ error: string }>(
      `SELECT error FROM pipeline_runs WHERE status = 'failed' AND error LIKE 'ORPHANED%'`,
    );
    assert.ok(orphans.length >= 1, 'the killed phase run is failed ORPHANED by the next run');
    return snapshot(db);
  });
  assert.deepEqual(killed, first);

  // A daily run grades the dates before its own: D's Final games wait for the next run (or
  // the post-game job). Status says so and names the remedy; after it, nothing is missing.
  const st = await cli(s1, ['status', '--date', D, '--json']);
  assert.equal(st.code, 1, st.stdout + st.stderr);
  const missing: string[] = JSON.parse(st.stdout).missing;
  assert.equal(missing.length, 1);
  const n = (first.predictions as unknown[]).length;
  assert.equal(missing[0], `${D} grades: 0 of ${n} (courtedge grade --date ${D})`);
  assert.equal((await cli(s1, ['grade', '--date', D, '--json'])).code, 0);
  const ok = await cli(s1, ['status', '--date', D, '--json']);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).missing, []);
});
