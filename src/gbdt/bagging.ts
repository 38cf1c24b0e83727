import type { Rng } from './rng.ts';

/**
 * Row bagging (LightGBM's `boosting/bagging.hpp`): each round keeps every row with probability
 * `subsample`, one Bernoulli draw per row from the training stream, rows in ascending order.
 */
export class RowBagger {
  private readonly bag: Uint32Array;

  constructor(
    private readonly n: number,
    private readonly subsample: number,
  ) {
    this.bag = new Uint32Array(subsample < 1 ? n : 0);
  }

  /** This round's rows (a view, valid until the next call), or null = every row. */
  sample(rng: Rng): Uint32Array | null {
    if (this.subsample >= 1) return null;
    let k = 0;
    for (let i = 0; i < this.n; i++) if (rng.next() < this.subsample) this.bag[k++] = i;
    return this.bag.subarray(0, k);
  }
}
