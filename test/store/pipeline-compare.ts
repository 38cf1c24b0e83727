import assert from 'node:assert/strict';
import { envNameFor, loadConfig } from '../../src/config/load.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { daily } from '../../src/orchestrate/daily.ts';
import { grade } from '../../src/orchestrate/grade.ts';
import { simulate } from '../../src/orchestrate/simulate.ts';
import { parseJson, type Store } from '../../src/store/store.ts';

/**
 * What the PostgreSQL pipeline tests compare: every output table of a run, keyed, without the
 * columns that differ between two runs by construction. Shared by the embedded-vs-PostgreSQL
 * and embedded-vs-workers tests so that both compare the same thing.
 */

/** Columns that differ between two runs by construction (ids of runs, wall-clock times). */
export const VOLATILE = new Set([
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

export const TABLES: Record<string, string[]> = {
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
export async function snapshot(store: Store, table: string): Promise<Record<string, unknown>> {
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

/** Every compared table of a store. */
export async function snapshotAll(store: Store): Promise<Record<string, Record<string, unknown>>> {
  const snap: Record<string, Record<string, unknown>> = {};
  for (const t of Object.keys(TABLES)) snap[t] = await snapshot(store, t);
  return snap;
}

/**
 * The small league and lenient settings the pipeline tests run (a few seconds per engine), as
 * COURTEDGE_* variables so that worker processes load exactly the same configuration.
 */
const PIPELINE_SETTINGS: Record<string, unknown> = {
  threads: 1,
  'simulator.teams': 4,
  'simulator.days': 34,
  'simulator.seasons': 1,
  'models.families': [
    { name: 'v9', featureSet: 'v9', loss: 'l2', minEdge: 3 },
    { name: 'v9_q43', featureSet: 'v9', loss: 'quantile', alpha: 0.43, minEdge: 4 },
  ],
  'models.training.windowGameDays': 14,
  'models.training.minTrainRows': 100,
  'models.training.minValRows': 20,
  'models.gbdt.maxRounds': 20,
  'models.gbdt.learningRate': 0.2,
  'models.gbdt.maxDepth': 3,
  'models.gbdt.earlyStoppingRounds': 10,
  // Lenient enough that the small league yields picks to compare and to grade.
  'bestbets.edgeFloor': 1,
  'bestbets.filters.minQuality': 0,
  'bestbets.filters.underEdgeMax': 50, // the bound of the key: no edge reaches it, so the filter never fires
  'bestbets.filters.minEv': -1,
  // Several chunks a batch, so that several processes share a batch.
  'predict.chunkSize': 10,
};

export const PIPELINE_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(PIPELINE_SETTINGS).map(([k, v]) => [
    envNameFor(k),
    typeof v === 'string' ? v : JSON.stringify(v),
  ]),
);

export function pipelineConfig(env: Record<string, string> = {}) {
  return loadConfig({ env: { ...PIPELINE_ENV, ...env } });
}

/** Asserts the run produced something of each kind (or the comparison proves little). */
export function assertSubstantial(snap: Record<string, Record<string, unknown>>): void {
  assert.ok(Object.keys(snap.predictions).length > 50, 'predictions');
  assert.ok(Object.keys(snap.best_bets_picks).length > 0, 'picks');
  assert.ok(Object.keys(snap.prediction_grades).length > 50, 'prediction grades');
  assert.ok(Object.keys(snap.pick_grades).length > 0, 'pick grades');
}

/**
 * Simulates the league into the app's store, runs `daily` on the last four dates before the
 * store's clock, grades the last one, and returns the phases' lines and the tables.
 */
export async function runPipeline(app: App, afterSimulate?: () => Promise<void>) {
  const store = app.store;
  const sim = await simulate(app, {});
  await afterSimulate?.();
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
  return { sim, phases, snap: await snapshotAll(store) };
}
