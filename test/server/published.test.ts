import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildServer, type CourtedgeServer } from '../../src/server/index.ts';
import { type PublishFixture, publishFixture } from '../publish/fixture.ts';
import { TOKEN } from './helpers.ts';

// The publish helper's fixture: the real exporters on a seeded season, written to a directory.
let fx: PublishFixture;
let srv: CourtedgeServer;

before(async () => {
  fx = await publishFixture();
  fx.app.config.adminToken = TOKEN;
  fx.app.config.server.rateLimit.publicPerMinute = 100_000;
  srv = await buildServer({ app: fx.app, exportDir: fx.dir, webDir: null });
});
after(async () => {
  await srv.fastify.close();
  await fx.close();
});

test('every file of a real export is served with the manifest sha256 as ETag and its Cache-Control', async () => {
  const manifest = JSON.parse(readFileSync(join(fx.dir, 'v1/manifest.json'), 'utf8'));
  assert.ok(manifest.files.length >= 8, `${manifest.files.length} files`);
  for (const f of manifest.files as Array<{ path: string; sha256: string; cache_control: string }>) {
    const path = f.path.startsWith('v1/') ? f.path : `v1/${f.path}`;
    const r = await srv.fastify.inject({
      method: 'GET',
      url: `/${path}`,
      headers: path.startsWith('v1/admin/') ? { authorization: `Bearer ${TOKEN}` } : {},
    });
    assert.equal(r.statusCode, 200, path);
    assert.equal(r.headers.etag, `"${f.sha256}"`, path);
    assert.equal(r.headers['cache-control'], f.cache_control, path);
    assert.equal(r.body, readFileSync(join(fx.dir, path), 'utf8'), path);
  }
  const all = JSON.parse((await srv.fastify.inject({ method: 'GET', url: '/v1/best-bets/all.json' })).body);
  assert.equal(all.date, fx.date);
  assert.equal(all.generated_at, fx.generatedAt);
});

test('health reports the newest best-bets date and export time of the store', async () => {
  const h = JSON.parse((await srv.fastify.inject({ method: 'GET', url: '/api/health' })).body);
  assert.equal(h.status, 'ok');
  assert.equal(h.latest_best_bets_date, fx.date);
  assert.match(h.latest_export_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
});
