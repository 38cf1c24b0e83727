import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBatch } from '../../src/orchestrate/predict.ts';
import { waitForBatch } from '../../src/predict/batches.ts';
import { Grouped } from '../../src/predict/group.ts';
import { Mutex } from '../../src/store/sql.ts';
import { DATE, runtimeFor, seedSlate } from './fixture.ts';

test('Grouped: items that arrive while the lock is held share one run; results go back in order', async () => {
  const lock = new Mutex();
  const runs: number[][] = [];
  const order: string[] = [];
  const g = new Grouped<number, number>(lock, async (items) => {
    runs.push(items);
    return {
      results: items.map((i) => (i === 3 ? { err: new Error('three') } : { ok: i * 10 })),
      after: async () => {
        order.push(`after ${items.join(',')}`);
      },
    };
  });
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const held = lock.run(() => gate);
  const out = [1, 2, 3, 4].map((i) =>
    g.submit(i).then(
      (v) => order.push(`ok ${v}`),
      (e) => order.push(`err ${(e as Error).message}`),
    ),
  );
  release();
  await held;
  await Promise.all(out);
  assert.deepEqual(runs, [[1, 2, 3, 4]]);
  assert.deepEqual(order, ['after 1,2,3,4', 'ok 10', 'ok 20', 'err three', 'ok 40']);
  // Alone, an item runs at once in a group of one.
  assert.equal(await g.submit(5), 50);
  assert.deepEqual(runs.at(-1), [5]);
});

test('Grouped: a run that throws rejects every item of its group, and the next group runs', async () => {
  const lock = new Mutex();
  let fail = true;
  const g = new Grouped<number, number>(lock, async (items) => {
    if (fail) throw new Error('boom');
    return { results: items.map((i) => ({ ok: i })) };
  });
  await assert.rejects(g.submit(1), /boom/);
  fail = false;
  assert.equal(await g.submit(2), 2);
});

test('Grouped: a run that returns too few results rejects the callers left over instead of leaving them pending', async () => {
  const lock = new Mutex();
  const g = new Grouped<number, number>(lock, async (items) => ({
    results: items.slice(1).map((i) => ({ ok: i })),
  }));
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const held = lock.run(() => gate);
  const a = g.submit(1);
  const b = g.submit(2);
  release();
  await held;
  assert.equal(await a, 2);
  await assert.rejects(b, /returned 1 results for 2 items/);
});

test('many chunks: claims and commits are grouped, every chunk done once, no duplicate rows', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate, {
    patch: (c) => {
      c.predict.chunkSize = 3;
    },
  });
  let transactions = 0;
  const tx = rt.store.transaction.bind(rt.store);
  rt.store.transaction = (fn) => {
    transactions++;
    return tx(fn);
  };
  const started = await startBatch(rt, { date: DATE, mode: 'FIRST', requestedBy: 'test' });
  assert.equal(started.outcome, 'started');
  const b = await waitForBatch(rt, started.batch_id);
  assert.equal(b.status, 'complete');
  assert.equal(b.n_chunks, 7);
  assert.equal(b.chunks_done, 7);
  assert.equal(b.n_predictions, 40);
  const chunks = await rt.store.query<{ status: string; attempts: number }>(
    'SELECT status, attempts FROM prediction_requests WHERE batch_id = $1',
    [b.batch_id],
  );
  assert.ok(chunks.every((c) => c.status === 'done' && Number(c.attempts) === 1));
  const keys = await rt.store.query<{ n: number; k: number }>(
    `SELECT count(*) AS n, count(DISTINCT (system_id, game_id, player_id)) AS k FROM predictions WHERE batch_id = $1`,
    [b.batch_id],
  );
  assert.equal(Number(keys[0].n), 40);
  assert.equal(Number(keys[0].k), 40);
  // Features rebuild (fake here: none) + dispatch + fewer commit transactions than chunks.
  assert.ok(transactions < 1 + 7, `${transactions} transactions for 7 chunks`);
  await rt.close();
});

test('a stale chunk in a group writes nothing while the others of the group commit', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate, {
    patch: (c) => {
      c.predict.chunkSize = 5;
    },
    hooks: {
      // Chunk 1 is cancelled between its claim and its commit (as a superseding start
      // would): its commit must find its request row no longer running.
      async beforeCompute(p) {
        if (p.chunk_no === 1 && p.batch_id === first)
          await rt.write(
            `UPDATE prediction_requests SET status = 'cancelled' WHERE batch_id = $1 AND chunk_no = 1`,
            [p.batch_id],
          );
      },
    },
  });
  let first = '';
  const started = await startBatch(rt, { date: DATE, mode: 'FIRST', requestedBy: 'test' });
  assert.equal(started.outcome, 'started');
  first = started.batch_id;
  // Three chunks commit; the cancelled one never counts, so the batch stays running. Wait for
  // that state (up to 60 s: a loaded machine can take seconds), then check it exactly.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [c] = await rt.store.query<{ chunks_done: number; settled: number }>(
      `SELECT b.chunks_done, (SELECT count(*) FROM prediction_requests r
         WHERE r.batch_id = b.batch_id AND r.status IN ('done', 'cancelled')) AS settled
       FROM prediction_batches b WHERE b.batch_id = $1`,
      [started.batch_id],
    );
    if ((Number(c.chunks_done) === 3 && Number(c.settled) === 4) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const rows = await rt.store.query<{ chunk_no: number; status: string; n_predictions: number | null }>(
    'SELECT chunk_no, status, n_predictions FROM prediction_requests WHERE batch_id = $1 ORDER BY chunk_no',
    [started.batch_id],
  );
  assert.deepEqual(
    rows.map((r) => [Number(r.chunk_no), r.status]),
    [
      [0, 'done'],
      [1, 'cancelled'],
      [2, 'done'],
      [3, 'done'],
    ],
  );
  const [{ n }] = await rt.store.query<{ n: number }>(
    'SELECT count(*) AS n FROM predictions WHERE batch_id = $1',
    [started.batch_id],
  );
  assert.equal(Number(n), 30, 'three chunks of five players × two systems');
  // The stuck batch is superseded by a forced start, which predicts everything.
  const again = await startBatch(rt, { date: DATE, mode: 'FIRST', requestedBy: 'test', force: true });
  assert.equal(again.outcome, 'started');
  const b = await waitForBatch(rt, again.batch_id);
  assert.equal(b.status, 'complete');
  assert.equal(b.n_predictions, 40);
  assert.equal((await waitForBatch(rt, first)).failure_reason, 'SUPERSEDED');
  await rt.close();
});
