/**
 * The per-IP request counter behind every route: @fastify/rate-limit uses it as its store, and
 * the raw /v1 fast path (fast-v1.ts) counts in the same windows, so a client has one public
 * budget and one admin budget per minute whichever path answers it. Fixed windows that start
 * at a key's first request (as the plugin's own LocalStore); expired keys are swept as the
 * map grows, so an address scan cannot grow it without bound.
 */
export interface Hit {
  current: number;
  ttl: number;
}

interface Window {
  count: number;
  start: number;
}

export class RequestCounter {
  private windows = new Map<string, Window>();
  private nextSweep = 0;

  constructor(
    readonly timeWindowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  hit(key: string, now = Date.now()): Hit {
    let w = this.windows.get(key);
    if (!w || w.start + this.timeWindowMs <= now) {
      if (!w && this.windows.size >= this.maxKeys) this.sweep(now);
      w = { count: 0, start: now };
      this.windows.set(key, w);
    }
    w.count++;
    return { current: w.count, ttl: w.start + this.timeWindowMs - now };
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) {
      // Still full of live windows: drop the oldest insertion (Map keeps insertion order).
      const first = this.windows.keys().next();
      if (!first.done) this.windows.delete(first.value);
      return;
    }
    for (const [k, w] of this.windows) if (w.start + this.timeWindowMs <= now) this.windows.delete(k);
    this.nextSweep = now + 1000;
    if (this.windows.size >= this.maxKeys) {
      const first = this.windows.keys().next();
      if (!first.done) this.windows.delete(first.value);
    }
  }

  /** The @fastify/rate-limit store interface (incr, child) over this counter. */
  asStore(): new (...args: unknown[]) => unknown {
    const self = this;
    const store = {
      incr(key: string, cb: (err: Error | null, res?: Hit) => void) {
        cb(null, self.hit(key));
      },
      read(key: string, cb: (err: Error | null, res?: Hit) => void) {
        const w = self.windows.get(key);
        const now = Date.now();
        cb(
          null,
          w && w.start + self.timeWindowMs > now
            ? { current: w.count, ttl: w.start + self.timeWindowMs - now }
            : { current: 0, ttl: self.timeWindowMs },
        );
      },
      child() {
        return store;
      },
    };
    // The plugin calls `new Store(params)`; a constructor that returns an object yields it.
    return function SharedStore() {
      return store;
    } as unknown as new (
      ...args: unknown[]
    ) => unknown;
  }
}

/**
 * The key both paths count under, per client address: the address itself for public routes,
 * `a|` + address for admin ones (no string built on the hot path).
 */
export function rateKey(admin: boolean, ip: string): string {
  const addr = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return admin ? `a|${addr}` : addr;
}
