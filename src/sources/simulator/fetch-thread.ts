import { parentPort, workerData } from 'node:worker_threads';
import { type FetchOptions, fetchLeague, type SimBatch } from './fetcher.ts';
import { packBatch } from './pack.ts';

/**
 * The fetcher in a worker thread: posts each batch to the writer thread and keeps computing
 * the next one; it waits only when two batches are unacknowledged (bounded memory).
 */
const port = parentPort!;
let unacked = 0;
let wake: (() => void) | null = null;
port.on('message', (m: { type: string }) => {
  if (m.type !== 'ack') return;
  unacked--;
  const w = wake;
  wake = null;
  w?.();
});

async function onBatch(b: SimBatch): Promise<void> {
  while (unacked >= 2) await new Promise<void>((r) => (wake = r));
  unacked++;
  port.postMessage({ type: 'batch', batch: packBatch(b) });
}

try {
  const result = await fetchLeague(workerData as FetchOptions, onBatch);
  while (unacked > 0) await new Promise<void>((r) => (wake = r));
  port.postMessage({ type: 'done', result });
} catch (e) {
  port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
