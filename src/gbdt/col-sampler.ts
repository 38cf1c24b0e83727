import type { Rng } from './rng.ts';

/**
 * Column sampling per tree (LightGBM's `treelearner/col_sampler.hpp`): round(colsample × nCols)
 * features (at least one) by a partial Fisher–Yates shuffle, drawn after the row bag from the
 * same stream.
 */
export class ColSampler {
  private readonly mask: Uint8Array;
  private readonly perm: Int32Array;
  private readonly k: number;

  constructor(
    private readonly nCols: number,
    colsample: number,
  ) {
    this.mask = new Uint8Array(nCols).fill(1);
    this.perm = new Int32Array(nCols);
    this.k = Math.max(1, Math.round(colsample * nCols));
  }

  /** mask[f] = 1 if feature f may split in this tree (a view, valid until the next call). */
  sample(rng: Rng): Uint8Array {
    const { nCols, perm, mask, k } = this;
    if (k >= nCols) return mask;
    for (let f = 0; f < nCols; f++) perm[f] = f;
    mask.fill(0);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rng.next() * (nCols - i));
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
      mask[perm[i]] = 1;
    }
    return mask;
  }
}
