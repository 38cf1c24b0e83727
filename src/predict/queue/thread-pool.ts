import { Worker } from 'node:worker_threads';
import type { ChunkPayload, ChunkResult } from '../types.ts';
import type { ArtifactTexts } from '../worker.ts';
import { PermanentJobError } from './index.ts';

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  /** Artifact hashes this thread was given (preloaded or computed with): no need to send them. */
  models: Set<string>;
}

type Waiter = (slot: Slot) => void;

/**
 * A fixed pool of worker threads computing chunks (spec 04 §7 in-process). Each thread keeps
 * its parsed models; artifacts are sent to a thread only when it asks for them. A task
 * whose signal aborts (job expired) has its thread terminated and replaced.
 */
export class ChunkThreadPool {
  private slots: Slot[] = [];
  private waiters: Waiter[] = [];
  private seq = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly modelCacheSize = 32,
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./thread-entry.mjs', import.meta.url), {
      workerData: { modelCacheSize: this.modelCacheSize },
    });
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (m?.ready) {
          worker.off('message', onMsg);
          resolve();
        }
      };
      worker.on('message', onMsg);
      worker.once('error', reject);
    });
    ready.catch(() => undefined);
    return { worker, ready, busy: false, models: new Set() };
  }

  /** Resolves once every thread has started (a warm pool for benchmarks). */
  async warm(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  private acquire(): Promise<Slot> {
    const free = this.slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(slot: Slot): void {
    const next = this.waiters.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  private replace(slot: Slot): Slot {
    void slot.worker.terminate();
    const fresh = this.spawn();
    fresh.busy = true;
    this.slots[this.slots.indexOf(slot)] = fresh;
    return fresh;
  }

  /**
   * Sends models to every thread that has not had them yet, to be parsed while the caller
   * does other work (a batch's feature rebuild) instead of when the first chunk arrives.
   * Their texts are read once for all threads. Best effort: a thread that lacks a model
   * when a chunk comes asks for it as before.
   */
  async preload(
    refs: ReadonlyArray<{ artifact_hash: string; contract_hash: string }>,
    fetchTexts: (hashes: string[]) => Promise<ArtifactTexts>,
  ): Promise<void> {
    if (this.closed) return;
    const missing = [...new Set(refs.map((r) => r.artifact_hash))].filter((h) =>
      this.slots.some((s) => !s.models.has(h)),
    );
    if (!missing.length) return;
    const texts = await fetchTexts(missing);
    for (const slot of this.slots) {
      const want = refs.filter((r) => missing.includes(r.artifact_hash) && !slot.models.has(r.artifact_hash));
      if (!want.length) continue;
      for (const r of want) slot.models.add(r.artifact_hash);
      slot.worker.postMessage({ preload: want, texts });
    }
  }

  async compute(
    payload: ChunkPayload,
    fetchTexts: (hashes: string[]) => Promise<ArtifactTexts>,
    signal?: AbortSignal,
  ): Promise<ChunkResult> {
    if (this.closed) throw new Error('thread pool closed');
    let slot = await this.acquire();
    try {
      await slot.ready;
      let texts: ArtifactTexts = {};
      for (let round = 0; round < 3; round++) {
        const reply = await this.ask(slot, payload, texts, signal).catch((e) => {
          // Expired (aborted) or crashed: the thread may be stuck or gone; start a fresh one.
          slot = this.replace(slot);
          throw e;
        });
        if ('result' in reply) {
          for (const m of payload.models) slot.models.add(m.artifact_hash);
          return reply.result as ChunkResult;
        }
        if ('error' in reply) {
          throw reply.permanent
            ? new PermanentJobError(reply.error as string)
            : new Error(reply.error as string);
        }
        texts = { ...texts, ...(await fetchTexts(reply.need as string[])) };
      }
      throw new Error('worker thread kept asking for artifacts');
    } finally {
      this.release(slot);
    }
  }

  private ask(slot: Slot, payload: ChunkPayload, texts: ArtifactTexts, signal?: AbortSignal): Promise<any> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        slot.worker.off('message', onMsg);
        slot.worker.off('error', onErr);
        signal?.removeEventListener('abort', onAbort);
      };
      const onMsg = (m: { id?: number }) => {
        if (m?.id !== id) return;
        cleanup();
        resolve(m);
      };
      const onErr = (e: Error) => {
        cleanup();
        reject(e);
      };
      const onAbort = () => {
        cleanup();
        reject(signal?.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return onAbort();
      slot.worker.on('message', onMsg);
      slot.worker.once('error', onErr);
      signal?.addEventListener('abort', onAbort, { once: true });
      slot.worker.postMessage({ id, payload, texts });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
