import { parentPort, workerData } from 'node:worker_threads';
import { chunkPayloadSchema } from '../types.ts';
import { type ArtifactTexts, computeChunk, ModelCache, missingArtifacts, preloadModels } from '../worker.ts';

/**
 * One pool thread: keeps its own model cache (parsed once per artifact hash) and computes
 * chunks. Protocol: {id, payload, texts} → {id, need} when it lacks artifacts the caller did
 * not send, else {id, result} or {id, error}; {preload: refs, texts} parses models ahead of
 * their first chunk (no reply).
 */
const cache = new ModelCache((workerData?.modelCacheSize as number) ?? 32);

type Message = {
  id: number;
  payload: unknown;
  texts: ArtifactTexts;
  preload?: Parameters<typeof preloadModels>[0];
};

parentPort!.on('message', (msg: Message) => {
  // A preload (no reply): models to parse before their first chunk arrives.
  if (msg.preload) return preloadModels(msg.preload, cache, msg.texts);
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
