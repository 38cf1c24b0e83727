import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveToday, setClockDate } from '../../src/store/clock.ts';
import { claimStoreKind } from '../../src/store/meta.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import { getRun, listRuns, withRun } from '../../src/store/runs.ts';

test('a succeeding phase run is recorded with its counts', async () => {
  const store = await openMemoryStore();
  const out = await withRun(
    store,
    { phase: 'features', date: '2025-11-01', configHash: 'abc' },
    async (run) => {
      assert.match(run.runId, /^run_\d{8}_\d{6}_[0-9a-f]{4}$/);
      const [row] = await store.query('SELECT status FROM pipeline_runs WHERE run_id = $1', [run.runId]);
      assert.equal(row.status, 'running');
      run.counts.rows = 42;
      return 'done';
    },
  );
  assert.equal(out, 'done');
  const [r] = await listRuns(store, { phase: 'features' });
  assert.equal(r.status, 'succeeded');
  assert.deepEqual(r.counts, { rows: 42 });
  assert.equal(r.date, '2025-11-01');
  assert.equal(r.config_hash, 'abc');
  assert.ok(r.finished_at && r.duration_ms !== null && r.duration_ms >= 0);
  await store.close();
});

test('a run that throws is recorded as failed with the error, never left running', async () => {
  const store = await openMemoryStore();
  let id = '';
  await assert.rejects(
    withRun(store, { phase: 'predict', configHash: 'h' }, async (run) => {
      id = run.runId;
      run.counts.partial = 1;
      throw new Error('no models enabled');
    }),
    /no models enabled/,
  );
  const r = await getRun(store, id);
  assert.equal(r?.status, 'failed');
  assert.equal(r?.error, 'no models enabled');
  assert.deepEqual(r?.counts, { partial: 1 });
  await store.close();
});

test('today: --date, then config, then a simulated clock, then the real date', async () => {
  const store = await openMemoryStore();
  const now = new Date('2025-11-05T03:00:00Z');
  assert.deepEqual(await resolveToday(store, { now }), { date: '2025-11-04', source: 'real' });
  await assert.rejects(setClockDate(store, '2031-11-01'), /only be set on a simulated store/);
  await claimStoreKind(store, 'simulated');
  await setClockDate(store, '2031-11-01');
  assert.deepEqual(await resolveToday(store, { now }), { date: '2031-11-01', source: 'clock' });
  assert.deepEqual(await resolveToday(store, { now, configToday: '2031-12-01' }), {
    date: '2031-12-01',
    source: 'config',
  });
  assert.deepEqual(await resolveToday(store, { now, date: '2031-12-02', configToday: '2031-12-01' }), {
    date: '2031-12-02',
    source: 'option',
  });
  await store.close();
});

test('timeId never repeats itself within a second in one process (a grading pass opens many runs)', async () => {
  const { timeId } = await import('../../src/domain/ids.ts');
  const at = new Date('2025-11-05T12:00:00.000Z');
  const ids = Array.from({ length: 5000 }, () => timeId('run', at));
  assert.equal(new Set(ids).size, 5000);
  for (const id of ids.slice(0, 5)) assert.match(id, /^run_20251105_120000_[0-9a-f]{4}$/);
});
