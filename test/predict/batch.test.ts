import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startBatch } from '../../src/orchestrate/predict.ts';
import { getBatch, listChunks, type StartRequest, waitForBatch } from '../../src/predict/batches.ts';
import type { PredictRuntime } from '../../src/predict/runtime.ts';
import { DATE, NOW, runtimeFor, seedSlate } from './fixture.ts';

const FIRST: StartRequest = { date: DATE, mode: 'FIRST', requestedBy: 'test' };

async function run(rt: PredictRuntime, req: Partial<StartRequest> = {}) {
  const r = await startBatch(rt, { ...FIRST, ...req });
  assert.equal(r.outcome, 'started');
  return waitForBatch(rt, r.batch_id);
}

async function countDuplicates(rt: PredictRuntime): Promise<number> {
  const rows = await rt.store.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT batch_id, system_id, game_id, player_id FROM predictions
       GROUP BY ALL HAVING count(*) > 1)`,
  );
  return Number(rows[0].n);
}

test('10 concurrent starts for one date and mode: one batch, nine conflicts with its id', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate);
  const results = await Promise.all(Array.from({ length: 10 }, () => startBatch(rt, FIRST)));
  const started = results.filter((r) => r.outcome === 'started');
  assert.equal(started.length, 1);
  assert.equal(results.filter((r) => r.outcome === 'conflict').length, 9);
  assert.deepEqual(new Set(results.map((r) => r.batch_id)), new Set([started[0].batch_id]));
  const b = await waitForBatch(rt, started[0].batch_id);
  assert.equal(b.status, 'complete');
  const n = await rt.store.query<{ n: number }>('SELECT count(*) AS n FROM prediction_batches');
  assert.equal(Number(n[0].n), 1);
  // Once finished, a new start makes a new batch; predict-once makes it a no-op.
  const again = await run(rt);
  assert.notEqual(again.batch_id, b.batch_id);
  assert.equal(again.status, 'complete');
  assert.equal(again.n_predictions, 0);
  assert.equal(again.steps.gate.blocked_by_reason.already_predicted, 40);
  await rt.close();
});

test('a batch predicts every viable player with every system; runs, steps and rows are recorded', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate);
  const events: unknown[] = [];
  rt.onPredictionsComplete((e) => events.push(e));
  const b = await run(rt);
  assert.equal(b.status, 'complete');
  assert.equal(b.n_candidates, 20);
  assert.equal(b.n_viable, 20);
  assert.equal(b.n_predictions, 40);
  assert.equal(b.n_chunks, 1);
  assert.equal(slate.rebuilds, 1, 'the batch rebuilds its features first');
  assert.deepEqual(Object.keys(b.steps), [
    'completeness',
    'slate',
    'features',
    'players',
    'lines',
    'gate',
    'dispatch',
    'finalize',
  ]);
  assert.equal(b.steps.completeness.coverage, 1);
  assert.equal(b.steps.lines.with_line + b.steps.lines.NO_PROP_LINE, 20);
  const rows = await rt.store.query<{ recommendation: string; n: number; active: number }>(
    `SELECT recommendation = 'NO_LINE' AS no_line, count(*) AS n, count(*) FILTER (WHERE is_active) AS active,
            count(*) FILTER (WHERE line IS NULL) AS null_lines FROM predictions GROUP BY 1 ORDER BY 1`,
  );
  const noLine = slate.players.filter((p) => p.line === null).length;
  assert.deepEqual(
    rows.map((r: any) => [r.no_line, Number(r.n), Number(r.active), Number(r.null_lines)]),
    [
      [false, 2 * (20 - noLine), 2 * (20 - noLine), 0],
      [true, 2 * noLine, 2 * noLine, 2 * noLine],
    ],
  );
  const runRow = await rt.store.query<{ status: string; phase: string }>(
    'SELECT status, phase FROM pipeline_runs WHERE run_id = $1',
    [b.run_id],
  );
  assert.deepEqual(runRow, [{ status: 'succeeded', phase: 'predict' }]);
  assert.equal(events.length, 1);
  assert.ok((await getBatch(rt.store, b.batch_id))?.event_emitted_at);
  assert.equal(b.active_key, null);
  await rt.close();
});

test('a chunk whose worker throws is retried; the batch completes with no duplicate rows', async () => {
  const slate = await seedSlate();
  const thrown: number[] = [];
  const rt = runtimeFor(slate, {
    patch: (c) => {
      c.predict.chunkSize = 6;
    },
    hooks: {
      beforeCompute(p, attempt) {
        if (p.chunk_no === 1 && attempt === 1) {
          thrown.push(p.chunk_no);
          throw new Error('worker crashed');
        }
      },
    },
  });
  const b = await run(rt);
  assert.deepEqual(thrown, [1]);
  assert.equal(b.status, 'complete');
  assert.equal(b.n_predictions, 40);
  const chunks = await listChunks(rt.store, b.batch_id);
  assert.deepEqual(
    chunks.map((c) => [c.chunk_no, c.status, c.attempts]),
    [
      [0, 'done', 1],
      [1, 'done', 2],
      [2, 'done', 1],
      [3, 'done', 1],
    ],
  );
  const n = await rt.store.query<{ n: number }>('SELECT count(*) AS n FROM predictions');
  assert.equal(Number(n[0].n), 40);
  assert.equal(await countDuplicates(rt), 0);
  await rt.close();
});

test('a late duplicate commit of a chunk writes nothing (exactly once)', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate);
  const b = await run(rt);
  const { commitChunk } = await import('../../src/predict/chunks.ts');
  const stored = await rt.store.query<{ payload: string }>(
    'SELECT payload FROM prediction_requests WHERE batch_id = $1',
    [b.batch_id],
  );
  const payload = JSON.parse(stored[0].payload);
  const again = await commitChunk(rt, payload, {
    rows: [
      {
        game_id: payload.players[0].game_id,
        player_id: payload.players[0].player_id,
        system_id: payload.models[0].system_id,
        family: 'x',
        line: null,
        book: null,
        n_books: 0,
        predicted: 1,
        edge: null,
        p_over: null,
        confidence: null,
        recommendation: 'NO_LINE',
        feature_set_version: 'v9@1',
        feature_quality: 90,
        features_computed_at: NOW.toISOString(),
        odds_captured_at: null,
      },
    ],
    failed_systems: [],
    refused: 0,
  });
  assert.equal(again, 'stale');
  assert.equal((await getBatch(rt.store, b.batch_id))?.n_predictions, 40);
  await rt.close();
});

test('an artifact whose bytes no longer match its hash: that system failed, the others predict (partial)', async () => {
  const slate = await seedSlate();
  const broken = slate.models[0];
  slate.artifacts[broken.artifact_hash] = slate.artifacts[broken.artifact_hash].replace(
    '"base_score":15',
    '"base_score":16',
  );
  const rt = runtimeFor(slate);
  const b = await run(rt);
  assert.equal(b.status, 'partial');
  const sys = Object.fromEntries(b.systems.map((s) => [s.system_id, s]));
  assert.deepEqual([sys[broken.system_id].status, sys[broken.system_id].reason], ['failed', 'HASH_MISMATCH']);
  assert.deepEqual(
    [sys[slate.models[1].system_id].status, sys[slate.models[1].system_id].n_predictions],
    ['ok', 20],
  );
  const active = await rt.store.query<{ system_id: string; n: number }>(
    'SELECT system_id, count(*) AS n FROM predictions WHERE is_active GROUP BY system_id',
  );
  assert.deepEqual(
    active.map((r) => [r.system_id, Number(r.n)]),
    [[slate.models[1].system_id, 20]],
  );
  await rt.close();
});

test('every system failing to load fails the batch; nothing is activated', async () => {
  const slate = await seedSlate();
  for (const m of slate.models) slate.artifacts[m.artifact_hash] = '{"not":"a bundle"}';
  const rt = runtimeFor(slate);
  const b = await run(rt);
  assert.equal(b.status, 'failed');
  assert.equal(b.failure_reason, 'ALL_SYSTEMS_FAILED');
  await rt.close();
});

test('a chunk out of tries: partial with its players missing at ≥ 80%, failed CHUNK_FAILED below', async () => {
  for (const [chunkSize, status] of [
    [2, 'partial'],
    [5, 'failed'],
  ] as const) {
    const slate = await seedSlate();
    const rt = runtimeFor(slate, {
      patch: (c) => {
        c.predict.chunkSize = chunkSize;
      },
      hooks: {
        beforeCompute(p) {
          if (p.chunk_no === 0) throw new Error('always fails');
        },
      },
    });
    const events: unknown[] = [];
    rt.onPredictionsComplete((e) => events.push(e));
    const b = await run(rt);
    assert.equal(b.status, status);
    assert.equal(b.chunks_failed, 1);
    assert.equal(b.missing.length, chunkSize);
    assert.ok(b.missing.every((m) => m.reason === 'CHUNK_FAILED'));
    const chunk0 = (await listChunks(rt.store, b.batch_id))[0];
    assert.deepEqual([chunk0.status, chunk0.attempts], ['failed', 3]);
    const active = await rt.store.query<{ n: number }>(
      'SELECT count(*) AS n FROM predictions WHERE is_active',
    );
    if (status === 'partial') {
      assert.equal(Number(active[0].n), 2 * (20 - chunkSize));
      assert.equal(events.length, 1);
    } else {
      assert.equal(b.failure_reason, 'CHUNK_FAILED');
      assert.equal(Number(active[0].n), 0);
      assert.equal(events.length, 0);
      const runRow = await rt.store.query<{ status: string }>(
        'SELECT status FROM pipeline_runs WHERE run_id = $1',
        [b.run_id],
      );
      assert.equal(runRow[0].status, 'failed');
    }
    await rt.close();
  }
});

test('OUT and DOUBTFUL on the latest report before the cutoff are not requested; QUESTIONABLE is', async () => {
  const slate = await seedSlate();
  const [p1, p2, p3, p4] = slate.players;
  const rows = [
    // an earlier report had p4 OUT; the latest report no longer lists him ⇒ available
    ['2026-03-02T10:00:00.000Z', p4.game_id, p4.player_id, 'out'],
    ['2026-03-02T14:30:00.000Z', p1.game_id, p1.player_id, 'out'],
    ['2026-03-02T14:30:00.000Z', p2.game_id, p2.player_id, 'doubtful'],
    ['2026-03-02T14:30:00.000Z', p3.game_id, p3.player_id, 'questionable'],
    // after the cutoff (15:00Z): not seen
    ['2026-03-02T16:00:00.000Z', p3.game_id, p3.player_id, 'out'],
  ];
  await slate.store.insertMany(
    'injury_reports',
    ['report_time', 'game_id', 'player_id', 'status', 'source'],
    rows.map((r) => [...r, 'test']),
  );
  const rt = runtimeFor(slate);
  const b = await run(rt);
  assert.equal(b.status, 'complete');
  assert.deepEqual(
    [
      b.steps.players.candidates,
      b.steps.players.excluded_out,
      b.steps.players.excluded_doubtful,
      b.steps.players.questionable,
    ],
    [18, 1, 1, 1],
  );
  const predicted = await rt.store.query<{ player_id: number }>('SELECT DISTINCT player_id FROM predictions');
  const ids = new Set(predicted.map((r) => Number(r.player_id)));
  assert.ok(!ids.has(p1.player_id) && !ids.has(p2.player_id));
  assert.ok(ids.has(p3.player_id) && ids.has(p4.player_id));
  await rt.close();
});

test('force predicts again and supersedes the earlier rows: one active row per system, game and player', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate);
  const first = await run(rt);
  const forced = await run(rt, { force: true, mode: 'RETRY' });
  assert.equal(forced.n_predictions, 40);
  const counts = await rt.store.query<{ batch_id: string; active: number; superseded: number }>(
    `SELECT batch_id, count(*) FILTER (WHERE is_active) AS active,
            count(*) FILTER (WHERE invalidation_reason = 'superseded') AS superseded
     FROM predictions GROUP BY batch_id ORDER BY batch_id`,
  );
  const by = Object.fromEntries(counts.map((c) => [c.batch_id, [Number(c.active), Number(c.superseded)]]));
  assert.deepEqual(by[first.batch_id], [0, 40]);
  assert.deepEqual(by[forced.batch_id], [40, 0]);
  const dup = await rt.store.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT system_id, game_id, player_id FROM predictions WHERE is_active GROUP BY ALL HAVING count(*) > 1)`,
  );
  assert.equal(Number(dup[0].n), 0);
  await rt.close();
});

test('force supersedes a running batch: it ends failed SUPERSEDED and its rows never become active', async () => {
  const slate = await seedSlate();
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let blocked = 0;
  const rt = runtimeFor(slate, {
    hooks: {
      async beforeCompute() {
        if (blocked++ === 0) await gate;
      },
    },
  });
  const a = await startBatch(rt, FIRST);
  assert.equal(a.outcome, 'started');
  while (blocked === 0) await new Promise((r) => setTimeout(r, 5));
  const conflict = await startBatch(rt, FIRST);
  assert.deepEqual([conflict.outcome, conflict.batch_id], ['conflict', a.batch_id]);
  const b = await startBatch(rt, { ...FIRST, force: true });
  assert.equal(b.outcome, 'started');
  release();
  const old = await waitForBatch(rt, a.batch_id);
  const fresh = await waitForBatch(rt, b.batch_id);
  assert.deepEqual([old.status, old.failure_reason, old.superseded_by], ['failed', 'SUPERSEDED', b.batch_id]);
  assert.equal(fresh.status, 'complete');
  const rows = await rt.store.query<{ batch_id: string; n: number }>(
    'SELECT batch_id, count(*) AS n FROM predictions WHERE is_active GROUP BY batch_id',
  );
  assert.deepEqual(
    rows.map((r) => [r.batch_id, Number(r.n)]),
    [[b.batch_id, 40]],
  );
  await rt.close();
});

test('DATA_INCOMPLETE fails the batch with the missing games, unless skip_completeness (recorded)', async () => {
  const slate = await seedSlate();
  await slate.store.run(`DELETE FROM box_scores WHERE game_id = '0022400000'`);
  const rt = runtimeFor(slate);
  const b = await run(rt);
  assert.deepEqual([b.status, b.failure_reason], ['failed', 'DATA_INCOMPLETE']);
  assert.deepEqual(b.steps.completeness.missing_games, ['0022400000']);
  assert.equal(b.steps.completeness.coverage, 0.5);
  const skipped = await run(rt, { skipCompleteness: true });
  assert.equal(skipped.status, 'complete');
  assert.equal(skipped.steps.completeness.skipped, true);
  await rt.close();
});

test('postponed and started games leave the slate and are listed', async () => {
  const slate = await seedSlate({ games: 3 });
  await slate.store.run(
    `INSERT INTO game_postponements VALUES ('0022500000', '${DATE}'::DATE, NULL, now(), 'SOURCE_FLAG')`,
  );
  await slate.store.run(`UPDATE games SET start_utc = '2026-03-02T14:00:00Z' WHERE game_id = '0022500001'`);
  const rt = runtimeFor(slate);
  const b = await run(rt);
  assert.equal(b.status, 'complete');
  assert.deepEqual(b.steps.slate.postponed, ['0022500000']);
  assert.deepEqual(b.steps.slate.started, ['0022500001']);
  const games = await rt.store.query<{ game_id: string }>('SELECT DISTINCT game_id FROM predictions');
  assert.deepEqual(
    games.map((g) => g.game_id),
    ['0022500002'],
  );
  await rt.close();
});

test('no enabled model ⇒ NO_ENABLED_MODELS; no feature rows ⇒ NO_FEATURES; empty slate ⇒ complete with zeros', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate);
  const models = slate.models;
  slate.models = [];
  const noModels = await run(rt);
  assert.deepEqual([noModels.status, noModels.failure_reason], ['failed', 'NO_ENABLED_MODELS']);
  slate.models = models;
  const rows = slate.features;
  slate.features = [];
  const noFeatures = await run(rt);
  assert.deepEqual([noFeatures.status, noFeatures.failure_reason], ['failed', 'NO_FEATURES']);
  slate.features = rows;
  const empty = await run(rt, { date: '2026-03-04' });
  assert.deepEqual(
    [empty.status, empty.n_viable, empty.n_predictions, empty.n_chunks],
    ['complete', 0, 0, 0],
  );
  await rt.close();
});

test('watchdog: a batch without progress is failed STALLED with the players of unfinished chunks', async () => {
  const slate = await seedSlate();
  let now = NOW.getTime();
  let release!: () => void;
  const hold = new Promise<void>((r) => {
    release = r;
  });
  let claimed = 0;
  const rt = runtimeFor(slate, {
    now: () => new Date(now),
    hooks: {
      async beforeCompute() {
        claimed++;
        await hold;
      },
    },
  });
  const a = await startBatch(rt, FIRST);
  while (claimed === 0) await new Promise((r) => setTimeout(r, 5));
  const { watchdogTick } = await import('../../src/predict/watchdog.ts');
  assert.deepEqual((await watchdogTick(rt)).stalled, []);
  now += 601_000;
  assert.deepEqual((await watchdogTick(rt)).stalled, [a.batch_id]);
  release();
  const b = await waitForBatch(rt, a.batch_id);
  assert.deepEqual([b.status, b.failure_reason, b.missing.length], ['failed', 'STALLED', 20]);
  const chunks = await listChunks(rt.store, a.batch_id);
  assert.deepEqual(
    chunks.map((c) => c.status),
    ['cancelled'],
  );
  assert.equal(
    Number((await rt.store.query<{ n: number }>('SELECT count(*) AS n FROM predictions'))[0].n),
    0,
  );
  await rt.close();
});

test('a batch left running by another process is ORPHANED at the next start', async () => {
  const slate = await seedSlate();
  await slate.store.run(
    `INSERT INTO prediction_batches (batch_id, game_date, mode, status, active_key, requested_by, created_at, last_progress_at, owner)
     VALUES ('pb_old', '${DATE}'::DATE, 'FIRST', 'running', '${DATE}|FIRST', 'cli', now(), now(), 'otherhost:1:abc')`,
  );
  const rt = runtimeFor(slate);
  const b = await run(rt);
  assert.equal(b.status, 'complete');
  const old = await getBatch(rt.store, 'pb_old');
  assert.deepEqual([old?.status, old?.failure_reason, old?.active_key], ['failed', 'ORPHANED', null]);
  await rt.close();
});

test('worker threads: the pool computes chunks and the batch completes', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate, {
    threads: 2,
    patch: (c) => {
      c.predict.chunkSize = 7;
    },
  });
  const fetched: string[][] = [];
  const artifacts = slate.deps.models.artifacts;
  slate.deps.models.artifacts = (store, hashes) => {
    fetched.push(hashes);
    return artifacts(store, hashes);
  };
  const b = await run(rt);
  assert.deepEqual([b.status, b.n_chunks, b.n_predictions], ['complete', 3, 40]);
  // The models were read once, for both threads, while the features were rebuilt; a second
  // batch of the process reads none.
  assert.deepEqual(fetched, [slate.models.map((m) => m.artifact_hash)]);
  const again = await run(rt, { force: true });
  assert.deepEqual([again.status, again.n_predictions], ['complete', 40]);
  assert.equal(fetched.length, 1);
  await rt.close();
});

test('worker threads: a broken artifact preloaded is still reported by its chunks (partial)', async () => {
  const slate = await seedSlate();
  const broken = slate.models[0];
  slate.artifacts[broken.artifact_hash] = slate.artifacts[broken.artifact_hash].replace(
    '"base_score":15',
    '"base_score":16',
  );
  const rt = runtimeFor(slate, { threads: 2 });
  const b = await run(rt);
  assert.equal(b.status, 'partial');
  const sys = Object.fromEntries(b.systems.map((s) => [s.system_id, s]));
  assert.deepEqual([sys[broken.system_id].status, sys[broken.system_id].reason], ['failed', 'HASH_MISMATCH']);
  assert.equal(sys[slate.models[1].system_id].n_predictions, 20);
  await rt.close();
});

test('a game postponed after it was predicted: its active rows are deactivated as postponed', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate);
  await run(rt);
  await slate.store.run(
    `INSERT INTO game_postponements VALUES ('0022500000', '${DATE}'::DATE, NULL, now(), 'SOURCE_FLAG')`,
  );
  const b = await run(rt, { mode: 'RETRY' });
  assert.equal(b.steps.slate.invalidated_postponed, 20);
  const rows = await rt.store.query<{ game_id: string; active: number; postponed: number }>(
    `SELECT game_id, count(*) FILTER (WHERE is_active) AS active,
            count(*) FILTER (WHERE invalidation_reason = 'postponed') AS postponed
     FROM predictions GROUP BY game_id ORDER BY game_id`,
  );
  assert.deepEqual(
    rows.map((r) => [r.game_id, Number(r.active), Number(r.postponed)]),
    [
      ['0022500000', 0, 20],
      ['0022500001', 20, 0],
    ],
  );
  await rt.close();
});

test('watchdog re-sends predictions_complete when a finished batch has no event recorded after 60 s', async () => {
  const slate = await seedSlate();
  let now = NOW.getTime();
  const rt = runtimeFor(slate, { now: () => new Date(now) });
  const b = await run(rt);
  await rt.store.run('UPDATE prediction_batches SET event_emitted_at = NULL WHERE batch_id = $1', [
    b.batch_id,
  ]);
  const events: Array<{ batch_id: string; status: string; n_predictions: number }> = [];
  rt.onPredictionsComplete((e) => events.push(e));
  const { watchdogTick } = await import('../../src/predict/watchdog.ts');
  assert.deepEqual((await watchdogTick(rt)).resent, []);
  now += 61_000;
  assert.deepEqual((await watchdogTick(rt)).resent, [b.batch_id]);
  assert.deepEqual(
    events.map((e) => [e.batch_id, e.status, e.n_predictions]),
    [[b.batch_id, 'complete', 40]],
  );
  assert.deepEqual((await watchdogTick(rt)).resent, []);
  const { batchList } = await import('../../src/predict/summary.ts');
  const list = await batchList(rt.store, DATE);
  assert.deepEqual(
    list.batches.map((x) => [x.batch_id, x.status, x.n_predictions]),
    [[b.batch_id, 'complete', 40]],
  );
  await rt.close();
});

test('a duplicate predict.coordinate delivery is harmless: one set of chunks, no duplicate rows', async () => {
  const slate = await seedSlate();
  const rt = runtimeFor(slate, {
    patch: (c) => {
      c.predict.chunkSize = 8;
    },
  });
  const s = await startBatch(rt, FIRST);
  await rt.queue.send('predict.coordinate', { batch_id: s.batch_id }, { tries: 1, expireInSeconds: 60 });
  const b = await waitForBatch(rt, s.batch_id);
  assert.deepEqual([b.status, b.n_chunks, b.n_predictions], ['complete', 3, 40]);
  assert.equal((await listChunks(rt.store, b.batch_id)).length, 3);
  assert.equal(await countDuplicates(rt), 0);
  await rt.close();
});
