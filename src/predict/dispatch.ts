import type { Consensus } from '../domain/lines.ts';
import { noVigOver } from '../domain/model-bundle.ts';
import { json } from '../store/store.ts';
import type { BatchRow } from './batches.ts';
import { finalizeAccounted } from './finalize.ts';
import type { ViablePlayer } from './quality-gate.ts';
import type { PredictRuntime } from './runtime.ts';
import type { ChunkPayload, EnabledModel } from './types.ts';

export interface DispatchInput {
  batch: BatchRow;
  steps: Record<string, any>;
  models: EnabledModel[];
  viable: ViablePlayer[];
  consensus: Map<string, Consensus>;
  tips: Map<string, string>;
  nCandidates: number;
}

/**
 * Pure: viable players sorted by (tip-off, game_id, player_id) cut into chunks of
 * `chunkSize`, each payload carrying everything a stateless worker needs (spec 04 §4.4).
 */
/**
 * p_final's market input (probabilities issue): the no-vig over probability of the first book of
 * `bookPriority` (then alphabetical) among the consensus's books quoting the line with both
 * prices — the same book rule as the backtest's prices, which the calibration was fitted on.
 */
export function marketProbability(
  con: Consensus | undefined,
  bookPriority: readonly string[],
): number | null {
  if (!con || con.line === null) return null;
  const rank = (b: string) => {
    const i = bookPriority.indexOf(b);
    return i < 0 ? bookPriority.length : i;
  };
  const quoting = con.contributing
    .filter((b) => b.line === con.line && noVigOver(b.over_price, b.under_price) !== null)
    .sort((a, b) => rank(a.book) - rank(b.book) || (a.book < b.book ? -1 : a.book > b.book ? 1 : 0));
  return quoting.length ? noVigOver(quoting[0].over_price, quoting[0].under_price) : null;
}

export function buildChunks(
  input: DispatchInput,
  chunkSize: number,
  bookPriority: readonly string[] = [],
): ChunkPayload[] {
  const b = input.batch;
  const sorted = [...input.viable].sort((x, y) => {
    const tx = input.tips.get(x.game_id) ?? '';
    const ty = input.tips.get(y.game_id) ?? '';
    if (tx !== ty) return tx < ty ? -1 : 1;
    if (x.game_id !== y.game_id) return x.game_id < y.game_id ? -1 : 1;
    return x.player_id - y.player_id;
  });
  const bySystem = new Map(input.models.map((m) => [m.system_id, m]));
  const chunks: ChunkPayload[] = [];
  for (let i = 0; i < sorted.length; i += chunkSize) {
    const players = sorted.slice(i, i + chunkSize);
    const used = new Set(players.flatMap((p) => p.systems));
    chunks.push({
      batch_id: b.batch_id,
      chunk_no: chunks.length,
      game_date: b.game_date,
      mode: b.mode,
      as_of: b.as_of ?? new Date(0).toISOString(),
      models: input.models
        .filter((m) => used.has(m.system_id))
        .map((m) => ({
          system_id: m.system_id,
          artifact_hash: m.artifact_hash,
          family: m.family,
          feature_set: m.feature_set,
          contract_hash: m.contract_hash,
          min_edge: m.min_edge,
        })),
      players: players.map((p) => {
        const con = input.consensus.get(`${p.game_id}|${p.player_id}`);
        const features: ChunkPayload['players'][number]['features'] = {};
        for (const sys of p.systems) {
          const set = bySystem.get(sys)!.feature_set;
          const r = p.features[set];
          features[set] = {
            feature_set_version: r.feature_set_version,
            contract_hash: r.contract_hash,
            quality: r.quality_score,
            ready: r.is_quality_ready && r.required_defaults === 0,
            computed_at: r.computed_at,
            values: r.values,
          };
        }
        return {
          player_id: p.player_id,
          game_id: p.game_id,
          line: p.line,
          book: con?.line === null || con?.line === undefined ? null : con.book,
          n_books: con?.line === null || con?.line === undefined ? 0 : con.n_books,
          odds_captured_at: con?.line === null || con?.line === undefined ? null : con.odds_captured_at,
          p_market: marketProbability(con, bookPriority),
          systems: p.systems,
          features,
        };
      }),
    });
  }
  return chunks;
}

/**
 * Writes the chunks and moves the batch on in one transaction, then enqueues one
 * predict.chunk job per chunk. Zero viable players ⇒ the batch is finalized at once.
 * Returns the number of chunks.
 */
export async function dispatch(rt: PredictRuntime, input: DispatchInput): Promise<number> {
  const t0 = performance.now();
  const startedAt = rt.now().toISOString();
  const chunks = buildChunks(input, rt.config.predict.chunkSize, rt.config.models.backtest.bookPriority);
  const requested = new Map<string, number>();
  for (const p of input.viable) for (const s of p.systems) requested.set(s, (requested.get(s) ?? 0) + 1);
  const systems = input.models.map((m) => ({
    system_id: m.system_id,
    family: m.family,
    feature_set: m.feature_set,
    artifact_hash: m.artifact_hash,
    status: 'pending',
    reason: null,
    n_requested: requested.get(m.system_id) ?? 0,
    n_predictions: 0,
  }));
  input.steps.dispatch = { started_at: startedAt, ms: 0, chunks: chunks.length };
  const batchId = input.batch.batch_id;
  const now = rt.now().toISOString();
  const ok = await rt.commitLock
    .run(() =>
      rt.store.transaction(async (tx) => {
        input.steps.dispatch.ms = Math.round(performance.now() - t0);
        // The batch row first: a duplicate coordinator (a retried job) finds n_chunks set or the
        // step moved on and stops here, before writing a second set of chunks.
        const n = await tx.run(
          `UPDATE prediction_batches SET n_chunks = $2, n_viable = $3, n_candidates = $4, systems = $5::JSON,
             steps = $6::JSON, last_progress_at = $7::TIMESTAMPTZ
           WHERE batch_id = $1 AND status = 'running' AND current_step = 'dispatch' AND n_chunks = 0
             AND chunks_done = 0 AND chunks_failed = 0`,
          [
            batchId,
            chunks.length,
            input.viable.length,
            input.nCandidates,
            json(systems),
            json(input.steps),
            now,
          ],
        );
        if (!n) throw new Error('__lost__');
        await tx.insertMany(
          'prediction_requests',
          ['batch_id', 'chunk_no', 'status', 'attempts', 'n_players', 'payload', 'enqueued_at'],
          chunks.map((c) => [batchId, c.chunk_no, 'queued', 0, c.players.length, JSON.stringify(c), now]),
        );
        if (chunks.length === 0) await finalizeAccounted(rt, tx, batchId);
        return true;
      }),
    )
    .catch((e) => {
      if ((e as Error).message === '__lost__') return false;
      throw e;
    });
  if (!ok) return 0;
  if (chunks.length === 0) {
    await rt.afterFinalize(batchId);
    return 0;
  }
  // Each chunk row records its job's id when the job claims it (prediction_requests.job_id).
  for (const c of chunks) {
    await rt.queue.send(
      'predict.chunk',
      { batch_id: batchId, chunk_no: c.chunk_no },
      { tries: rt.config.predict.chunkMaxAttempts, expireInSeconds: rt.config.predict.chunkExpiryS },
    );
  }
  rt.notify(batchId);
  return chunks.length;
}
