import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { availableParallelism, hostname } from 'node:os';
import type { Logger } from '../config/log.ts';
import { silentLogger } from '../config/log.ts';
import type { Config } from '../config/schema.ts';
import { Mutex } from '../store/sql.ts';
import type { Store } from '../store/store.ts';
import { chunkExhausted, handleChunk } from './chunks.ts';
import { chunkClaimer } from './claim.ts';
import { chunkCommitter } from './commit-group.ts';
import { runCoordinator } from './coordinator.ts';
import { defaultDeps, type PredictDeps } from './deps.ts';
import { emitCompletion } from './finalize.ts';
import { InProcessQueue } from './queue/in-process.ts';
import type { JobQueue } from './queue/index.ts';
import { LazyPgBossQueue } from './queue/pg-boss-lazy.ts';
import { ChunkThreadPool } from './queue/thread-pool.ts';
import type { ChunkPayload } from './types.ts';
import { watchdogTick } from './watchdog.ts';

/** Chunk jobs in flight per pool thread (the queue's concurrency for predict.chunk). */
const CHUNK_JOBS_PER_THREAD = 4;

export interface PredictionsCompleteEvent {
  event: 'predictions_complete';
  batch_id: string;
  game_date: string;
  mode: string;
  status: string;
  n_viable: number;
  n_players_predicted: number;
  n_predictions: number;
  systems_ok: string[];
  systems_failed: Array<{ system_id: string; reason: string }>;
  n_missing: number;
  finished_at: string;
}

export interface PredictHooks {
  /** Test hook: runs after a chunk is claimed, before it is computed (throw to fail the try). */
  beforeCompute?: (payload: ChunkPayload, attempt: number) => void | Promise<void>;
}

export interface PredictRuntimeOptions {
  store: Store;
  config: Config;
  configHash: string;
  log?: Logger;
  deps?: Partial<PredictDeps>;
  /** Worker threads computing chunks; 0 computes on the main thread (unit tests). Default: config.threads or the cores. */
  threads?: number;
  queue?: JobQueue;
  now?: () => Date;
  hooks?: PredictHooks;
  /** Run the watchdog every predict.watchdogIntervalS (default true). */
  watchdog?: boolean;
}

/**
 * Everything one process needs to run batches: store, config, queue, thread pool, the
 * in-process commit lock and batch notifications. The CLI creates one per command, the
 * server one per process; `courtedge worker` will create one without a coordinator role.
 */
export class PredictRuntime {
  readonly store: Store;
  readonly config: Config;
  readonly configHash: string;
  readonly log: Logger;
  readonly deps: PredictDeps;
  readonly queue: JobQueue;
  readonly pool: ChunkThreadPool | null;
  readonly hooks: PredictHooks;
  readonly now: () => Date;
  /** Identifies this process in prediction_batches.owner (orphan detection, 00-decisions). */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** Chunk commits, exhausted chunks and finalizes of this process run one at a time. */
  readonly commitLock = new Mutex();
  /** Chunk results ready at the same moment share one commit transaction (commit-group.ts). */
  readonly committer = chunkCommitter(this);
  /** Chunk claims waiting for the lock at the same moment share one UPDATE (claim.ts). */
  readonly claimer = chunkClaimer(this);
  readonly events = new EventEmitter();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private started = false;
  private ownsQueue: boolean;

  constructor(opts: PredictRuntimeOptions) {
    this.store = opts.store;
    this.config = opts.config;
    this.configHash = opts.configHash;
    this.log = opts.log ?? silentLogger;
    this.deps = { ...defaultDeps, ...opts.deps };
    this.ownsQueue = !opts.queue;
    // Distributed mode (spec 04 §7): pg-boss in the store's database; else the in-process queue.
    this.queue =
      opts.queue ??
      (opts.config.databaseUrl && opts.store.dialect === 'postgres'
        ? new LazyPgBossQueue({
            connectionString: opts.config.databaseUrl,
            log: this.log,
            consume: opts.config.predict.takeJobs,
          })
        : new InProcessQueue(this.log));
    const threads = opts.threads ?? (opts.config.threads || availableParallelism());
    this.pool = threads > 0 ? new ChunkThreadPool(threads, opts.config.predict.modelCacheSize) : null;
    this.hooks = opts.hooks ?? {};
    this.now = opts.now ?? (() => new Date());
    this.events.setMaxListeners(0);
    if (opts.watchdog === false) this.timer = null;
    else {
      this.timer = setInterval(() => {
        watchdogTick(this).catch((e) => this.log.error({ err: (e as Error).message }, 'watchdog failed'));
      }, opts.config.predict.watchdogIntervalS * 1000);
      this.timer.unref();
    }
  }

  /** Registers the queue handlers (idempotent). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    // More chunk jobs in flight than threads: while one chunk commits, the next ones are
    // claimed and computed, and results that finish together share a commit (commit-group.ts).
    // The threads still compute one chunk each at a time.
    const conc = Math.max(1, this.pool?.size ?? 1) * CHUNK_JOBS_PER_THREAD;
    await this.queue.work('predict.coordinate', { concurrency: 2 }, (job) => runCoordinator(this, job));
    await this.queue.work('predict.chunk', { concurrency: conc }, (job) => handleChunk(this, job));
    this.queue.onExhausted('predict.chunk', (job, error) => chunkExhausted(this, job, error));
  }

  /**
   * A write to the batch tables outside a chunk commit. In-process every such write takes
   * the commit lock, so DuckDB never sees two writers on one row (it would abort one).
   */
  write(sql: string, params: unknown[] = []): Promise<number> {
    return this.commitLock.run(() => this.store.run(sql, params));
  }

  writeQuery<T = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.commitLock.run(() => this.store.query<T>(sql, params));
  }

  /** Announces a batch's change to waiters in this process. */
  notify(batchId: string): void {
    this.events.emit(`batch:${batchId}`);
    this.events.emit('batch', batchId);
  }

  /** A batch reached a terminal status: waiters read it once more and return. */
  notifyTerminal(batchId: string): void {
    this.notify(batchId);
    this.events.emit(`terminal:${batchId}`);
  }

  /** After a finalize committed: complete/partial ⇒ the predictions_complete event; wake waiters. */
  async afterFinalize(batchId: string): Promise<void> {
    await emitCompletion(this, batchId);
    this.notifyTerminal(batchId);
  }

  onPredictionsComplete(fn: (e: PredictionsCompleteEvent) => void): void {
    this.events.on('predictions_complete', fn);
  }

  /** Stops the watchdog, the queue and the pool; a second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.ownsQueue) await this.queue.stop();
    await this.pool?.close();
  }
}
