import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { startServer } from '../../src/server/index.ts';
import { bigAllJson, makeApp, TOKEN, tempDir, writeExports } from './helpers.ts';

test('one log line per request (method, route, status, ms, request_id) on both paths; a refused token is never logged', async () => {
  const lines: any[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  const tmp = tempDir();
  writeExports(tmp.dir, { 'best-bets/all.json': { data: bigAllJson(5) } });
  const app = await makeApp();
  app.log = pino({ level: 'info', base: undefined }, sink);
  const srv = await startServer({ app, port: 0, exportDir: tmp.dir, webDir: null, storePath: null });
  try {
    await fetch(`${srv.url}/v1/best-bets/all.json`); // fast path
    await fetch(`${srv.url}/api/health`); // Fastify
    const wrong = `${TOKEN}-WRONG-SECRET`;
    const refused = await fetch(`${srv.url}/api/admin/runs`, {
      headers: { authorization: `Bearer ${wrong}` },
    });
    assert.equal(refused.status, 401);
    await new Promise((r) => setTimeout(r, 50));
    const requests = lines.filter((l) => l.msg === 'request');
    assert.deepEqual(
      requests.map((l) => [l.method, l.route, l.status]),
      [
        ['GET', '/v1/*', 200],
        ['GET', '/api/health', 200],
        ['GET', '/api/admin/runs', 401],
      ],
    );
    for (const l of requests) {
      assert.equal(typeof l.ms, 'number');
      assert.match(l.request_id, /^[0-9a-f]{16}$/);
    }
    const warn = lines.find((l) => l.msg === 'admin request refused');
    assert.equal(warn.route, '/api/admin/runs');
    assert.ok(warn.ip);
    const all = JSON.stringify(lines);
    assert.ok(!all.includes(wrong) && !all.includes(TOKEN), 'a token reached the log');
  } finally {
    await srv.close();
    await app.store.close();
    tmp.cleanup();
  }
});
