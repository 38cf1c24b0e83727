import { type LoadedModel, loadModel, ModelLoadError, scoreRaw } from './model-runtime.ts';
import type { ChunkPayload, ChunkResult, ModelRef, PredictionRow } from './types.ts';

/**
 * The stateless half of a worker (spec 04 §5 steps 2-3): models from a per-process cache
 * keyed by artifact hash, one Float32Array and one predict call per model, then scoring.
 * Pure apart from the cache; runs in a worker thread in-process, in `courtedge worker` later.
 */

/** Parsed models by artifact hash, least recently used evicted (predict.modelCacheSize). */
export class ModelCache {
  private map = new Map<string, LoadedModel>();
  constructor(private readonly size: number) {}
  get(hash: string): LoadedModel | undefined {
    const m = this.map.get(hash);
    if (m) {
      this.map.delete(hash);
      this.map.set(hash, m);
    }
    return m;
  }
  set(hash: string, m: LoadedModel): void {
    this.map.delete(hash);
    this.map.set(hash, m);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
  has(hash: string): boolean {
    return this.map.has(hash);
  }
}

/** Artifact text by hash, as far as the caller has it (undefined = not sent, null = not in store). */
export type ArtifactTexts = Record<string, string | null | undefined>;

/** Hashes the cache lacks and the caller did not send: ask for them and call again. */
export function missingArtifacts(payload: ChunkPayload, cache: ModelCache, texts: ArtifactTexts): string[] {
  return [...new Set(payload.models.map((m) => m.artifact_hash))].filter(
    (h) => !cache.has(h) && texts[h] === undefined,
  );
}

function modelFor(ref: ModelRef, cache: ModelCache, texts: ArtifactTexts): LoadedModel {
  const hit = cache.get(ref.artifact_hash);
  if (hit) {
    if (hit.bundle.contract_hash !== ref.contract_hash) {
      throw new ModelLoadError('FEATURE_CONTRACT_MISMATCH', `bundle contract ≠ ${ref.contract_hash}`);
    }
    return hit;
  }
  const m = loadModel(texts[ref.artifact_hash] ?? null, ref.artifact_hash, ref.contract_hash);
  cache.set(ref.artifact_hash, m);
  return m;
}

/**
 * Parses and caches the given models ahead of their first chunk (the pool sends them while
 * the coordinator rebuilds features). A model that fails to load is left out: its chunk
 * loads it again and records the failure for that system.
 */
export function preloadModels(
  refs: ReadonlyArray<Pick<ModelRef, 'artifact_hash' | 'contract_hash'>>,
  cache: ModelCache,
  texts: ArtifactTexts,
): void {
  for (const ref of refs) {
    if (cache.has(ref.artifact_hash) || texts[ref.artifact_hash] === undefined) continue;
    try {
      cache.set(
        ref.artifact_hash,
        loadModel(texts[ref.artifact_hash] ?? null, ref.artifact_hash, ref.contract_hash),
      );
    } catch {
      // reported by the chunk that needs it
    }
  }
}

export function computeChunk(
  payload: ChunkPayload,
  cache: ModelCache,
  texts: ArtifactTexts = {},
): ChunkResult {
  const result: ChunkResult = { rows: [], failed_systems: [], refused: 0 };
  const refused = new Set<string>();
  for (const ref of payload.models) {
    let model: LoadedModel;
    try {
      model = modelFor(ref, cache, texts);
    } catch (e) {
      const reason = e instanceof ModelLoadError ? e.reason : 'PARSE_ERROR';
      result.failed_systems.push({ system_id: ref.system_id, reason, detail: (e as Error).message });
      continue;
    }
    const nCols = model.bundle.feature_names.length;
    const players = payload.players.filter((p) => {
      if (!p.systems.includes(ref.system_id)) return false;
      const f = p.features[ref.feature_set];
      // Zero tolerance (02 §5): a row not ready, or built under another contract, is refused again here.
      const ok = !!f && f.ready && f.contract_hash === ref.contract_hash && f.values.length === nCols;
      if (!ok) refused.add(`${p.game_id}|${p.player_id}`);
      return ok;
    });
    if (!players.length) continue;
    const X = new Float32Array(players.length * nCols);
    players.forEach((p, i) => {
      const v = p.features[ref.feature_set].values;
      for (let j = 0; j < nCols; j++) X[i * nCols + j] = v[j] ?? Number.NaN;
    });
    let raw: Float64Array;
    try {
      raw = model.predict(X, players.length);
    } catch (e) {
      result.failed_systems.push({
        system_id: ref.system_id,
        reason: 'PREDICT_ERROR',
        detail: (e as Error).message,
      });
      continue;
    }
    players.forEach((p, i) => {
      const f = p.features[ref.feature_set];
      // A residual model predicts line + output: a row without a line has nothing to predict.
      if (model.bundle.target === 'residual' && p.line === null) return;
      const s = scoreRaw(model.bundle, raw[i], p.line, ref.min_edge, p.p_market ?? null);
      const row: PredictionRow = {
        game_id: p.game_id,
        player_id: p.player_id,
        system_id: ref.system_id,
        family: ref.family,
        line: p.line,
        book: p.book,
        n_books: p.n_books,
        ...s,
        feature_set_version: f.feature_set_version,
        feature_quality: f.quality,
        features_computed_at: f.computed_at,
        odds_captured_at: p.odds_captured_at,
      };
      result.rows.push(row);
    });
  }
  result.refused = refused.size;
  return result;
}
