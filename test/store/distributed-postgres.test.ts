import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import { silentLogger } from '../../src/config/log.ts';
import { openMemoryStore, openStore } from '../../src/store/open.ts';
import { freshDatabase, spawnWorker, stopWorker } from './distributed-helpers.ts';
import { pgSkip } from './pg-helpers.ts';
import { assertSubstantial, PIPELINE_ENV, runPipeline, TABLES } from './pipeline-compare.ts';

/**
 * Distributed mode's "done when" (issue 18): the daily run on PostgreSQL with two worker
 * processes taking its jobs from the pg-boss queue writes exactly the rows of the embedded run
 * (DuckDB, in-process queue) on the same simulated league: predictions, picks and grades
 * among the compared tables.
 */
test('daily on PostgreSQL with two worker processes writes the rows of the embedded run', {
  skip: pgSkip,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ce-distributed-'));
  const env = { ...PIPELINE_ENV, COURTEDGE_PUBLISH_DIR: join(dir, 'exports') };
  const db = await freshDatabase('dist');
  const workers: Awaited<ReturnType<typeof spawnWorker>>[] = [];
  const embeddedLoaded = loadConfig({ env });
  const embedded = await openMemoryStore();
  // The coordinating process only sends jobs, so the two `courtedge worker` processes compute
  // every chunk (left to race, the in-process consumer sometimes took them all).
  const loaded = loadConfig({
    env: { ...env, COURTEDGE_DATABASE_URL: db.url, COURTEDGE_PREDICT_TAKE_JOBS: 'false' },
  });
  assert.equal(loaded.hash, embeddedLoaded.hash, 'the URL is runtime-only: same config hash');
  const store = await openStore(loaded.config);
  try {
    const a = await runPipeline({
      store: embedded,
      config: embeddedLoaded.config,
      configHash: embeddedLoaded.hash,
      log: silentLogger,
    });
    const b = await runPipeline(
      { store, config: loaded.config, configHash: loaded.hash, log: silentLogger },
      async () => {
        for (let i = 0; i < 2; i++)
          workers.push(await spawnWorker({ ...env, COURTEDGE_DATABASE_URL: db.url }));
      },
    );
    assert.equal(b.sim.digest, a.sim.digest);
    assert.deepEqual(b.phases, a.phases);
    assertSubstantial(a.snap);
    for (const t of Object.keys(TABLES)) assert.deepEqual(b.snap[t], a.snap[t], `table ${t}`);
    // The workers took jobs (chunk rows name the process that computed them).
    const owners = await store.query<{ w: string; n: number }>(
      `SELECT split_part(worker_id, '/', 1) AS w, count(*)::INTEGER AS n FROM prediction_requests
        WHERE status = 'done' GROUP BY 1`,
    );
    const byWorker = owners.filter((o) => workers.some((w) => w.id === o.w));
    assert.ok(byWorker.length >= 1, `no chunk was computed by a worker process: ${JSON.stringify(owners)}`);
  } finally {
    for (const w of workers) await stopWorker(w);
    await embedded.close();
    await store.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
