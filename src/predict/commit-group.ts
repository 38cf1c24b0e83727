import type { Queryable } from '../store/store.ts';
import { json } from '../store/store.ts';
import { insertPredictions, type PredictionRecord } from '../store/tables/predictions.ts';
import { finalizeAccounted } from './finalize.ts';
import { Grouped, type GroupResult } from './group.ts';
import type { PredictRuntime } from './runtime.ts';
import { isConflict } from './sql.ts';

/** One computed chunk ready to commit (spec 04 §5 step 4). */
export interface ChunkCommit {
  batch_id: string;
  chunk_no: number;
  rows: PredictionRecord[];
  n_players: number;
  failed_systems: unknown[];
}

export type CommitOutcome = 'committed' | 'stale';

/**
 * Group commit of chunk results in one process. Chunks finish in the pool threads faster
 * than DuckDB commits them (a chunk computes in ~5 ms; a commit costs ~10 ms of connection,
 * BEGIN and WAL flush besides its statements), so the results that arrive while the commit
 * lock is held are committed together by the next holder, in one transaction (group.ts).
 * Each chunk stays all or nothing: its request row moves running → done, its rows and its
 * counters are written in that transaction, or none of it is. A group that fails is retried
 * chunk by chunk, so one bad chunk never fails its neighbours. Across processes (PostgreSQL
 * workers) every process groups its own chunks only; the statements are the same.
 */
export function chunkCommitter(rt: PredictRuntime): Grouped<ChunkCommit, CommitOutcome> {
  return new Grouped(rt.commitLock, async (entries) => {
    const results: GroupResult<CommitOutcome>['results'] = [];
    const finalized: string[] = [];
    try {
      const r = await withConflictRetry(() => commitGroup(rt, entries));
      results.push(...r.outcomes.map((ok) => ({ ok })));
      finalized.push(...r.finalized);
    } catch (e) {
      if (entries.length === 1) throw e;
      for (const entry of entries) {
        try {
          const r = await withConflictRetry(() => commitGroup(rt, [entry]));
          results.push({ ok: r.outcomes[0] });
          finalized.push(...r.finalized);
        } catch (err) {
          results.push({ err });
        }
      }
    }
    const after = async () => {
      for (const b of new Set(entries.map((e) => e.batch_id))) rt.notify(b);
      for (const b of finalized) {
        // A lost event is sent again by the watchdog (event_emitted_at stays NULL).
        await rt
          .afterFinalize(b)
          .catch((e) => rt.log.error({ batch_id: b, err: (e as Error).message }, 'after finalize failed'));
      }
    };
    return { results, after };
  });
}

async function withConflictRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (isConflict(e) && attempt < 3) continue;
      throw e;
    }
  }
}

/**
 * One transaction for a group of chunks (called with the commit lock held):
 * 1. each batch of the group: `last_progress_at` WHERE running (spec 04 §5's first statement;
 *    on PostgreSQL the row lock that serializes chunk commits). A batch no longer running
 *    (superseded, stalled, orphaned) ⇒ its chunks are stale and write nothing;
 * 2. each chunk: request row running → done (no row ⇒ another attempt won or it was
 *    cancelled ⇒ stale, writes nothing);
 * 3. the rows of the chunks still in, one insert;
 * 4. each batch: counters; the chunk accounting for the last one finalizes it, in the same
 *    transaction.
 */
async function commitGroup(
  rt: PredictRuntime,
  entries: ChunkCommit[],
): Promise<{ outcomes: CommitOutcome[]; finalized: string[] }> {
  const outcomes: CommitOutcome[] = entries.map(() => 'stale');
  const finalized = await rt.store.transaction(async (tx: Queryable) => {
    const now = rt.now().toISOString();
    const running = new Set<string>();
    for (const b of new Set(entries.map((e) => e.batch_id))) {
      const n = await tx.run(
        `UPDATE prediction_batches SET last_progress_at = $2::TIMESTAMPTZ WHERE batch_id = $1 AND status = 'running'`,
        [b, now],
      );
      if (n) running.add(b);
    }
    const rows: PredictionRecord[] = [];
    const totals = new Map<string, { chunks: number; rows: number; players: number }>();
    for (const [i, e] of entries.entries()) {
      if (!running.has(e.batch_id)) continue;
      const mine = await tx.run(
        `UPDATE prediction_requests SET status = 'done', n_predictions = $3, n_players_predicted = $4,
           failed_systems = $5::JSON, finished_at = $6::TIMESTAMPTZ, error = NULL
         WHERE batch_id = $1 AND chunk_no = $2 AND status = 'running'`,
        [e.batch_id, e.chunk_no, e.rows.length, e.n_players, json(e.failed_systems), now],
      );
      if (!mine) continue;
      outcomes[i] = 'committed';
      // Only one attempt of a chunk gets past the line above, so its rows cannot meet an
      // earlier attempt's: a plain INSERT (the primary key would still refuse a twin).
      rows.push(...e.rows);
      const t = totals.get(e.batch_id) ?? { chunks: 0, rows: 0, players: 0 };
      t.chunks++;
      t.rows += e.rows.length;
      t.players += e.n_players;
      totals.set(e.batch_id, t);
    }
    await insertPredictions(tx, rows);
    const done: string[] = [];
    for (const [b, t] of totals) {
      const counts = await tx.query<{ chunks_done: number; chunks_failed: number; n_chunks: number }>(
        `UPDATE prediction_batches SET chunks_done = chunks_done + $2, n_predictions = n_predictions + $3,
           n_players_predicted = n_players_predicted + $4, last_progress_at = $5::TIMESTAMPTZ
         WHERE batch_id = $1 AND status = 'running' RETURNING chunks_done, chunks_failed, n_chunks`,
        [b, t.chunks, t.rows, t.players, now],
      );
      const c = counts[0];
      if (!c) throw new Error(`batch ${b} stopped running inside the commit of its chunks`);
      if (Number(c.chunks_done) + Number(c.chunks_failed) === Number(c.n_chunks)) {
        if (await finalizeAccounted(rt, tx, b)) done.push(b);
      }
    }
    return done;
  });
  for (const [i, e] of entries.entries()) {
    if (outcomes[i] === 'stale')
      rt.log.debug({ batch_id: e.batch_id, chunk_no: e.chunk_no }, 'chunk commit skipped (stale)');
  }
  return { outcomes, finalized };
}
