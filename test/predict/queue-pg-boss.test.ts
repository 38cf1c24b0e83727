import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PermanentJobError } from '../../src/predict/queue/index.ts';
import { PgBossQueue } from '../../src/predict/queue/pg-boss.ts';
import { openPgTestStore, PG_TEST_URL, pgSkip } from '../store/pg-helpers.ts';

/** Waits until cond() holds, polling; fails after `ms`. */
async function until(cond: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`condition not reached in time: ${cond.toString().slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('pg-boss queue: retries a throwing job, expires a stuck one, exhausts after its tries', {
  skip: pgSkip,
}, async () => {
  const schema = `boss_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const q = await PgBossQueue.open({ connectionString: PG_TEST_URL, schema, maintenanceIntervalSeconds: 1 });
  try {
    const tries = new Map<string, number>();
    const exhausted: Array<[unknown, string]> = [];
    await q.work('predict.chunk', { concurrency: 3 }, async (job) => {
      const d = job.data as { kind: string };
      tries.set(d.kind, (tries.get(d.kind) ?? 0) + 1);
      if (d.kind === 'flaky' && job.attempt === 1) throw new Error('boom');
      if (d.kind === 'always') throw new Error('always');
      if (d.kind === 'stuck' && job.attempt === 1) {
        await new Promise((r) => setTimeout(r, 3000));
        assert.ok(job.signal.aborted, 'the expired job was told to stop');
      }
      if (d.kind === 'invalid') throw new PermanentJobError('bad payload');
    });
    q.onExhausted('predict.chunk', async (job, error) => {
      exhausted.push([job.data, error]);
    });
    for (const kind of ['ok', 'flaky', 'always', 'stuck', 'invalid']) {
      await q.send('predict.chunk', { kind }, { tries: 3, expireInSeconds: kind === 'stuck' ? 1 : 30 });
    }
    await until(
      () =>
        exhausted.length === 2 &&
        (tries.get('stuck') ?? 0) >= 2 &&
        tries.has('ok') &&
        (tries.get('flaky') ?? 0) >= 2,
    );
    await until(
      async () => (await q.depth())['predict.chunk'].queued + (await q.depth())['predict.chunk'].active === 0,
    );
    assert.deepEqual(Object.fromEntries([...tries].sort()), {
      always: 3,
      flaky: 2,
      invalid: 1,
      ok: 1,
      stuck: 2,
    });
    exhausted.sort((a, b) => String((a[0] as any).kind).localeCompare(String((b[0] as any).kind)));
    assert.deepEqual(exhausted, [
      [{ kind: 'always' }, 'always'],
      [{ kind: 'invalid' }, 'bad payload'],
    ]);
  } finally {
    await q.stop();
  }
});

test('pg-boss queue: a waiting job is one job per singleton key; send joins the caller transaction', {
  skip: pgSkip,
}, async () => {
  const store = await openPgTestStore({ migrated: false });
  const schema = `boss_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  // Send-only: nothing in this process consumes, so the jobs stay waiting where we can count them.
  const q = await PgBossQueue.open({ connectionString: PG_TEST_URL, schema, consume: false });
  try {
    const opts = { tries: 3, expireInSeconds: 30 };
    const a = await q.send('predict.coordinate', { batch_id: 'pb_1' }, opts);
    const b = await q.send('predict.coordinate', { batch_id: 'pb_1' }, opts);
    assert.ok(a);
    assert.equal(b, '', 'the second send of a waiting job is the same job');
    await q.send('predict.chunk', { batch_id: 'pb_1', chunk_no: 0 }, opts);
    await q.send('predict.chunk', { batch_id: 'pb_1', chunk_no: 1 }, opts);
    await q.send('predict.chunk', { batch_id: 'pb_1', chunk_no: 1 }, opts);
    // Rolled back with the caller's rows: no job. Committed: the job.
    await assert.rejects(
      store.transaction(async (tx) => {
        await q.send('predict.coordinate', { batch_id: 'pb_rolled_back' }, opts, tx);
        throw new Error('boom');
      }),
      /boom/,
    );
    await store.transaction(async (tx) => {
      await q.send('predict.coordinate', { batch_id: 'pb_2' }, opts, tx);
    });
    const depth = await q.depth();
    assert.deepEqual(depth['predict.coordinate'], { queued: 2, active: 0 });
    assert.deepEqual(depth['predict.chunk'], { queued: 2, active: 0 });
    const keys = await store.query<{ k: string }>(
      `SELECT singleton_key AS k FROM ${schema}.job WHERE name = 'predict.coordinate' ORDER BY 1`,
    );
    assert.deepEqual(
      keys.map((r) => r.k),
      ['pb_1', 'pb_2'],
    );
  } finally {
    await q.stop();
    await store.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store.close();
  }
});
