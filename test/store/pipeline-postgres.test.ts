import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { silentLogger } from '../../src/config/log.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';
import { openPgTestStore, pgSkip } from './pg-helpers.ts';
import { assertSubstantial, pipelineConfig, runPipeline, TABLES } from './pipeline-compare.ts';

/**
 * The whole simulated pipeline on PostgreSQL gives the rows it gives on DuckDB: a small league
 * is simulated into each store, then `daily` runs the last dates (grade, features, train,
 * predict, best bets, publish) and every output table is compared row for row, keyed, all
 * columns but the ones that name a run or a wall-clock instant.
 */

test('the simulated pipeline on PostgreSQL writes the same rows as on DuckDB', { skip: pgSkip }, async () => {
  const loaded = pipelineConfig();
  const dir = mkdtempSync(join(tmpdir(), 'ce-pg-pipeline-'));
  const duck = await openMemoryStore();
  const pg = await openPgTestStore();
  try {
    const app = (store: Store, sub: string): App => ({
      store,
      config: { ...loaded.config, publish: { ...loaded.config.publish, dir: join(dir, sub) } },
      configHash: loaded.hash,
      log: silentLogger,
    });
    const a = await runPipeline(app(duck, 'duck'));
    const b = await runPipeline(app(pg, 'pg'));
    assert.equal(b.sim.digest, a.sim.digest);
    assert.deepEqual(b.phases, a.phases);
    assertSubstantial(a.snap);
    for (const t of Object.keys(TABLES)) assert.deepEqual(b.snap[t], a.snap[t], `table ${t}`);
  } finally {
    await duck.close();
    await pg.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
