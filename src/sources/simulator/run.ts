import { Worker } from 'node:worker_threads';
import type { Logger } from '../../config/log.ts';
import { silentLogger } from '../../config/log.ts';
import { claimStoreKind, getMeta, setMeta } from '../../store/meta.ts';
import type { Queryable, Store } from '../../store/store.ts';
import { type IdentityIndex, loadIdentity, writeAliases } from '../identity.ts';
import { archivePayloads, recordCalls } from '../ingest/archive.ts';
import { ingestMapped } from '../ingest/ingest.ts';
import { addCounts, emptyCounts, type IngestCounts } from '../ingest/types.ts';
import { type Calibration, measureCalibration } from './calibration.ts';
import { type FetchOptions, type FetchResult, fetchLeague, ORDER, type SimBatch, SOURCE } from './fetcher.ts';
import { type PackedBatch, unpackBatch } from './pack.ts';

export { operatorAliases, unaliasedPlayer } from './fetcher.ts';

/**
 * `courtedge simulate` (spec 01 §10): the fetcher (fetcher.ts: league, SimTransport, parse,
 * map) runs in a worker thread and hands over batches of 14 days; this thread writes each batch
 * in one transaction through the shared writers (src/sources/ingest): the raw payloads and
 * calls in bulk, then one `ingestMapped` per payload kind. The two cores work in parallel.
 */

export interface SimulateOptions extends FetchOptions {
  log?: Logger;
  /** identity.candidateMinSimilarity. */
  candidateMinSimilarity?: number;
  /** Run the fetcher in a worker thread (default true). */
  worker?: boolean;
}

export interface SimulateSummary {
  games: number;
  box_scores: number;
  prop_lines: number;
  injuries: number;
  first_date: string;
  last_date: string;
  clock_date: string;
  calibration: Calibration;
  digest: string;
  payloads: number;
  counts: IngestCounts;
  /** Wall milliseconds: league generation, fetch+parse+map+write, calibration. */
  timings: { league_ms: number; ingest_ms: number; calibration_ms: number };
}

/** Runs the fetcher in a worker thread; each batch is written here before the next is taken. */
function fetchInWorker(opts: FetchOptions, write: (b: SimBatch) => Promise<void>): Promise<FetchResult> {
  // A larger young generation: the fetcher allocates mostly short-lived strings and rows
  // (≈ 5% less CPU than the default semi-space).
  const worker = new Worker(new URL('./fetch-thread.mjs', import.meta.url), {
    workerData: opts,
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  return new Promise((resolve, reject) => {
    let chain: Promise<void> = Promise.resolve();
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      void worker.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    worker.on(
      'message',
      (m: { type: string; batch?: PackedBatch; result?: FetchResult; message?: string }) => {
        if (m.type === 'batch') {
          chain = chain.then(async () => {
            if (failed) return;
            await write(unpackBatch(m.batch!));
            worker.postMessage({ type: 'ack' });
          });
          chain.catch(fail);
        } else if (m.type === 'done') {
          chain.then(() => {
            failed = true; // a normal end: the exit that follows is not an error
            void worker.terminate();
            resolve(m.result!);
          }, fail);
        } else if (m.type === 'error') fail(new Error(m.message));
      },
    );
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0 && !failed) fail(new Error(`simulator worker exited with code ${code}`));
    });
  });
}

export async function simulateInto(store: Store, opts: SimulateOptions): Promise<SimulateSummary> {
  const log = opts.log ?? silentLogger;
  await claimStoreKind(store, 'simulated');
  // One league per store: the same seed/teams/days/first season (more seasons or another --to
  // extend it; another league would collide on player ids and games).
  const league = JSON.stringify({ seed: opts.seed, teams: opts.teams, days: opts.days, season: opts.season });
  const held = await getMeta(store, 'simulator_league');
  if (held && held !== league) {
    throw new Error(
      `this store holds another simulated league (${held}); simulate ${league} into a new --store`,
    );
  }
  if (!held) await setMeta(store, 'simulator_league', league);
  const t0 = Date.now();
  const counts = emptyCounts();
  let batches = 0;
  const write = async (p: SimBatch) => {
    await store.transaction(async (tx: Queryable) => {
      if (p.aliases.length) await writeAliases(tx, p.aliases);
      await archivePayloads(tx, p.payloads);
      await recordCalls(tx, p.calls);
      // Odds and injuries resolve names against one index, loaded after the batch's box scores
      // (which add players and team changes); nothing in between writes players.
      let identity: IdentityIndex | undefined;
      for (const kind of ORDER) {
        const merged = p.mapped[kind];
        if (!merged) continue;
        if ((kind === 'odds' || kind === 'injuries') && !identity)
          identity = await loadIdentity(tx, opts.candidateMinSimilarity);
        const c = await ingestMapped(
          tx,
          {
            source: SOURCE[kind],
            payload_sha256: null,
            run_id: opts.runId ?? null,
            candidateMinSimilarity: opts.candidateMinSimilarity,
            identity: kind === 'odds' || kind === 'injuries' ? identity : undefined,
          },
          merged,
        );
        addCounts(counts, c);
      }
    });
    log.debug({ batch: ++batches, payloads: p.calls.length }, 'simulated batch written');
  };
  const fetchOpts: FetchOptions = {
    seed: opts.seed,
    seasons: opts.seasons,
    teams: opts.teams,
    days: opts.days,
    season: opts.season,
    to: opts.to ?? null,
    batchDays: opts.batchDays,
    runId: opts.runId ?? null,
  };
  const fetched =
    opts.worker === false ? await fetchLeague(fetchOpts, write) : await fetchInWorker(fetchOpts, write);
  log.info({ payloads: fetched.payloads, ms: Date.now() - t0 }, 'simulated league ingested');
  await setMeta(store, 'clock_date', fetched.clock_date);
  const tIngested = Date.now();
  const calibration = await measureCalibration(store, { from: fetched.first_date, to: fetched.clock_date });
  const tCalibrated = Date.now();
  const [totals] = await store.query<{
    games: number;
    box_scores: number;
    prop_lines: number;
    injuries: number;
  }>(
    `SELECT (SELECT count(*) FROM games WHERE source LIKE 'sim:%') AS games,
            (SELECT count(*) FROM box_scores WHERE source LIKE 'sim:%') AS box_scores,
            (SELECT count(*) FROM prop_lines WHERE source LIKE 'sim:%') AS prop_lines,
            (SELECT count(*) FROM injury_reports WHERE source LIKE 'sim:%') AS injuries`,
  );
  return {
    games: Number(totals.games),
    box_scores: Number(totals.box_scores),
    prop_lines: Number(totals.prop_lines),
    injuries: Number(totals.injuries),
    first_date: fetched.first_date,
    last_date: fetched.last_date,
    clock_date: fetched.clock_date,
    calibration,
    digest: fetched.digest,
    payloads: fetched.payloads,
    counts,
    timings: {
      league_ms: fetched.league_ms,
      ingest_ms: tIngested - t0 - fetched.league_ms,
      calibration_ms: tCalibrated - tIngested,
    },
  };
}
