import { Worker } from 'node:worker_threads';
import type { FeatureFrame } from './data.ts';
import type { Family } from './families.ts';
import { type FitResult, type FitSettings, fitFamily } from './fit.ts';
import type { TrainingWindow } from './windows.ts';

/**
 * Trains families in parallel (spec 03 §9 "families train in parallel"): one worker thread per
 * core, each fitting whole families with the GBDT on one thread. A fit is deterministic, so
 * which worker runs it never changes the result (the backtest test compares 1 vs 4 threads).
 * With one worker the fits run inline on the main thread.
 */

// Eval worker (CommonJS): registers tsx, then loads fit.ts by URL; frames arrive once per set.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { register } = await import(workerData.tsxApi);
  register();
  const fit = await import(workerData.fitUrl);
  const frames = new Map();
  parentPort.on('message', (m) => {
    if (m.type === 'frame') { frames.set(m.key, m.frame); return; }
    try {
      const r = fit.fitFamily(frames.get(m.key), m.family, m.window, m.settings);
      parentPort.postMessage({ id: m.id, ok: true, r });
    } catch (e) {
      parentPort.postMessage({ id: m.id, ok: false, error: String((e && e.message) || e) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ fatal: String((e && e.stack) || e) }));
`;

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  frames: Set<string>;
  busy: boolean;
}

interface Task {
  key: string;
  frame: FeatureFrame;
  family: Family;
  window: TrainingWindow;
  resolve: (r: FitResult | Error) => void;
}

export class FitPool {
  private slots: Slot[] = [];
  private queue: Task[] = [];
  private seq = 0;
  private pending = new Map<number, { task: Task; slot: Slot }>();

  constructor(
    readonly size: number,
    private settings: FitSettings,
  ) {
    if (size <= 1) return;
    const workerData = {
      tsxApi: import.meta.resolve('tsx/esm/api'),
      fitUrl: new URL('./fit.ts', import.meta.url).href,
    };
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      worker.unref();
      let onReady: () => void = () => {};
      let onFail: (e: Error) => void = () => {};
      const ready = new Promise<void>((res, rej) => {
        onReady = res;
        onFail = rej;
      });
      const slot: Slot = { worker, ready, frames: new Set(), busy: false };
      worker.on('message', (m: any) => {
        if (m.ready) return onReady();
        if (m.fatal) return onFail(new Error(`fit worker failed to start: ${m.fatal}`));
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.slot.busy = false;
        p.task.resolve(m.ok ? (m.r as FitResult) : new Error(m.error));
        this.pump();
      });
      worker.on('error', (e) => onFail(e));
      this.slots.push(slot);
    }
  }

  /** Fits one family on one window; errors (INSUFFICIENT_ROWS…) come back as values. */
  fit(
    frameKey: string,
    frame: FeatureFrame,
    family: Family,
    window: TrainingWindow,
  ): Promise<FitResult | Error> {
    if (this.size <= 1) {
      try {
        return Promise.resolve(fitFamily(frame, family, window, this.settings));
      } catch (e) {
        return Promise.resolve(e as Error);
      }
    }
    return new Promise((resolve) => {
      this.queue.push({ key: frameKey, frame, family, window, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || !this.queue.length) continue;
      const task = this.queue.shift()!;
      slot.busy = true;
      const id = ++this.seq;
      this.pending.set(id, { task, slot });
      slot.ready.then(
        () => {
          if (!slot.frames.has(task.key)) {
            slot.worker.postMessage({ type: 'frame', key: task.key, frame: task.frame });
            slot.frames.add(task.key);
          }
          slot.worker.postMessage({
            type: 'fit',
            id,
            key: task.key,
            family: task.family,
            window: task.window,
            settings: { ...this.settings, threads: 1 },
          });
        },
        () => {
          // A worker that cannot start (no tsx in this runtime…): fit inline instead.
          this.pending.delete(id);
          slot.busy = false;
          try {
            task.resolve(fitFamily(task.frame, task.family, task.window, this.settings));
          } catch (e) {
            task.resolve(e as Error);
          }
          this.pump();
        },
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
