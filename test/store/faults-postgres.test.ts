import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/config/log.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { daily } from '../../src/orchestrate/daily.ts';
import { predictRuntime, startBatch } from '../../src/orchestrate/predict.ts';
import { simulate } from '../../src/orchestrate/simulate.ts';
import { type BatchRow, type PredictRuntime, waitForBatch } from '../../src/predict/index.ts';
import { PgBossQueue } from '../../src/predict/queue/pg-boss.ts';
import { resolveClock } from '../../src/store/clock.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { REPO_ROOT } from '../helpers/real-data.ts';
import { freshDatabase, spawnWorker, stopWorker, type WorkerProc } from './distributed-helpers.ts';
import { PG_TEST_URL, pgSkip } from './pg-helpers.ts';
import { PIPELINE_ENV } from './pipeline-compare.ts';

/**
 * The fault tests of distributed mode (issue 18), with real processes on loopback, each
 * bounded in time: a worker killed mid-chunk, ten concurrent starts from two processes, the
 * database connections cut mid-batch, and a worker started on an unmigrated database.
 */

/** Resolves with p, or fails after ms naming what did not happen. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
    }),
  ]);
}

async function until<T>(f: () => Promise<T | null | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('distributed mode under faults (PostgreSQL, real worker processes)', { skip: pgSkip }, () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let dir: string;
  let env: Record<string, string>;
  let store: Store;
  let app: App;
  let queue: PgBossQueue;
  let rt: PredictRuntime;
  let date: string;
  const workers: WorkerProc[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ce-faults-'));
    db = await freshDatabase('faults');
    env = {
      ...PIPELINE_ENV,
      COURTEDGE_DATABASE_URL: db.url,
      COURTEDGE_PUBLISH_DIR: join(dir, 'exports'),
      // Each claimed chunk waits 1.5 s before computing: the tests act while chunks are held.
      COURTEDGE_PREDICT_TEST_PAUSE_AFTER_CLAIM_MS: '1500',
      COURTEDGE_PREDICT_CHUNK_EXPIRY_S: '6',
      COURTEDGE_PREDICT_STALL_AFTER_S: '60',
      COURTEDGE_PREDICT_WATCHDOG_INTERVAL_S: '2',
    };
    const loaded = loadConfig({ env });
    store = await openStore(loaded.config);
    app = { store, config: loaded.config, configHash: loaded.hash, log: silentLogger };
    const sim = await simulate(app, {});
    const dates = (
      await store.query<{ d: string }>(
        'SELECT DISTINCT game_date AS d FROM games WHERE game_date < $1::DATE ORDER BY 1',
        [sim.clock_date],
      )
    ).map((r) => r.d);
    // The date the pipeline test trains on first: its models pass their gates and are enabled.
    date = dates[dates.length - 4];
    // Models and the date's features, without a batch yet.
    const r = await daily(app, { date, phases: ['features', 'train'] });
    assert.ok(r.ok, JSON.stringify(r.failed));
    assert.match(r.phases[1].detail, /2 enabled/);
    // The test process coordinates only (send-only queue); its pg-boss runs maintenance every
    // second, so a job whose worker died is expired and retried quickly.
    queue = await PgBossQueue.open({
      connectionString: db.url,
      consume: false,
      maintenanceIntervalSeconds: 1,
    });
    // Every process on a store keeps the store's clock (a simulated day here), as the workers do:
    // a batch stamped by another clock would look stalled to their watchdog.
    const clock = await resolveClock(store, { configToday: loaded.config.today });
    rt = predictRuntime(app, { queue, now: clock.now });
    for (let i = 0; i < 2; i++) workers.push(await spawnWorker(env));
  });

  after(async () => {
    for (const w of workers) await stopWorker(w);
    await rt?.close();
    await queue?.stop();
    await store?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A forced BACKFILL batch of the date, started by the test process. */
  async function start(): Promise<string> {
    const s = await startBatch(rt, {
      date,
      mode: 'BACKFILL',
      force: true,
      skipCompleteness: true,
      requestedBy: 'test',
    });
    assert.equal(s.outcome, 'started');
    return s.batch_id;
  }

  async function assertWhole(b: BatchRow): Promise<void> {
    assert.equal(b.status, 'complete', `${b.status} ${b.failure_reason} ${b.error}`);
    const [r] = await store.query<{ n: number; keys: number; players: number }>(
      `SELECT count(*)::INTEGER AS n, count(DISTINCT system_id || '|' || game_id || '|' || CAST(player_id AS TEXT))::INTEGER AS keys,
              count(DISTINCT player_id)::INTEGER AS players
         FROM predictions WHERE batch_id = $1`,
      [b.batch_id],
    );
    assert.equal(r.n, r.keys, 'no duplicate prediction');
    assert.equal(r.players, b.n_viable, 'every viable player predicted');
    assert.equal(r.n, b.n_viable * 2, 'by both models');
    assert.equal(b.n_predictions, r.n);
  }

  test('a worker SIGKILLed in the middle of a chunk: the batch completes, no duplicate, no missing prediction', async () => {
    const id = await start();
    const held = await until(
      async () =>
        (
          await store.query<{ chunk_no: number; worker_id: string }>(
            `SELECT chunk_no, worker_id FROM prediction_requests WHERE batch_id = $1 AND status = 'running'`,
            [id],
          )
        ).find((c) => workers.some((w) => c.worker_id?.startsWith(w.id))),
      60_000,
      'a chunk claimed by a worker',
    );
    const victim = workers.find((w) => held.worker_id.startsWith(w.id))!;
    victim.proc.kill('SIGKILL');
    await victim.exited;
    workers.splice(workers.indexOf(victim), 1);
    const b = await within(waitForBatch(rt, id), 120_000, 'batch after the kill');
    await assertWhole(b);
    const [chunk] = await store.query<{ attempts: number; status: string; worker_id: string }>(
      'SELECT attempts, status, worker_id FROM prediction_requests WHERE batch_id = $1 AND chunk_no = $2',
      [id, held.chunk_no],
    );
    assert.equal(chunk.status, 'done');
    assert.ok(chunk.attempts >= 2, `the killed chunk was tried again (attempts ${chunk.attempts})`);
    assert.ok(!chunk.worker_id.startsWith(victim.id), 'and committed by another worker');
    workers.push(await spawnWorker(env));
  });

  test('10 concurrent starts from two processes make one batch', async () => {
    const before = new Set(
      (await store.query<{ batch_id: string }>('SELECT batch_id FROM prediction_batches')).map(
        (r) => r.batch_id,
      ),
    );
    const entry = join(REPO_ROOT, 'test', 'store', 'procs', 'start-batches.ts');
    // Two processes, each firing 5 starts at once; both are released together once both are
    // ready (process start-up differs by seconds, longer than a batch lasts).
    const procs = [0, 1].map(() => {
      const p = spawn(process.execPath, ['--import', 'tsx', entry, date, 'BACKFILL', '5'], {
        cwd: REPO_ROOT,
        env: { ...process.env, COURTEDGE_LOG_LEVEL: 'warn', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      let markReady: () => void;
      const ready = new Promise<void>((r) => {
        markReady = r;
      });
      p.stdout.on('data', (d) => {
        out += d;
        if (out.startsWith('ready\n')) markReady();
      });
      p.stderr.on('data', (d) => {
        err += d;
      });
      const result = new Promise<Array<{ outcome: string; batch_id: string }>>((resolve, reject) =>
        p.on('exit', (code) =>
          code === 0
            ? resolve(JSON.parse(out.trim().split('\n')[1]))
            : reject(new Error(`exit ${code}: ${err}`)),
        ),
      );
      result.catch(() => markReady());
      return { p, ready, result };
    });
    await within(Promise.all(procs.map((x) => x.ready)), 90_000, 'two starting processes ready');
    for (const x of procs) x.p.stdin.write('go\n');
    const [a, b] = await within(Promise.all(procs.map((x) => x.result)), 150_000, 'two starting processes');
    const all = [...a, ...b];
    assert.equal(all.length, 10);
    assert.equal(all.filter((o) => o.outcome === 'started').length, 1, JSON.stringify(all));
    assert.equal(new Set(all.map((o) => o.batch_id)).size, 1, 'every conflict names the one batch');
    const rows = (
      await store.query<{ batch_id: string; status: string }>(
        `SELECT batch_id, status FROM prediction_batches WHERE game_date = $1::DATE AND mode = 'BACKFILL'`,
        [date],
      )
    ).filter((r) => !before.has(r.batch_id));
    assert.deepEqual(
      rows.map((r) => r.batch_id),
      [all[0].batch_id],
    );
    assert.equal(rows[0].status, 'complete');
  });

  test('the database connections cut mid-batch (pg_terminate_backend): the batch ends, never stays running', async () => {
    const id = await start();
    const state = async () =>
      JSON.stringify({
        batch: await store.query(
          'SELECT status, failure_reason, error, current_step, n_chunks, chunks_done FROM prediction_batches WHERE batch_id = $1',
          [id],
        ),
        chunks: await store.query(
          'SELECT chunk_no, status, attempts, worker_id FROM prediction_requests WHERE batch_id = $1',
          [id],
        ),
        workers: workers.map((w) => [w.id, w.proc.exitCode, w.stderr().slice(-500)]),
      });
    await until(
      async () =>
        (
          await store.query(`SELECT 1 FROM prediction_requests WHERE batch_id = $1 AND status = 'running'`, [
            id,
          ])
        ).length > 0,
      60_000,
      'a running chunk',
    ).catch(async (e) => {
      throw new Error(`${(e as Error).message}: ${await state()}`);
    });
    const admin = new pg.Client({ connectionString: PG_TEST_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        'SELECT count(pg_terminate_backend(pid))::INTEGER AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [db.name],
      );
      assert.ok(rows[0].n >= 2, `terminated ${rows[0].n} backends`);
    } finally {
      await admin.end();
    }
    const b = await within(waitForBatch(rt, id), 150_000, 'batch after the connections were cut');
    assert.ok(['complete', 'partial', 'failed'].includes(b.status));
    if (b.status === 'failed') assert.ok(b.failure_reason, 'a failed batch names its reason');
    else await assertWhole(b);
    // The workers survived the cut and still take jobs.
    assert.ok(workers.every((w) => w.proc.exitCode === null));
  });

  test('a worker started on a database without the migrations fails with one clear line', async () => {
    const empty = await freshDatabase('empty');
    try {
      await assert.rejects(spawnWorker({ ...env, COURTEDGE_DATABASE_URL: empty.url }), (e: Error) => {
        const lines = e.message.split(': ').slice(1).join(': ').trim().split('\n');
        assert.equal(lines.length, 1, e.message);
        assert.match(
          lines[0],
          /^courtedge: the database .* lacks \d+ migration\(s\) of this code \(first: 0001_core\): run `courtedge init`/,
        );
        return true;
      });
    } finally {
      await empty.drop();
    }
  });
});
