import type { Mutex } from '../store/sql.ts';

/** What a group run gives back: one result per item, and what to do once the lock is free. */
export interface GroupResult<O> {
  results: Array<{ ok: O } | { err: unknown }>;
  after?: () => Promise<void>;
}

/**
 * Runs items in groups under a lock. Every submit queues one turn on the lock; a turn takes
 * all the items waiting at that moment and runs them together (later turns find nothing).
 * So when the lock is busy, the items that arrive meanwhile share the next turn: one
 * statement or transaction for many instead of one each. `after` runs outside the lock
 * (sending an event writes to the store, which takes the lock), then the callers resume.
 */
export class Grouped<I, O> {
  private waiting: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];

  constructor(
    private readonly lock: Mutex,
    private readonly run: (items: I[]) => Promise<GroupResult<O>>,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // settle never throws past the callers: `after` reports its own errors.
      void this.lock
        .run(() => this.turn())
        .then((settle) => settle())
        .catch(() => undefined);
    });
  }

  private async turn(): Promise<() => Promise<void>> {
    const group = this.waiting.splice(0);
    if (!group.length) return async () => {};
    let out: GroupResult<O>;
    try {
      out = await this.run(group.map((g) => g.item));
    } catch (e) {
      out = { results: group.map(() => ({ err: e })) };
    }
    return async () => {
      try {
        await out.after?.();
      } finally {
        // Every caller is settled, even by a run that returned too few results: a caller left
        // pending would hang its batch.
        group.forEach((g, i) => {
          const r = out.results[i];
          if (!r)
            g.reject(
              new Error(`grouped run returned ${out.results.length} results for ${group.length} items`),
            );
          else if ('ok' in r) g.resolve(r.ok);
          else g.reject(r.err);
        });
      }
    };
  }
}
