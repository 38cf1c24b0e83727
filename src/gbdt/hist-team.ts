import { histKernel } from './hist-kernel.ts';
import { ensureWorkers, type PoolWorker, WAIT_LIMIT_MS } from './workers.ts';

/**
 * Feature-parallel histogram building for one training run: `threads − 1` workers plus the
 * calling thread, synchronised with Atomics (the API stays synchronous).
 */
export class HistTeam {
  private readonly team: PoolWorker[];

  constructor(
    threads: number,
    private readonly words: Uint32Array,
    private readonly W: number,
    private readonly idx: Uint32Array,
    private readonly g: Float64Array,
    private readonly fstride: number,
  ) {
    this.team = ensureWorkers(Math.max(0, Math.min(threads, W) - 1));
    for (const pw of this.team)
      pw.worker.postMessage({ type: 'setup', words: words.buffer, g: g.buffer, idx: idx.buffer, W, fstride });
  }

  get size(): number {
    return this.team.length + 1;
  }

  build(hist: Float64Array, start: number, end: number): void {
    const T = this.team.length + 1;
    const W = this.W;
    const cut = (t: number) => Math.floor((t * W) / T);
    for (let t = 0; t < T - 1; t++) {
      const pw = this.team[t];
      pw.seq = (pw.seq + 1) | 0;
      pw.worker.postMessage({
        type: 'job',
        hist: hist.buffer,
        ctrl: pw.ctrl.buffer,
        seq: pw.seq,
        start,
        end,
        w0: cut(t),
        w1: cut(t + 1),
      });
    }
    histKernel(W, cut(T - 1), W, this.fstride)(hist, this.words, this.idx, this.g, start, end);
    for (let t = 0; t < T - 1; t++) {
      const pw = this.team[t];
      const t0 = Date.now();
      let v = Atomics.load(pw.ctrl, 0);
      while (v !== pw.seq) {
        Atomics.wait(pw.ctrl, 0, v, 1000);
        v = Atomics.load(pw.ctrl, 0);
        if (Date.now() - t0 > WAIT_LIMIT_MS)
          throw new Error('gbdt: a histogram worker thread did not answer');
      }
    }
  }
}
