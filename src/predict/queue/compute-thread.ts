import { parentPort, workerData } from 'node:worker_threads';
import { chunkPayloadSchema } from '../types.ts';
import { type ArtifactTexts, computeChunk, ModelCache, missingArtifacts } from '../worker.ts';

/**
 * One pool thread: keeps its own model cache (parsed once per artifact hash) and computes
 * chunks. Protocol: {id, payload, texts} → {id, need} when it lacks artifacts the caller did
 * not send, else {id, result} or {id, error}.
 */
const cache = new ModelCache((workerData?.modelCacheSize as number) ?? 32);

parentPort!.on('message', (msg: { id: number; payload: unknown; texts: ArtifactTexts }) => {
  const check = chunkPayloadSchema.safeParse(msg.payload);
  if (!check.success) {
    parentPort!.postMessage({
      id: msg.id,
      error: `invalid chunk payload: ${check.error.message}`,
      permanent: true,
    });
    return;
  }
  try {
    const payload = check.data;
    const need = missingArtifacts(payload, cache, msg.texts);
    if (need.length) {
      parentPort!.postMessage({ id: msg.id, need });
      return;
    }
    parentPort!.postMessage({ id: msg.id, result: computeChunk(payload, cache, msg.texts) });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message });
  }
});
parentPort!.postMessage({ ready: true });
