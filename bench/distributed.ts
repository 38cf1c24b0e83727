// Distributed-mode benchmark (issue 18): prediction-batch throughput on a full simulated slate,
// embedded (DuckDB, in-process queue) against PostgreSQL with the in-process queue and with the
// pg-boss queue worked by 1 and 2 `courtedge worker` processes (the bench process only
// coordinates). Needs COURTEDGE_TEST_DATABASE_URL (a server where it may create a database).
// Each setup runs one warm-up and BENCH_DIST_RUNS forced BACKFILL batches of the same date;
// prints one JSON line with the median seconds and predictions per second of each.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { envNameFor, loadConfig } from '../src/config/load.ts';
import { silentLogger } from '../src/config/log.ts';
import type { App } from '../src/orchestrate/app.ts';
import { daily } from '../src/orchestrate/daily.ts';
import { predictRuntime, startBatch } from '../src/orchestrate/predict.ts';
import { simulate } from '../src/orchestrate/simulate.ts';
import { type PredictRuntime, waitForBatch } from '../src/predict/index.ts';
import { InProcessQueue } from '../src/predict/queue/in-process.ts';
import { PgBossQueue } from '../src/predict/queue/pg-boss.ts';
import { resolveClock } from '../src/store/clock.ts';
import { openMemoryStore, openStore } from '../src/store/open.ts';
import type { Store } from '../src/store/store.ts';
import { freshDatabase, spawnWorker, stopWorker } from '../test/store/distributed-helpers.ts';

const RUNS = Number(process.env.BENCH_DIST_RUNS ?? 3);
if (!process.env.COURTEDGE_TEST_DATABASE_URL) {
  console.error(
    'bench distributed: set COURTEDGE_TEST_DATABASE_URL=postgres://… (a server to create a database on)',
  );
  process.exit(2);
}

const SETTINGS: Record<string, unknown> = {
  threads: 1,
  'simulator.teams': 30,
  'simulator.days': 40,
  'simulator.seasons': 1,
  'models.families': [
    { name: 'v9', featureSet: 'v9', loss: 'l2', minEdge: 3 },
    { name: 'v9_q43', featureSet: 'v9', loss: 'quantile', alpha: 0.43, minEdge: 4 },
  ],
  'models.training.windowGameDays': 14,
  'models.gbdt.maxRounds': 60,
  'models.gbdt.maxDepth': 6,
};
const dir = mkdtempSync(join(tmpdir(), 'ce-bench-dist-'));
const env: Record<string, string> = {
  ...Object.fromEntries(Object.entries(SETTINGS).map(([k, v]) => [envNameFor(k), JSON.stringify(v)])),
  COURTEDGE_PUBLISH_DIR: join(dir, 'exports'),
};

/** Simulates the league, builds the date's features and trains; every model predicts. */
async function prepare(app: App): Promise<string> {
  const sim = await simulate(app, {});
  const dates = (
    await app.store.query<{ d: string; n: number }>(
      `SELECT game_date AS d, count(*)::INTEGER AS n FROM games WHERE game_date < $1::DATE GROUP BY 1 ORDER BY 2 DESC, 1 DESC`,
      [sim.clock_date],
    )
  ).map((r) => r.d);
  const date = dates[0]; // the largest slate before the clock
  const r = await daily(app, { date, phases: ['features', 'train'] });
  if (!r.ok) throw new Error(JSON.stringify(r.failed));
  await app.store.run(`UPDATE models SET enabled = TRUE, status = 'shadow' WHERE status <> 'retired'`);
  return date;
}

async function measure(rt: PredictRuntime, date: string) {
  const once = async () => {
    const t0 = performance.now();
    const s = await startBatch(rt, {
      date,
      mode: 'BACKFILL',
      force: true,
      skipCompleteness: true,
      requestedBy: 'bench',
    });
    const b = await waitForBatch(rt, s.batch_id, undefined, 100);
    if (b.status !== 'complete')
      throw new Error(`batch ${b.batch_id} ${b.status}: ${b.failure_reason} ${b.error}`);
    return { ms: performance.now() - t0, b };
  };
  await once();
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  const b = runs[0].b;
  return {
    median_s: Math.round(median) / 1000,
    min_s: Math.round(ms[0]) / 1000,
    max_s: Math.round(ms[ms.length - 1]) / 1000,
    predictions: b.n_predictions,
    viable: b.n_viable,
    chunks: b.n_chunks,
    predictions_per_s: Math.round(b.n_predictions / (median / 1000)),
  };
}

const out: Record<string, unknown> = {};
const load0 = loadavg()[0];
const t0 = Date.now();

// Embedded.
{
  const loaded = loadConfig({ env });
  const store = await openMemoryStore();
  const app: App = { store, config: loaded.config, configHash: loaded.hash, log: silentLogger };
  const date = await prepare(app);
  const rt = predictRuntime(app, { watchdog: false, queue: new InProcessQueue(), threads: 1 });
  out.date = date;
  out.embedded = await measure(rt, date);
  await rt.close();
  await store.close();
}

// PostgreSQL.
const db = await freshDatabase('bench');
let store: Store | null = null;
const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];
try {
  const loaded = loadConfig({ env: { ...env, COURTEDGE_DATABASE_URL: db.url } });
  store = await openStore(loaded.config);
  const app: App = { store, config: loaded.config, configHash: loaded.hash, log: silentLogger };
  const date = await prepare(app);
  {
    const q = new InProcessQueue();
    const rt = predictRuntime(app, { watchdog: false, queue: q, threads: 1 });
    out.postgres_in_process = await measure(rt, date);
    await rt.close();
    await q.stop();
  }
  const queue = await PgBossQueue.open({ connectionString: db.url, consume: false });
  // The store's clock, as the workers keep it (a batch stamped by another clock looks stalled).
  const clock = await resolveClock(store, { configToday: loaded.config.today });
  const rt = predictRuntime(app, { watchdog: false, queue, now: clock.now });
  workers.push(await spawnWorker({ ...env, COURTEDGE_DATABASE_URL: db.url }, 1));
  out.postgres_1_worker = await measure(rt, date);
  workers.push(await spawnWorker({ ...env, COURTEDGE_DATABASE_URL: db.url }, 1));
  out.postgres_2_workers = await measure(rt, date);
  await rt.close();
  await queue.stop();
} finally {
  for (const w of workers) await stopWorker(w);
  await store?.close();
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  JSON.stringify({
    bench: 'distributed',
    runs: RUNS,
    threads_per_process: 1,
    ...out,
    cores: availableParallelism(),
    load_before: Math.round(load0 * 10) / 10,
    load_after: Math.round(loadavg()[0] * 10) / 10,
    total_s: Math.round((Date.now() - t0) / 1000),
  }),
);
process.exit(0);
