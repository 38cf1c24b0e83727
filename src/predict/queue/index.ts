import type { Queryable } from '../../store/store.ts';

/**
 * The job queue (spec 04 §7). Two implementations behind this interface, like Hono's
 * routers: in-process (worker_threads, the default) and pg-boss (distributed mode, pg-boss.ts).
 * Payloads are plain JSON and validated per queue, so workers stay stateless.
 */
export type QueueName = 'predict.coordinate' | 'predict.chunk' | 'predictions_complete';

export interface Job {
  id: string;
  name: QueueName;
  data: unknown;
  /** 1 for the first try. */
  attempt: number;
  /** Aborted when the job expires or is cancelled; the handler should stop. */
  signal: AbortSignal;
}

export interface SendOptions {
  tries: number;
  expireInSeconds: number;
}

export interface JobQueue {
  send(queue: QueueName, data: unknown, opts: SendOptions, tx?: Queryable): Promise<string>;
  work(queue: QueueName, opts: { concurrency: number }, handler: (job: Job) => Promise<void>): Promise<void>;
  onExhausted(queue: QueueName, handler: (job: Job, error: string) => Promise<void>): void;
  cancel(queue: QueueName, jobIds: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** A handler error that must not be retried (an invalid payload fails at once). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
