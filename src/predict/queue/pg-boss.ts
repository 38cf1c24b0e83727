import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from '../../config/log.ts';
import { silentLogger } from '../../config/log.ts';
import type { Queryable } from '../../store/store.ts';
import { type Job, type JobQueue, PermanentJobError, type QueueName, type SendOptions } from './index.ts';

/**
 * The distributed queue (spec 04 §7): pg-boss 10 in the store's own PostgreSQL database, so
 * `courtedge worker` processes on any machine take the same jobs the in-process queue runs.
 * `tries − 1` is pg-boss's retryLimit and `expireInSeconds` its expiry. Each job carries a
 * singleton key (the batch, or batch and chunk): a second send of a job still waiting is one
 * job, across processes. When a job's last try fails in a handler the queue's exhausted hook
 * runs there; when the last try is lost (its worker killed, or past its expiry) pg-boss moves
 * the job to the queue's dead-letter queue, whose worker runs the same hook.
 */

const QUEUES: QueueName[] = ['predict.coordinate', 'predict.chunk', 'predictions_complete'];

const deadLetter = (q: QueueName) => `${q}.dead`;

/**
 * The job's singleton key. Every job needs one: the 'short' policy allows one waiting job per
 * (queue, key), a missing key included, so a job without a batch gets a key of its own.
 */
function singletonKey(queue: QueueName, data: unknown): string {
  const d = data as { batch_id?: unknown; chunk_no?: unknown } | null;
  if (!d || typeof d.batch_id !== 'string') return randomUUID();
  return queue === 'predict.chunk' ? `${d.batch_id}:${String(d.chunk_no)}` : d.batch_id;
}

export interface PgBossQueueOptions {
  connectionString: string;
  /** Schema of pg-boss's tables (default 'pgboss'; tests use one of their own). */
  schema?: string;
  /**
   * false: this process only sends (a CLI command coordinating through workers); work() and
   * onExhausted() register nothing. Default true.
   */
  consume?: boolean;
  /** Seconds between polls of an idle worker (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Seconds between pg-boss maintenance runs (expiry of lost jobs); default 30. */
  maintenanceIntervalSeconds?: number;
  /** How long stop() lets running jobs finish before failing them back to the queue. */
  stopTimeoutMs?: number;
  log?: Logger;
}

export class PgBossQueue implements JobQueue {
  private exhausted = new Map<QueueName, (job: Job, error: string) => Promise<void>>();
  private controllers = new Map<string, AbortController>();
  private stopped = false;

  private constructor(
    readonly boss: PgBoss,
    private readonly opts: Required<Omit<PgBossQueueOptions, 'schema' | 'log'>> & { log: Logger },
  ) {}

  /** Starts pg-boss (creating its schema on first use) and the product's queues. */
  static async open(o: PgBossQueueOptions): Promise<PgBossQueue> {
    const boss = new PgBoss({
      connectionString: o.connectionString,
      schema: o.schema ?? 'pgboss',
      max: 4,
      maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 30,
      // The product keeps its own record of jobs (prediction_requests): pg-boss's is short-lived.
      archiveCompletedAfterSeconds: 3600,
      schedule: false,
    });
    const log = o.log ?? silentLogger;
    // A lost connection surfaces here (pg-boss retries its polls): log it, never crash on it.
    boss.on('error', (e: Error) => log.warn({ err: e.message }, 'pg-boss error'));
    await boss.start();
    for (const q of QUEUES) {
      await boss.createQueue(deadLetter(q), { name: deadLetter(q), policy: 'standard' });
      await boss.createQueue(q, { name: q, policy: 'short', deadLetter: deadLetter(q) });
    }
    return new PgBossQueue(boss, {
      connectionString: o.connectionString,
      consume: o.consume ?? true,
      pollingIntervalSeconds: Math.max(0.5, o.pollingIntervalSeconds ?? 0.5),
      maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 30,
      stopTimeoutMs: o.stopTimeoutMs ?? 30_000,
      log,
    });
  }

  async send(queue: QueueName, data: unknown, opts: SendOptions, tx?: Queryable): Promise<string> {
    if (this.stopped) throw new Error('queue stopped');
    const payload = JSON.parse(JSON.stringify(data ?? {}));
    const id = await this.boss.send(queue, payload, {
      retryLimit: Math.max(0, opts.tries - 1),
      expireInSeconds: Math.max(1, Math.round(opts.expireInSeconds)),
      singletonKey: singletonKey(queue, payload),
      deadLetter: deadLetter(queue),
      // Joins the caller's transaction: the job exists exactly when the caller's rows commit.
      ...(tx
        ? {
            db: {
              executeSql: async (text: string, values: unknown[]) => ({ rows: await tx.query(text, values) }),
            },
          }
        : {}),
    });
    // null: the same job (singleton key) is already waiting; that one will run.
    return id ?? '';
  }

  async work(
    queue: QueueName,
    opts: { concurrency: number },
    handler: (job: Job) => Promise<void>,
  ): Promise<void> {
    if (!this.opts.consume) return;
    const n = Math.max(1, opts.concurrency);
    for (let i = 0; i < n; i++) {
      await this.boss.work<object>(
        queue,
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.opts.pollingIntervalSeconds },
        async ([j]) => this.runOne(queue, j, handler),
      );
    }
  }

  private async runOne(
    queue: QueueName,
    j: PgBoss.JobWithMetadata<object>,
    handler: (job: Job) => Promise<void>,
  ) {
    const controller = new AbortController();
    this.controllers.set(j.id, controller);
    const attempt = j.retryCount + 1;
    const tries = j.retryLimit + 1;
    const job: Job = { id: j.id, name: queue, data: j.data, attempt, signal: controller.signal };
    const expireMs = Math.max(1, Number(j.expireInSeconds ?? 60)) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      // A little before pg-boss's own limit, so the handler learns it first and can stop.
      timer = setTimeout(
        () => {
          const err = new Error(`job expired after ${expireMs / 1000} s`);
          controller.abort(err);
          reject(err);
        },
        Math.max(500, expireMs - 250),
      );
    });
    expired.catch(() => undefined);
    try {
      const running = handler(job);
      running.catch(() => undefined);
      await Promise.race([running, expired]);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const permanent = e instanceof PermanentJobError;
      if (!permanent && attempt < tries) {
        this.opts.log.warn({ queue, job: j.id, attempt, err: msg }, 'job failed; retrying');
        throw e;
      }
      this.opts.log.warn({ queue, job: j.id, attempt, err: msg }, 'job out of tries');
      // The job ends here (completed in pg-boss): its outcome is recorded by the hook.
      await this.runExhausted(queue, job, msg);
    } finally {
      clearTimeout(timer);
      this.controllers.delete(j.id);
    }
  }

  private async runExhausted(queue: QueueName, job: Job, msg: string): Promise<void> {
    const hook = this.exhausted.get(queue);
    if (!hook) return;
    try {
      await hook(job, msg);
    } catch (e) {
      this.opts.log.error({ queue, job: job.id, err: (e as Error).message }, 'exhausted hook failed');
      throw e; // pg-boss retries the dead letter (or this job) rather than losing the outcome
    }
  }

  onExhausted(queue: QueueName, handler: (job: Job, error: string) => Promise<void>): void {
    if (!this.opts.consume) return;
    const first = !this.exhausted.has(queue);
    this.exhausted.set(queue, handler);
    if (!first) return;
    // Jobs whose last try was lost: pg-boss's expiry moved them to the dead-letter queue.
    void this.boss
      .work<object>(
        deadLetter(queue),
        { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: this.opts.pollingIntervalSeconds },
        async ([j]) => {
          const job: Job = {
            id: j.id,
            name: queue,
            data: j.data,
            attempt: j.retryCount + 1,
            signal: new AbortController().signal,
          };
          await this.runExhausted(queue, job, 'job expired or its worker was lost on its last try');
        },
      )
      .catch((e) => this.opts.log.error({ queue, err: (e as Error).message }, 'dead-letter worker failed'));
  }

  async cancel(queue: QueueName, jobIds: string[]): Promise<void> {
    const ids = jobIds.filter(Boolean);
    for (const id of ids) this.controllers.get(id)?.abort(new Error('cancelled'));
    if (ids.length) await this.boss.cancel(queue, ids);
  }

  /**
   * Graceful: no new jobs are fetched; running ones get stopTimeoutMs to finish, then pg-boss
   * fails them back to the queue (their next try runs elsewhere). Idempotent.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: this.opts.stopTimeoutMs });
  }

  /** Jobs waiting (created or retry) and running, per queue. */
  async depth(): Promise<Record<string, { queued: number; active: number }>> {
    const out: Record<string, { queued: number; active: number }> = {};
    for (const q of QUEUES) {
      const waiting = await this.boss.getQueueSize(q, { before: 'active' });
      const upToActive = await this.boss.getQueueSize(q, { before: 'completed' });
      out[q] = { queued: waiting, active: upToActive - waiting };
    }
    return out;
  }
}
