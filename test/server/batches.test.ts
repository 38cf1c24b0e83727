import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { App } from '../../src/orchestrate/app.ts';
import { predictRuntime, startBatch } from '../../src/orchestrate/predict.ts';
import { InProcessQueue } from '../../src/predict/queue/in-process.ts';
import type { JobQueue, QueueName, SendOptions } from '../../src/predict/queue/index.ts';
import { buildServer } from '../../src/server/index.ts';
import { makeApp, TOKEN, tempDir } from './helpers.ts';

/**
 * The real in-process queue, except that coordinator jobs wait at a gate: the batch stays
 * `queued` until the test opens it, so "while it runs" holds by construction, not by timing.
 */
class GatedQueue implements JobQueue {
  private inner = new InProcessQueue();
  private open!: () => void;
  private gate = new Promise<void>((r) => {
    this.open = r;
  });
  release(): void {
    this.open();
  }
  async send(queue: QueueName, data: unknown, opts: SendOptions): Promise<string> {
    if (queue === 'predict.coordinate') await this.gate;
    return this.inner.send(queue, data, opts);
  }
  work: JobQueue['work'] = (q, o, h) => this.inner.work(q, o, h);
  onExhausted: JobQueue['onExhausted'] = (q, h) => this.inner.onExhausted(q, h);
  cancel: JobQueue['cancel'] = (q, ids) => this.inner.cancel(q, ids);
  stop: JobQueue['stop'] = () => this.inner.stop();
}

async function batchStatus(app: App, id: string): Promise<string> {
  const rows = await app.store.query<{ status: string }>(
    'SELECT status FROM prediction_batches WHERE batch_id = $1',
    [id],
  );
  return rows[0]?.status ?? 'missing';
}

test('10 concurrent POST /api/admin/batches for one date and mode → one batch_id (202 once, 409 nine times)', async () => {
  const app = await makeApp({
    COURTEDGE_TODAY: '2026-01-15',
    COURTEDGE_SERVER_RATE_LIMIT_ADMIN_PER_MINUTE: '1000',
  });
  const queue = new GatedQueue();
  const tmp = tempDir();
  const srv = await buildServer({
    app,
    exportDir: tmp.dir,
    webDir: null,
    predict: { queue, threads: 0, watchdog: false },
  });
  try {
    const post = (body: unknown) =>
      srv.fastify.inject({
        method: 'POST',
        url: '/api/admin/batches',
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: body as any,
      });
    const rs = await Promise.all(
      Array.from({ length: 10 }, () => post({ date: '2026-01-15', mode: 'FIRST' })),
    );
    const codes = rs.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [202, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const bodies = rs.map((r) => JSON.parse(r.body));
    const started = bodies.find((b) => !b.error);
    assert.match(started.batch_id, /^pb_20\d{6}_\d{6}_[0-9a-f]{4}$/);
    assert.match(started.run_id, /^run_/);
    const ids = new Set(bodies.map((b) => b.batch_id));
    assert.equal(ids.size, 1, JSON.stringify(bodies));
    for (const b of bodies.filter((x) => x.error)) {
      assert.equal(b.error, 'already_running');
      assert.equal(b.status, 'queued');
    }
    const n = await app.store.query<{ n: number }>(
      "SELECT COUNT(*)::INT AS n FROM prediction_batches WHERE game_date = '2026-01-15'::DATE",
    );
    assert.equal(n[0].n, 1);
    // A second runtime of this process (the scheduler's daily run makes its own) starting a
    // batch must not take the server's running batch for an orphan of a dead process.
    const other = predictRuntime(app, { queue: new GatedQueue(), threads: 0, watchdog: false });
    const started2 = await startBatch(other, { date: '2026-01-15', mode: 'LAST_CALL', requestedBy: 'test' });
    assert.equal(started2.outcome, 'started');
    assert.equal(await batchStatus(app, started.batch_id), 'queued');
    await other.close();
    // Another mode of the same date is other work.
    const retry = await post({ date: '2026-01-15', mode: 'RETRY' });
    assert.equal(retry.statusCode, 202);
    assert.notEqual(JSON.parse(retry.body).batch_id, started.batch_id);
    // A date outside the modes' window is the use case's refusal: 400 with its message.
    const far = await post({ date: '2026-03-01', mode: 'FIRST' });
    assert.equal(far.statusCode, 400);
    assert.equal(JSON.parse(far.body).error, 'bad_request');
    // Once the batch has ended, a new start is a new batch.
    queue.release();
    for (
      let i = 0;
      i < 200 && !['complete', 'partial', 'failed'].includes(await batchStatus(app, started.batch_id));
      i++
    )
      await new Promise((r) => setTimeout(r, 25));
    assert.match(await batchStatus(app, started.batch_id), /^(complete|partial|failed)$/);
    const again = await post({ date: '2026-01-15', mode: 'FIRST' });
    assert.equal(again.statusCode, 202);
    assert.notEqual(JSON.parse(again.body).batch_id, started.batch_id);
  } finally {
    queue.release();
    await srv.fastify.close();
    await app.store.close();
    tmp.cleanup();
  }
});
