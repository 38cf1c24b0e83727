import { Worker } from 'node:worker_threads';
import { compileHistKernel, histKernel, histKernelSource } from './hist-kernel.ts';
import { PREDICT_BLOCK, predictKernelSource } from './predict-kernel.ts';

/**
 * The process's worker threads, shared by the histogram team (hist-team.ts) and the prediction
 * pool (predict-pool.ts). Each worker compiles the very same kernel text as the main thread.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const histKernelSource = ${histKernelSource.toString()};
const compileHistKernel = ${compileHistKernel.toString()};
const kernels = new Map();
const histKernel = ${histKernel.toString()};
const predictKernel = (${predictKernelSource()});
let S = null;
parentPort.on('message', (m) => {
  if (m.type === 'predict') {
    const p = m.pm;
    const XB = new Float64Array(${PREDICT_BLOCK} * 2 * p.nCols);
    predictKernel(p.nCols, new Int32Array(p.depth), new Int32Array(p.nodeOff), new Int32Array(p.leafOff),
      new Int32Array(p.col), new Float64Array(p.threshold), new Float64Array(p.leaf), p.baseScore,
      new Float32Array(m.X, m.xByteOffset, m.xLength), m.r0, m.r1, new Float64Array(m.out), XB);
    const ctrl = new Int32Array(m.ctrl);
    Atomics.store(ctrl, 0, m.seq);
    Atomics.notify(ctrl, 0);
    return;
  }
  if (m.type === 'setup') {
    S = { words: new Uint32Array(m.words), g: new Float64Array(m.g), idx: new Uint32Array(m.idx), W: m.W, fstride: m.fstride };
    return;
  }
  histKernel(S.W, m.w0, m.w1, S.fstride)(new Float64Array(m.hist), S.words, S.idx, S.g, m.start, m.end);
  const ctrl = new Int32Array(m.ctrl);
  Atomics.store(ctrl, 0, m.seq);
  Atomics.notify(ctrl, 0);
});
`;

export interface PoolWorker {
  worker: Worker;
  ctrl: Int32Array;
  seq: number;
}

/** Created once per process and grown on demand; unref'd so it never keeps the process alive. */
const workers: PoolWorker[] = [];

export function ensureWorkers(k: number): PoolWorker[] {
  while (workers.length < k) {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    workers.push({ worker, ctrl: new Int32Array(new SharedArrayBuffer(4)), seq: 0 });
  }
  return workers.slice(0, k);
}

export const WAIT_LIMIT_MS = 120_000;

export function waitFor(pw: PoolWorker): void {
  const t0 = Date.now();
  let v = Atomics.load(pw.ctrl, 0);
  while (v !== pw.seq) {
    Atomics.wait(pw.ctrl, 0, v, 1000);
    v = Atomics.load(pw.ctrl, 0);
    if (Date.now() - t0 > WAIT_LIMIT_MS) throw new Error('gbdt: a worker thread did not answer');
  }
}
