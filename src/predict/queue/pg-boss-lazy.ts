import type { Queryable } from '../../store/store.ts';
import type { Job, JobQueue, QueueName, SendOptions } from './index.ts';
import type { PgBossQueue, PgBossQueueOptions } from './pg-boss.ts';

/**
 * The queue a PredictRuntime uses in distributed mode (COURTEDGE_DATABASE_URL set), opened on
 * its first use so that the runtime's constructor stays synchronous (and pg-boss is loaded
 * only in distributed mode). The process works jobs too (a `courtedge daily` or `serve` never
 * waits on workers that are not there); any number of `courtedge worker` processes share the
 * load.
 */
export class LazyPgBossQueue implements JobQueue {
  private opened: Promise<PgBossQueue> | null = null;
  private closed = false;
  private pendingExhausted: Array<[QueueName, (job: Job, error: string) => Promise<void>]> = [];

  constructor(private readonly opts: PgBossQueueOptions) {}

  private queue(): Promise<PgBossQueue> {
    if (this.closed) return Promise.reject(new Error('queue stopped'));
    this.opened ??= import('./pg-boss.ts').then(async ({ PgBossQueue }) => {
      const q = await PgBossQueue.open(this.opts);
      for (const [name, fn] of this.pendingExhausted) q.onExhausted(name, fn);
      this.pendingExhausted = [];
      return q;
    });
    return this.opened;
  }

  async send(queue: QueueName, data: unknown, opts: SendOptions, tx?: Queryable): Promise<string> {
    return (await this.queue()).send(queue, data, opts, tx);
  }

  async work(
    queue: QueueName,
    opts: { concurrency: number },
    handler: (job: Job) => Promise<void>,
  ): Promise<void> {
    await (await this.queue()).work(queue, opts, handler);
  }

  onExhausted(queue: QueueName, handler: (job: Job, error: string) => Promise<void>): void {
    if (this.opened) void this.opened.then((q) => q.onExhausted(queue, handler));
    else this.pendingExhausted.push([queue, handler]);
  }

  async cancel(queue: QueueName, jobIds: string[]): Promise<void> {
    await (await this.queue()).cancel(queue, jobIds);
  }

  async stop(): Promise<void> {
    this.closed = true;
    const q = await this.opened?.catch(() => null);
    await q?.stop();
  }
}
