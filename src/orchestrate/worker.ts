import { hostname } from 'node:os';
import { PgBossQueue } from '../predict/queue/pg-boss.ts';
import { resolveClock } from '../store/clock.ts';
import { pendingMigrations } from '../store/migrate.ts';
import type { Queryable } from '../store/store.ts';
import type { App } from './app.ts';
import { UsageError } from './app.ts';
import { predictRuntime } from './predict.ts';

/**
 * `courtedge worker [--concurrency N]` (DESIGN principle 7, spec 04 §5, §8): a stateless
 * process that takes prediction jobs (coordinate and chunk) from the pg-boss queue in the
 * store's PostgreSQL database and runs them with the same code as the embedded process. It
 * reads models from `model_artifacts`, nothing from local disk, so any number can run on any
 * machine. It never migrates: a database behind the code is one clear error. It records a
 * heartbeat in `store_meta` (`worker:<id>`) for `courtedge status`, and on `signal` (SIGTERM,
 * SIGINT) stops fetching, lets running jobs finish (or fails them back to the queue after
 * `stopTimeoutMs`) and removes its heartbeat.
 */

export interface WorkerRequest {
  /** Threads computing chunks (each runs several chunk jobs at once); default config.threads or the cores. */
  concurrency?: number;
  /** Aborted = graceful stop. */
  signal: AbortSignal;
  /** Called once the worker takes jobs (the CLI prints one line). */
  onReady?: (info: WorkerInfo) => void;
  /** Seconds between heartbeats (default 15). */
  heartbeatS?: number;
  /** How long running jobs may take to finish once stopping (default 30 s). */
  stopTimeoutMs?: number;
}

export interface WorkerInfo {
  worker_id: string;
  host: string;
  pid: number;
  concurrency: number | null;
  started_at: string;
  seen_at: string;
}

export interface WorkerResult {
  worker_id: string;
  seconds: number;
}

const KEY_PREFIX = 'worker:';

async function beat(store: Queryable, info: WorkerInfo): Promise<void> {
  await store.run(
    'INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [KEY_PREFIX + info.worker_id, JSON.stringify(info)],
  );
}

export async function runWorker(app: App, req: WorkerRequest): Promise<WorkerResult> {
  const url = app.config.databaseUrl;
  if (app.store.dialect !== 'postgres' || !url) {
    throw new UsageError(
      'courtedge worker needs the PostgreSQL store: set COURTEDGE_DATABASE_URL=postgres://… (the embedded DuckDB store runs its jobs in its own process)',
      1,
    );
  }
  const pending = await pendingMigrations(app.store);
  if (pending.length) {
    throw new UsageError(
      `the database ${app.store.location} lacks ${pending.length} migration(s) of this code (first: ${pending[0]}): run \`courtedge init\` against it, then start the worker`,
      1,
    );
  }
  const t0 = Date.now();
  // The store's clock (a simulated store's day, `courtedge clock set`) can move while the
  // worker runs, and a simulated clock runs from its clock time at each process's start: it is
  // read again with each heartbeat, so that a long-running worker stays within a heartbeat of
  // the processes that start batches (else their batches would look stalled to its watchdog).
  let clock = await resolveClock(app.store, { configToday: app.config.today });
  const queue = await PgBossQueue.open({
    connectionString: url,
    log: app.log,
    stopTimeoutMs: req.stopTimeoutMs,
  });
  const rt = predictRuntime(app, { queue, threads: req.concurrency, now: () => clock.now() });
  const info: WorkerInfo = {
    worker_id: rt.owner,
    host: hostname(),
    pid: process.pid,
    concurrency: req.concurrency ?? null,
    started_at: new Date().toISOString(),
    seen_at: new Date().toISOString(),
  };
  let timer: NodeJS.Timeout | null = null;
  try {
    await rt.start();
    await beat(app.store, info);
    timer = setInterval(
      () => {
        info.seen_at = new Date().toISOString();
        beat(app.store, info)
          .then(async () => {
            const next = await resolveClock(app.store, { configToday: app.config.today });
            if (next.source !== 'real' || next.source !== clock.source) clock = next;
          })
          .catch((e) => app.log.warn({ err: (e as Error).message }, 'worker heartbeat failed'));
      },
      (req.heartbeatS ?? 15) * 1000,
    );
    req.onReady?.(info);
    if (!req.signal.aborted) {
      await new Promise<void>((resolve) =>
        req.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
  } finally {
    if (timer) clearInterval(timer);
    await queue.stop();
    await rt.close();
    await app.store
      .run('DELETE FROM store_meta WHERE key = $1', [KEY_PREFIX + info.worker_id])
      .catch(() => undefined);
  }
  return { worker_id: info.worker_id, seconds: Math.round((Date.now() - t0) / 100) / 10 };
}

/** Workers whose heartbeat is at most `withinSeconds` old (for `courtedge status`), newest first. */
export async function listWorkers(
  store: Queryable,
  opts: { withinSeconds?: number; now?: Date } = {},
): Promise<WorkerInfo[]> {
  const rows = await store.query<{ value: string }>('SELECT value FROM store_meta WHERE key LIKE $1', [
    `${KEY_PREFIX}%`,
  ]);
  const since = (opts.now ?? new Date()).getTime() - (opts.withinSeconds ?? 300) * 1000;
  return rows
    .map((r) => JSON.parse(r.value) as WorkerInfo)
    .filter((w) => Date.parse(w.seen_at) >= since)
    .sort((a, b) => (a.seen_at < b.seen_at ? 1 : -1));
}

/** Jobs waiting and running per queue (for `courtedge status` in distributed mode). */
export async function queueDepth(app: App): Promise<Record<string, { queued: number; active: number }>> {
  if (app.store.dialect !== 'postgres' || !app.config.databaseUrl) return {};
  const q = await PgBossQueue.open({
    connectionString: app.config.databaseUrl,
    consume: false,
    log: app.log,
  });
  try {
    return await q.depth();
  } finally {
    await q.stop();
  }
}
