import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../src/orchestrate/app.ts';
import { buildServer, type CourtedgeServer } from '../../src/server/index.ts';
import { getRun, withRun } from '../../src/store/runs.ts';
import { makeApp, TOKEN, tempDir } from './helpers.ts';

const auth = { authorization: `Bearer ${TOKEN}` };

describe('admin API', () => {
  let app: App;
  let srv: CourtedgeServer;
  const tmp = tempDir();
  // A phase that opens a real run and holds it until released (a long job, no timing luck).
  let release: () => void = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  let phaseCalls = 0;

  before(async () => {
    app = await makeApp({
      COURTEDGE_SERVER_RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
      COURTEDGE_SERVER_RATE_LIMIT_ADMIN_PER_MINUTE: '100000',
    });
    srv = await buildServer({
      app,
      exportDir: tmp.dir,
      webDir: null,
      actions: {
        phase: async (a, phase, req) => {
          phaseCalls++;
          return withRun(
            a.store,
            { phase, date: req.date ?? null, configHash: a.configHash },
            async (run) => {
              run.counts = { held: true };
              await held;
              return { ok: true };
            },
          );
        },
        listRuns: async () => {
          const e = new Error(
            "SELECT secret_column FROM pipeline_runs WHERE token = 'abc' failed at /work/main/src/x.ts",
          );
          throw e;
        },
      },
    });
  });
  after(async () => {
    release();
    await srv.jobs.drain();
    await srv.fastify.close();
    await app.store.close();
    tmp.cleanup();
  });

  const req = (
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = auth,
  ) => srv.fastify.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as any }) });

  test('401 without a token, with a wrong one, or with a non-Bearer scheme; the token is never echoed', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer wrong-token-wrong-token-wrong-token' },
      { authorization: TOKEN },
    ]) {
      const r = await req('POST', '/api/admin/halt', { reason: 'x' }, headers);
      assert.equal(r.statusCode, 401);
      assert.deepEqual(JSON.parse(r.body), { error: 'unauthorized' });
      assert.equal(r.headers['www-authenticate'], 'Bearer');
    }
    const runs = await req('GET', '/api/admin/runs/run_x', undefined, {});
    assert.equal(runs.statusCode, 401);
  });

  test('halt set and clear call the halt use cases and return the Halt object', async () => {
    const set = await req('POST', '/api/admin/halt', { reason: 'Injury news pending' });
    assert.equal(set.statusCode, 200);
    const h = JSON.parse(set.body);
    assert.equal(h.active, true);
    assert.equal(h.state, 'manual');
    assert.equal(h.reason, 'Injury news pending');
    assert.match(h.since, /^\d{4}-\d{2}-\d{2}T/);
    const clear = await req('DELETE', '/api/admin/halt');
    assert.equal(clear.statusCode, 200);
    assert.deepEqual(JSON.parse(clear.body), { active: false, state: null, reason: null, since: null });
  });

  test('400 names the field: missing, wrong type, unknown key, bad date, bad phase, bad JSON', async () => {
    const missing = JSON.parse((await req('POST', '/api/admin/halt', {})).body);
    assert.equal(missing.error, 'bad_request');
    assert.equal(missing.issues[0].path, 'body.reason');
    const unknown = await req('POST', '/api/admin/halt', { reason: 'x', sneaky: 1 });
    assert.equal(unknown.statusCode, 400);
    assert.match(JSON.parse(unknown.body).issues[0].message, /unknown key\(s\): sneaky/);
    const badDate = await req('POST', '/api/admin/batches', { date: '2025-02-30', mode: 'FIRST' });
    assert.equal(badDate.statusCode, 400);
    assert.equal(JSON.parse(badDate.body).issues[0].path, 'body.date');
    const badMode = await req('POST', '/api/admin/batches', { date: '2026-01-15', mode: 'SOMETIMES' });
    assert.equal(JSON.parse(badMode.body).issues[0].path, 'body.mode');
    const badPhase = await req('POST', '/api/admin/phases/everything', { date: '2026-01-15' });
    assert.equal(badPhase.statusCode, 400);
    assert.equal(JSON.parse(badPhase.body).issues[0].path, 'params.phase');
    const notJson = await srv.fastify.inject({
      method: 'POST',
      url: '/api/admin/halt',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"reason": ',
    });
    assert.equal(notJson.statusCode, 400);
    assert.deepEqual(JSON.parse(notJson.body), {
      error: 'bad_request',
      issues: [{ path: 'body', message: 'body is not valid JSON' }],
    });
    const report = await req('GET', '/api/admin/reports/roi?from=2026-01-10&to=2026-01-01');
    assert.equal(JSON.parse(report.body).issues[0].path, 'query.from');
  });

  test('a body over server.bodyLimitBytes (16 KiB) → 413, before any handler runs', async () => {
    const r = await req('POST', '/api/admin/halt', { reason: 'x'.repeat(70 * 1024) });
    assert.equal(r.statusCode, 413);
    assert.deepEqual(JSON.parse(r.body), { error: 'payload_too_large' });
  });

  test('a failing use case → 500 {error: internal, request_id}: no message, stack, SQL or path', async () => {
    const r = await req('GET', '/api/admin/runs');
    assert.equal(r.statusCode, 500);
    const body = JSON.parse(r.body);
    assert.deepEqual(Object.keys(body).sort(), ['error', 'request_id']);
    assert.equal(body.error, 'internal');
    assert.match(body.request_id, /^[0-9a-f]{16}$/);
    assert.doesNotMatch(r.body, /SELECT|secret|\/work|\.ts|at /);
  });

  test('long work → 202 {run_id} at once; a second start while it runs → 409 with the same run_id', async () => {
    const first = await req('POST', '/api/admin/phases/features', { date: '2026-01-15' });
    assert.equal(first.statusCode, 202);
    const { run_id } = JSON.parse(first.body);
    assert.match(run_id, /^run_/);
    const run = await getRun(app.store, run_id);
    assert.equal(run?.status, 'running');
    assert.equal(run?.phase, 'features');
    const viaApi = await req('GET', `/api/admin/runs/${run_id}`);
    assert.equal(viaApi.statusCode, 200);
    const got = JSON.parse(viaApi.body);
    assert.equal(got.run_id, run_id);
    assert.equal(got.status, 'running');
    assert.equal(got.date, '2026-01-15');
    assert.deepEqual(got.counts, null);
    assert.equal((await req('GET', '/api/admin/runs/run_nope')).statusCode, 404);
    const starts = await Promise.all(
      Array.from({ length: 5 }, () => req('POST', '/api/admin/phases/features', { date: '2026-01-15' })),
    );
    for (const s of starts) {
      assert.equal(s.statusCode, 409);
      assert.deepEqual(JSON.parse(s.body), { error: 'already_running', run_id });
    }
    // Another date is other work.
    const other = await req('POST', '/api/admin/phases/features', { date: '2026-01-16' });
    assert.equal(other.statusCode, 202);
    assert.notEqual(JSON.parse(other.body).run_id, run_id);
    assert.equal(phaseCalls, 2);
    release();
    await srv.jobs.drain();
    assert.equal((await getRun(app.store, run_id))?.status, 'succeeded');
    // Finished: a new start is new work.
    const again = await req('POST', '/api/admin/phases/features', { date: '2026-01-15' });
    assert.equal(again.statusCode, 202);
    assert.notEqual(JSON.parse(again.body).run_id, run_id);
  });

  test('unknown admin route → 404 JSON (after auth); GET /api/health answers from the store', async () => {
    const nf = await req('GET', '/api/admin/nothing');
    assert.equal(nf.statusCode, 404);
    assert.deepEqual(JSON.parse(nf.body), { error: 'not_found' });
    const h = await srv.fastify.inject({ method: 'GET', url: '/api/health' });
    assert.equal(h.statusCode, 200);
    const body = JSON.parse(h.body);
    assert.equal(body.status, 'ok');
    assert.equal(body.store, 'ok');
    assert.equal(body.latest_best_bets_date, null);
    assert.equal(body.latest_export_at, null);
    assert.equal(typeof body.version, 'string');
    assert.equal(typeof body.uptime_s, 'number');
  });
});

describe('rate limits', () => {
  test('public and admin are counted apart per IP; 429 {error, retry_after_s} + Retry-After', async () => {
    const app = await makeApp({
      COURTEDGE_SERVER_RATE_LIMIT_PUBLIC_PER_MINUTE: '3',
      COURTEDGE_SERVER_RATE_LIMIT_ADMIN_PER_MINUTE: '2',
    });
    const tmp = tempDir();
    const srv = await buildServer({ app, exportDir: tmp.dir, webDir: null });
    try {
      const get = (url: string, ip = '10.0.0.1') =>
        srv.fastify.inject({ method: 'GET', url, remoteAddress: ip, headers: auth });
      assert.deepEqual(
        [await get('/api/health'), await get('/v1/best-bets/all.json'), await get('/nope')].map(
          (r) => r.statusCode,
        ),
        [200, 404, 404],
      );
      const limited = await get('/api/health');
      assert.equal(limited.statusCode, 429);
      const body = JSON.parse(limited.body);
      assert.equal(body.error, 'rate_limited');
      assert.ok(body.retry_after_s >= 1 && body.retry_after_s <= 60, String(body.retry_after_s));
      assert.equal(limited.headers['retry-after'], String(body.retry_after_s));
      assert.equal(limited.headers['x-content-type-options'], 'nosniff');
      // The admin budget is separate; it runs out at its own limit (and before auth).
      assert.equal((await get('/api/admin/nothing')).statusCode, 404);
      assert.equal((await get('/api/admin/nothing')).statusCode, 404);
      assert.equal((await get('/api/admin/nothing')).statusCode, 429);
      // Another IP has its own budget.
      assert.equal((await get('/api/health', '10.0.0.2')).statusCode, 200);
    } finally {
      await srv.fastify.close();
      await app.store.close();
      tmp.cleanup();
    }
  });

  test('an adminToken shorter than 32 characters is refused at start', async () => {
    const app = await makeApp({ COURTEDGE_ADMIN_TOKEN: 'short' });
    try {
      await assert.rejects(buildServer({ app, webDir: null }), /at least 32 characters \(it has 5\)/);
    } finally {
      await app.store.close();
    }
  });
});

test('GET /api/health → 503 {status: degraded, store: error} when the store does not answer; no error text', async () => {
  const app = await makeApp();
  const srv = await buildServer({ app, webDir: null });
  try {
    await app.store.close();
    const r = await srv.fastify.inject({ method: 'GET', url: '/api/health' });
    assert.equal(r.statusCode, 503);
    const b = JSON.parse(r.body);
    assert.deepEqual(
      [b.status, b.store, b.latest_best_bets_date, b.latest_export_at],
      ['degraded', 'error', null, null],
    );
    assert.deepEqual(Object.keys(b).sort(), [
      'latest_best_bets_date',
      'latest_export_at',
      'status',
      'store',
      'store_kind',
      'uptime_s',
      'version',
    ]);
  } finally {
    await srv.fastify.close();
  }
});
