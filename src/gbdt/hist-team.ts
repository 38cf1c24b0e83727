import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { CMD, type LearnerShared } from './learner-kernels.ts';
import { ensureWorkers, type PoolWorker, WAIT_LIMIT_MS } from './workers.ts';

/**
 * The histogram team of one training run: `threads − 1` pool workers plus the calling thread,
 * each owning whole features (histograms, subtraction, split search) and a slice of every
 * node's rows (partition, prediction updates); see learner-kernels.ts. A worker stays in a
 * blocking loop on its control word for the whole run (no message per phase: a phase is a
 * store and a notify), and returns to the pool at `close()`. Synchronous API.
 */
export class HistTeam {
  private readonly members: { pw: PoolWorker; ctrl: Int32Array; port: MessagePort; seq: number }[] = [];
  private closed = false;

  constructor(
    threads: number,
    private readonly S: LearnerShared,
  ) {
    const pool = ensureWorkers(Math.max(0, threads - 1));
    pool.forEach((pw, t) => {
      // [sequence number of the last command, sequence number answered, error flag]
      const ctrl = new Int32Array(new SharedArrayBuffer(12));
      const { port1, port2 } = new MessageChannel();
      pw.worker.postMessage(
        {
          type: 'train',
          t,
          ctrl: ctrl.buffer,
          port: port2,
          n: S.n,
          nCols: S.nCols,
          W: S.W,
          fstride: S.fstride,
          bs: S.bs,
          maxNodes: S.maxNodes,
          words: S.words.buffer,
          colBins: S.colBins.buffer,
          idx: S.idx.buffer,
          tmpL: S.tmpL.buffer,
          tmpR: S.tmpR.buffer,
          g: S.g.buffer,
          h: S.h ? S.h.buffer : null,
          F: S.F.buffer,
          nBins: S.nBins.buffer,
          featureWeights: S.featureWeights.buffer,
          eligible: S.eligible.buffer,
          cfg: S.cfg.buffer,
          nodeStats: S.nodeStats.buffer,
          job: S.job.buffer,
          tasks: S.tasks.buffer,
          taskVals: S.taskVals.buffer,
          results: S.results.buffer,
          counts: S.counts.buffer,
          slots: S.slots.map((s) => s.buffer),
          treeNodes: S.treeNodes.buffer,
          treeValues: S.treeValues.buffer,
          routeBins: S.routeBins.map((b) => b.buffer),
          routeRows: S.routeRows,
          routeF: S.routeF.map((f) => f.buffer),
        },
        [port2],
      );
      this.members.push({ pw, ctrl, port: port1, seq: 0 });
    });
  }

  /** Threads available to a phase (the workers and the calling thread). */
  get size(): number {
    return this.members.length + 1;
  }

  /**
   * Run command `cmd` on T threads: workers 0 … T − 2 and the calling thread as thread T − 1
   * (`mine` is its share). Returns when every thread is done.
   */
  run(cmd: number, T: number, mine: (S: LearnerShared, t: number) => void): void {
    const S = this.S;
    S.job[0] = cmd;
    S.job[2] = T;
    for (let t = 0; t < T - 1; t++) this.signal(this.members[t]);
    mine(S, T - 1);
    for (let t = 0; t < T - 1; t++) this.await(this.members[t]);
  }

  /** Hand a new histogram slot (already pushed to S.slots) to every worker. */
  addSlot(slot: Float64Array): void {
    for (const m of this.members) m.port.postMessage(slot.buffer);
    this.S.job[0] = CMD.slots;
    for (const m of this.members) this.signal(m);
    for (const m of this.members) this.await(m);
  }

  /** Send the workers back to the pool (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.S.job[0] = CMD.quit;
    for (const m of this.members) this.signal(m);
    for (const m of this.members) {
      this.await(m);
      m.port.close();
    }
  }

  private signal(m: { ctrl: Int32Array; seq: number }): void {
    m.seq = (m.seq + 1) | 0;
    Atomics.store(m.ctrl, 0, m.seq);
    Atomics.notify(m.ctrl, 0);
  }

  private await(m: { ctrl: Int32Array; seq: number }): void {
    const t0 = Date.now();
    let v = Atomics.load(m.ctrl, 1);
    while (v !== m.seq) {
      Atomics.wait(m.ctrl, 1, v, 1000);
      v = Atomics.load(m.ctrl, 1);
      if (v !== m.seq && Date.now() - t0 > WAIT_LIMIT_MS)
        throw new Error('gbdt: a histogram worker thread did not answer');
    }
    if (Atomics.load(m.ctrl, 2) !== 0) throw new Error('gbdt: a histogram worker thread failed');
  }
}
