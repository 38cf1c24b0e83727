/** Small SQL helpers shared by every module that writes its own queries (both engines). */

/**
 * `$first, $first+1, …` placeholders for an IN list of n parameters, each with an optional cast
 * (`::TEXT`). An empty list is `NULL`, so `x IN (NULL)` matches nothing instead of failing to parse.
 */
export function placeholders(n: number, first = 1, cast = ''): string {
  if (n === 0) return 'NULL';
  return Array.from({ length: n }, (_, i) => `$${first + i}${cast}`).join(', ');
}

/** A one-at-a-time lock: the callers' critical sections run in arrival order, never together. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
