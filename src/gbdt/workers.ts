import { Worker } from 'node:worker_threads';
import { compileHistKernel, histKernel, histKernelSource } from './hist-kernel.ts';
import {
  CMD,
  findSplitRange,
  histPhase,
  partitionPhase,
  routePhase,
  scatterPhase,
  updatePhase,
} from './learner-kernels.ts';
import { PREDICT_BLOCK, predictKernelSource } from './predict-kernel.ts';

/**
 * The process's worker threads, shared by the histogram team (hist-team.ts) and the prediction
 * pool (predict-pool.ts). Each worker compiles the very same kernel text as the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, receiveMessageOnPort } = require('node:worker_threads');
// the shipped functions come from a build that wraps inner functions in __name (keepNames)
const __name = (f) => f;
const histKernelSource = ${histKernelSource.toString()};
const compileHistKernel = ${compileHistKernel.toString()};
const kernels = new Map();
const histKernel = ${histKernel.toString()};
const predictKernel = (${predictKernelSource()});
const histPhase = ${histPhase.toString()};
const findSplitRange = ${findSplitRange.toString()};
const partitionPhase = ${partitionPhase.toString()};
const scatterPhase = ${scatterPhase.toString()};
const updatePhase = ${updatePhase.toString()};
const routePhase = ${routePhase.toString()};
const PHASES = { ${CMD.hist}: histPhase, ${CMD.partition}: partitionPhase, ${CMD.scatter}: scatterPhase, ${CMD.update}: updatePhase, ${CMD.route}: routePhase };

// One training run: block on the control word, run each command's share, answer; until quit.
function trainLoop(m) {
  const f64 = (b) => new Float64Array(b);
  const S = {
    n: m.n, nCols: m.nCols, W: m.W, fstride: m.fstride, bs: m.bs, maxNodes: m.maxNodes,
    words: new Uint32Array(m.words), colBins: new Uint8Array(m.colBins), idx: new Uint32Array(m.idx),
    tmpL: new Uint32Array(m.tmpL), tmpR: new Uint32Array(m.tmpR), g: f64(m.g), h: m.h ? f64(m.h) : null,
    F: f64(m.F), nBins: new Int32Array(m.nBins), featureWeights: f64(m.featureWeights),
    eligible: new Uint8Array(m.eligible), cfg: f64(m.cfg), nodeStats: f64(m.nodeStats),
    job: new Int32Array(m.job), tasks: new Int32Array(m.tasks), taskVals: f64(m.taskVals),
    results: f64(m.results), counts: new Int32Array(m.counts), slots: m.slots.map(f64), kernel: histKernel,
    treeNodes: new Int32Array(m.treeNodes), treeValues: f64(m.treeValues),
    routeBins: m.routeBins.map((b) => new Uint8Array(b)), routeRows: m.routeRows, routeF: m.routeF.map(f64),
  };
  const ctrl = new Int32Array(m.ctrl);
  let last = 0;
  for (;;) {
    let s = Atomics.load(ctrl, 0);
    while (s === last) {
      Atomics.wait(ctrl, 0, last);
      s = Atomics.load(ctrl, 0);
    }
    last = s;
    const cmd = S.job[0];
    try {
      if (cmd === ${CMD.slots}) {
        let r = receiveMessageOnPort(m.port);
        while (!r) r = receiveMessageOnPort(m.port);
        S.slots.push(f64(r.message));
      } else if (cmd !== ${CMD.quit}) PHASES[cmd](S, m.t);
    } catch (e) {
      Atomics.store(ctrl, 2, 1);
    }
    Atomics.store(ctrl, 1, last);
    Atomics.notify(ctrl, 1);
    if (cmd === ${CMD.quit}) return;
  }
}

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
  if (m.type === 'train') trainLoop(m);
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
