import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/config/log.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { daily } from '../../src/orchestrate/daily.ts';
import { grade } from '../../src/orchestrate/grade.ts';
import { simulate } from '../../src/orchestrate/simulate.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import { parseJson, type Store } from '../../src/store/store.ts';
import { openPgTestStore, pgSkip } from './pg-helpers.ts';

/**
 * The whole simulated pipeline on PostgreSQL gives the rows it gives on DuckDB: a small league
 * is simulated into each store, then `daily` runs the last dates (grade, features, train,
 * predict, best bets, publish) and every output table is compared row for row, keyed, all
 * columns but the ones that name a run or a wall-clock instant.
 */

/** Columns that differ between two runs by construction (ids of runs, wall-clock times). */
const VOLATILE = new Set([
  'run_id',
  'batch_id',
  'prediction_id',
  'owner',
  'created_at',
  'computed_at',
  'features_computed_at',
  'graded_at',
  'published_at',
  'status_changed_at',
  'shadow_since',
  'duration_ms',
  'started_at',
  'finished_at',
  'last_progress_at',
  'event_emitted_at',
  'steps',
  'provenance',
]);

const TABLES: Record<string, string[]> = {
  features: ['game_id', 'player_id', 'feature_set', 'cutoff_kind', 'cutoff_at'],
  models: ['system_id'],
  predictions: ['system_id', 'game_id', 'player_id', 'game_date', 'is_active', 'line_key'],
  best_bets_runs: ['date'],
  best_bets_picks: ['date', 'game_id', 'player_id'],
  prediction_grades: ['system_id', 'game_id', 'player_id'],
  pick_grades: ['game_date', 'game_id', 'player_id'],
  prediction_batches: ['game_date', 'mode'],
};

/** Rows of a table without volatile columns, keyed and sorted; provenance without its ids. */
async function snapshot(store: Store, table: string): Promise<Record<string, unknown>> {
  const rows = await store.query(`SELECT * FROM ${table}`);
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    const key = TABLES[table].map((k) => String(r[k])).join('|');
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) if (!VOLATILE.has(k)) row[k] = v;
    if (r.provenance) {
      const { batch_id: _b, features_computed_at: _f, ...rest } = parseJson(r.provenance);
      row.provenance = rest;
    }
    assert.equal(out[key], undefined, `${table}: key ${key} twice`);
    out[key] = row;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

async function runPipeline(store: Store, publishDir: string, loaded: ReturnType<typeof loadConfig>) {
  const app: App = {
    store,
    config: { ...loaded.config, publish: { ...loaded.config.publish, dir: publishDir } },
    configHash: loaded.hash,
    log: silentLogger,
  };
  const sim = await simulate(app, {});
  // Past dates only: a date before the store's clock runs as BACKFILL at tip-off cutoffs, so
  // no elapsed wall time enters a row (today's as-of cutoff moves with the clock).
  const dates = (
    await store.query<{ d: string }>(
      'SELECT DISTINCT game_date AS d FROM games WHERE game_date < $1::DATE ORDER BY 1',
      [sim.clock_date],
    )
  ).map((r) => r.d);
  const phases: string[] = [];
  const last = dates.slice(-4);
  for (const date of last) {
    const r = await daily(app, { date });
    assert.ok(r.ok, `${store.dialect} daily ${date}: ${JSON.stringify(r.failed)}`);
    phases.push(
      ...r.phases.map((p) => `${date} ${p.phase} ${p.status} ${p.detail.replace(/pb_\S+/g, 'pb_…')}`),
    );
  }
  // The last date's grades (daily grades the dates before its own).
  const g = await grade(app, { dates: [last[last.length - 1]] });
  phases.push(`grade ${g.graded}`);
  const snap: Record<string, Record<string, unknown>> = {};
  for (const t of Object.keys(TABLES)) snap[t] = await snapshot(store, t);
  return { sim, phases, snap };
}

test('the simulated pipeline on PostgreSQL writes the same rows as on DuckDB', { skip: pgSkip }, async () => {
  const loaded = loadConfig({
    env: {},
    file: undefined,
    overrides: {
      threads: 1,
      simulator: { teams: 4, days: 34, seasons: 1 },
      models: {
        families: [
          { name: 'v9', featureSet: 'v9', loss: 'l2', minEdge: 3 },
          { name: 'v9_q43', featureSet: 'v9', loss: 'quantile', alpha: 0.43, minEdge: 4 },
        ],
        training: { windowGameDays: 14, minTrainRows: 100, minValRows: 20 },
        gbdt: { maxRounds: 20, learningRate: 0.2, maxDepth: 3, earlyStoppingRounds: 10 },
      },
      // Lenient enough that the small league yields picks to compare and to grade.
      bestbets: { edgeFloor: 1, filters: { minQuality: 0, underEdgeMax: 100, minEv: -1 } },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ce-pg-pipeline-'));
  const duck = await openMemoryStore();
  const pg = await openPgTestStore();
  try {
    const a = await runPipeline(duck, join(dir, 'duck'), loaded);
    const b = await runPipeline(pg, join(dir, 'pg'), loaded);
    assert.equal(b.sim.digest, a.sim.digest);
    assert.deepEqual(b.phases, a.phases);
    // The run must have produced something of each kind, or the comparison proves little.
    assert.ok(Object.keys(a.snap.predictions).length > 50, 'predictions');
    assert.ok(Object.keys(a.snap.best_bets_picks).length > 0, 'picks');
    assert.ok(Object.keys(a.snap.prediction_grades).length > 50, 'prediction grades');
    assert.ok(Object.keys(a.snap.pick_grades).length > 0, 'pick grades');
    for (const t of Object.keys(TABLES)) assert.deepEqual(b.snap[t], a.snap[t], `table ${t}`);
  } finally {
    await duck.close();
    await pg.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
