import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openPgTestStore, pgSkip } from '../store/pg-helpers.ts';
import { publishFixture } from './fixture.ts';

/**
 * The same seeded season on DuckDB and on PostgreSQL, graded and exported by the same code,
 * gives the same bytes for every file (the dashboard's run log aside: run ids and start times
 * are the wall clock's).
 */
test('exports on PostgreSQL are byte-identical to DuckDB', { skip: pgSkip }, async () => {
  const duck = await publishFixture();
  const pg = await publishFixture({ store: await openPgTestStore() });
  try {
    assert.deepEqual(
      pg.export.files.map((f) => f.path),
      duck.export.files.map((f) => f.path),
    );
    for (const f of duck.export.files) {
      const a = readFileSync(join(duck.dir, f.path), 'utf8');
      const b = readFileSync(join(pg.dir, f.path), 'utf8');
      if (f.path === 'v1/admin/dashboard.json') {
        const strip = (t: string) => ({ ...JSON.parse(t), pipeline_runs: null });
        assert.deepEqual(strip(b), strip(a), f.path);
      } else assert.equal(b, a, f.path);
    }
  } finally {
    await duck.close();
    await pg.close();
  }
});
