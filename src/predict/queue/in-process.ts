import { randomUUID } from 'node:crypto';
import type { Logger } from '../../config/log.ts';
import { silentLogger } from '../../config/log.ts';
import type { Job, JobQueue, QueueName, SendOptions } from './index.ts';
import { PermanentJobError } from './index.ts';

interface JobRec {
  id: string;
  name: QueueName;
  data: unknown;
  tries: number;
  expireInSeconds: number;
  attempt: number;
  controller?: AbortController;
}

interface QueueState {
  pending: JobRec[];
  active: Map<string, JobRec>;
  concurrency: number;
  handler?: (job: Job) => Promise<void>;
  exhausted?: (job: Job, error: string) => Promise<void>;
}

/**
 * In-process queue: FIFO per queue, `concurrency` handlers at once, retries and expiry by
 * timers. An expired job's signal is aborted (the thread pool then terminates and replaces
 * the thread computing it) and the job is tried again; when its tries are used up the
 * queue's exhausted hook runs. The job rows in the store are the truth: a restart re-reads
 * them, never this memory.
 */
export class InProcessQueue implements JobQueue {
  private queues = new Map<QueueName, QueueState>();
  private stopped = false;
  private inflight = new Set<Promise<void>>();

  constructor(private readonly log: Logger = silentLogger) {}

  private state(name: QueueName): QueueState {
    let s = this.queues.get(name);
    if (!s) {
      s = { pending: [], active: new Map(), concurrency: 1 };
      this.queues.set(name, s);
    }
    return s;
  }

  async send(name: QueueName, data: unknown, opts: SendOptions): Promise<string> {
    if (this.stopped) throw new Error('queue stopped');
    const rec: JobRec = {
      id: randomUUID(),
      name,
      data: JSON.parse(JSON.stringify(data)), // serialisable, as pg-boss will require
      tries: Math.max(1, opts.tries),
      expireInSeconds: opts.expireInSeconds,
      attempt: 0,
    };
    this.state(name).pending.push(rec);
    this.pump(name);
    return rec.id;
  }

  async work(
    name: QueueName,
    opts: { concurrency: number },
    handler: (job: Job) => Promise<void>,
  ): Promise<void> {
    const s = this.state(name);
    s.concurrency = Math.max(1, opts.concurrency);
    s.handler = handler;
    this.pump(name);
  }

  onExhausted(name: QueueName, handler: (job: Job, error: string) => Promise<void>): void {
    this.state(name).exhausted = handler;
  }

  async cancel(name: QueueName, jobIds: string[]): Promise<void> {
    const ids = new Set(jobIds);
    const s = this.state(name);
    s.pending = s.pending.filter((j) => !ids.has(j.id));
    for (const j of s.active.values()) if (ids.has(j.id)) j.controller?.abort(new Error('cancelled'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of this.queues.values()) {
      s.pending = [];
      for (const j of s.active.values()) j.controller?.abort(new Error('queue stopped'));
    }
    await Promise.allSettled([...this.inflight]);
  }

  /** Resolves when no job is pending or active (tests, CLI). */
  async idle(): Promise<void> {
    while (this.inflight.size || [...this.queues.values()].some((s) => s.pending.length && s.handler)) {
      await Promise.race([...this.inflight, new Promise((r) => setTimeout(r, 5))]);
    }
  }

  private pump(name: QueueName): void {
    const s = this.state(name);
    if (!s.handler || this.stopped) return;
    while (s.active.size < s.concurrency && s.pending.length) {
      const rec = s.pending.shift()!;
      const p = this.runOne(s, rec);
      this.inflight.add(p);
      p.finally(() => {
        this.inflight.delete(p);
        this.pump(name);
      });
    }
  }

  private async runOne(s: QueueState, rec: JobRec): Promise<void> {
    rec.attempt++;
    const controller = new AbortController();
    rec.controller = controller;
    s.active.set(rec.id, rec);
    const job: Job = {
      id: rec.id,
      name: rec.name,
      data: rec.data,
      attempt: rec.attempt,
      signal: controller.signal,
    };
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`job expired after ${rec.expireInSeconds} s`);
        controller.abort(err);
        reject(err);
      }, rec.expireInSeconds * 1000);
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    expired.catch(() => undefined);
    let error: unknown = null;
    try {
      const running = s.handler!(job);
      // An expired handler may still settle later; its outcome no longer matters.
      running.catch(() => undefined);
      await Promise.race([running, expired]);
    } catch (e) {
      error = e;
    } finally {
      clearTimeout(timer);
      s.active.delete(rec.id);
    }
    if (error === null) return;
    const msg = error instanceof Error ? error.message : String(error);
    if (controller.signal.aborted && /cancelled|queue stopped/.test(msg)) return;
    const permanent = error instanceof PermanentJobError;
    if (!permanent && rec.attempt < rec.tries && !this.stopped) {
      this.log.warn({ queue: rec.name, job: rec.id, attempt: rec.attempt, err: msg }, 'job failed; retrying');
      s.pending.push(rec);
      return;
    }
    this.log.warn({ queue: rec.name, job: rec.id, attempt: rec.attempt, err: msg }, 'job out of tries');
    if (s.exhausted) {
      try {
        await s.exhausted(job, msg);
      } catch (e) {
        this.log.error({ queue: rec.name, job: rec.id, err: (e as Error).message }, 'exhausted hook failed');
      }
    }
  }
}
