import type { Logger } from '../config/log.ts';
import { observeRuns } from '../orchestrate/lock.ts';

export type JobStart =
  | { outcome: 'started'; run_id: string }
  | { outcome: 'done'; run_id: string | null; result: unknown }
  | { outcome: 'conflict'; run_id: string | null };

interface Running {
  runId: Promise<string | null>;
}

/**
 * Long work started over HTTP (spec 07 §3): the request returns as soon as the use case has
 * opened its pipeline_runs row (202 {run_id}); the work goes on in this process. One key
 * (phase|date) runs at most once at a time: a second start while it runs is a conflict with
 * the running id, decided here in the one process that owns the store, never by timing.
 * Work that ends before opening a run (a refusal, or nothing to do) answers with its result
 * or its error directly.
 */
export class Jobs {
  private running = new Map<string, Running>();

  constructor(private readonly log: Logger) {}

  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  /** Resolves once every job has settled (server close). */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.done]);
  }

  private done = new Set<Promise<unknown>>();

  async start(key: string, phase: string, work: () => Promise<unknown>): Promise<JobStart> {
    const current = this.running.get(key);
    if (current) return { outcome: 'conflict', run_id: await current.runId };
    let announce!: (id: string | null) => void;
    const runId = new Promise<string | null>((r) => {
      announce = r;
    });
    this.running.set(key, { runId });
    let first: string | null = null;
    let ownPhase: string | null = null;
    // The use case's own run is the first one of its phase; earlier runs of other phases
    // (a batch's features rebuild, say) are reported only if no run of the phase appears.
    const settled = observeRuns(
      (run) => {
        first ??= run.runId;
        if (ownPhase === null && run.phase === phase) {
          ownPhase = run.runId;
          announce(run.runId);
        }
      },
      () => work(),
    ).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const tracked = settled.finally(() => {
      this.running.delete(key);
      this.done.delete(tracked);
      announce(ownPhase ?? first);
    });
    this.done.add(tracked);
    const winner = await Promise.race([runId.then((id) => ({ id })), settled]);
    if ('id' in winner) {
      void settled.then((s) => {
        if (!s.ok) this.log.warn({ key, run_id: winner.id, err: (s.error as Error)?.message }, 'job failed');
      });
      return { outcome: 'started', run_id: winner.id as string };
    }
    if (!winner.ok) throw winner.error;
    return { outcome: 'done', run_id: ownPhase ?? first, result: winner.result };
  }
}
