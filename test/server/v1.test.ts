import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { App } from '../../src/orchestrate/app.ts';
import { buildServer, type CourtedgeServer } from '../../src/server/index.ts';
import { bigAllJson, type ExportFile, makeApp, TOKEN, tempDir, writeExports } from './helpers.ts';

describe('GET /v1', () => {
  let app: App;
  let srv: CourtedgeServer;
  let files: ExportFile[];
  const tmp = tempDir();
  const inject = (url: string, headers: Record<string, string> = {}) =>
    srv.fastify.inject({ method: 'GET', url, headers });

  before(async () => {
    files = writeExports(tmp.dir, {
      'best-bets/all.json': { data: bigAllJson() },
      'signal-best-bets/2026-01-15.json': {
        data: { date: '2026-01-15' },
        cache_control: 'public, max-age=86400',
      },
      'signal-best-bets/latest.json': { data: { date: '2026-01-15' }, cache_control: 'public, max-age=60' },
      'players/anthonyedwards.json': {
        data: { player: 'Anthony Edwards' },
        cache_control: 'public, max-age=3600',
      },
      'admin/dashboard.json': { data: { today_picks: [] }, cache_control: 'private, no-store' },
    });
    app = await makeApp({ COURTEDGE_SERVER_RATE_LIMIT_PUBLIC_PER_MINUTE: '100000' });
    srv = await buildServer({ app, exportDir: tmp.dir, webDir: null });
  });
  after(async () => {
    await srv.fastify.close();
    await app.store.close();
    tmp.cleanup();
  });

  test('serves a file with the manifest sha256 as ETag, its Cache-Control, and the security headers', async () => {
    const f = files.find((x) => x.path === 'v1/best-bets/all.json')!;
    const r = await inject('/v1/best-bets/all.json');
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers.etag, `"${f.sha256}"`);
    assert.equal(r.headers['cache-control'], 'public, max-age=300');
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(r.headers['content-encoding'], undefined);
    assert.equal(r.body, f.body);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    const p = await inject('/v1/players/anthonyedwards.json');
    assert.equal(p.headers['cache-control'], 'public, max-age=3600');
    assert.equal(JSON.parse(p.body).player, 'Anthony Edwards');
  });

  test('gzip and brotli copies decode to the same bytes; q=0 is honoured', async () => {
    const f = files.find((x) => x.path === 'v1/best-bets/all.json')!;
    const gz = await inject('/v1/best-bets/all.json', { 'accept-encoding': 'gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.equal(gunzipSync(gz.rawPayload).toString(), f.body);
    assert.ok(gz.rawPayload.length < f.body.length / 3, `gzip ${gz.rawPayload.length} of ${f.body.length}`);
    const br = await inject('/v1/best-bets/all.json', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), f.body);
    const noBr = await inject('/v1/best-bets/all.json', { 'accept-encoding': 'br;q=0, gzip' });
    assert.equal(noBr.headers['content-encoding'], 'gzip');
  });

  test('If-None-Match with the ETag → 304 without a body; another ETag → 200', async () => {
    const first = await inject('/v1/signal-best-bets/2026-01-15.json');
    assert.equal(first.headers['cache-control'], 'public, max-age=86400');
    const etag = String(first.headers.etag);
    const again = await inject('/v1/signal-best-bets/2026-01-15.json', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    const list = await inject('/v1/signal-best-bets/2026-01-15.json', {
      'if-none-match': `"abc", W/${etag}`,
    });
    assert.equal(list.statusCode, 304);
    const other = await inject('/v1/signal-best-bets/2026-01-15.json', { 'if-none-match': '"0000"' });
    assert.equal(other.statusCode, 200);
  });

  test('a date that is not on the calendar → 400; a path outside the allow-list → 404', async () => {
    const bad = await inject('/v1/signal-best-bets/2025-02-30.json');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(JSON.parse(bad.body), {
      error: 'bad_request',
      issues: [{ path: 'path', message: 'not a calendar date: 2025-02-30' }],
    });
    assert.equal((await inject('/v1/results/2025-13-01.json')).statusCode, 400);
    // A real date that was never published: allowed path, no file.
    assert.equal((await inject('/v1/predictions/2026-01-14.json')).statusCode, 404);
    for (const url of [
      '/v1/best-bets/other.json',
      '/v1/players/Anthony.json',
      '/v1/',
      '/v1/config',
      '/v2/best-bets/all.json',
    ]) {
      const r = await inject(url);
      assert.equal(r.statusCode, 404, url);
      assert.deepEqual(JSON.parse(r.body), { error: 'not_found' }, url);
    }
  });

  test('path traversal never reaches a file outside the export directory', async () => {
    const attempts = [
      '/v1/../config',
      '/v1/%2e%2e/config',
      '/v1/%2E%2E%2Fconfig',
      '/v1/..%2fconfig',
      '/v1/..%2f..%2fx.json',
      '/v1/players/../../x.json',
      '/v1/players/..%2f..%2fx.json',
      '/v1/players/%2e%2e%2f%2e%2e%2fx.json',
      '/v1/players/..\\..\\x.json',
      '/v1//etc/passwd',
      '/v1/best-bets/all.json%00.txt',
    ];
    for (const url of attempts) {
      const r = await inject(url);
      assert.ok([400, 404].includes(r.statusCode), `${url} → ${r.statusCode}`);
      assert.doesNotMatch(r.body, /SECRET/, url);
    }
  });

  test('v1/admin/* needs the token: 401 + WWW-Authenticate without or with a wrong one', async () => {
    const none = await inject('/v1/admin/dashboard.json');
    assert.equal(none.statusCode, 401);
    assert.deepEqual(JSON.parse(none.body), { error: 'unauthorized' });
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    const wrong = await inject('/v1/admin/dashboard.json', { authorization: `Bearer ${TOKEN}x` });
    assert.equal(wrong.statusCode, 401);
    const basic = await inject('/v1/admin/dashboard.json', { authorization: `Basic ${TOKEN}` });
    assert.equal(basic.statusCode, 401);
    const ok = await inject('/v1/admin/dashboard.json', { authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['cache-control'], 'private, no-store');
    assert.deepEqual(JSON.parse(ok.body), { today_picks: [] });
  });

  test('CORS for public files only', async () => {
    const pub = await inject('/v1/best-bets/all.json', { origin: 'https://example.org' });
    assert.equal(pub.headers['access-control-allow-origin'], '*');
    const adm = await inject('/v1/admin/dashboard.json', {
      origin: 'https://example.org',
      authorization: `Bearer ${TOKEN}`,
    });
    assert.equal(adm.statusCode, 200);
    assert.equal(adm.headers['access-control-allow-origin'], undefined);
  });

  test('the manifest is served (its own hash as ETag), and a new manifest replaces cached bytes', async () => {
    const m = await inject('/v1/manifest.json');
    assert.equal(m.statusCode, 200);
    assert.equal(m.headers['cache-control'], 'public, max-age=60');
    assert.equal(JSON.parse(m.body).files.length, 5);
    const before = await inject('/v1/players/anthonyedwards.json');
    const next = writeExports(tmp.dir, {
      'best-bets/all.json': { data: bigAllJson() },
      'players/anthonyedwards.json': {
        data: { player: 'Anthony Edwards', v: 2 },
        cache_control: 'public, max-age=3600',
      },
    });
    srv.exports.invalidate();
    const afterR = await inject('/v1/players/anthonyedwards.json');
    assert.notEqual(afterR.headers.etag, before.headers.etag);
    assert.equal(afterR.headers.etag, `"${next.find((f) => f.path.startsWith('v1/players'))!.sha256}"`);
    assert.equal(JSON.parse(afterR.body).v, 2);
    // Dropped from the manifest: no longer served even though the file is still on disk.
    assert.equal((await inject('/v1/signal-best-bets/latest.json')).statusCode, 404);
    // A file renamed in before its manifest: the bytes the manifest describes are served
    // (from memory) until the manifest changes, then the new ones.
    const cached = await inject('/v1/best-bets/all.json');
    writeFileSync(join(tmp.dir, 'v1/best-bets/all.json'), '{"fresh":true}');
    srv.exports.invalidate();
    const mid = await inject('/v1/best-bets/all.json');
    assert.equal(mid.headers.etag, `"${next[0].sha256}"`);
    assert.equal(mid.body, cached.body);
    writeExports(tmp.dir, { 'best-bets/all.json': { data: { fresh: true } } });
    srv.exports.invalidate();
    const fresh = await inject('/v1/best-bets/all.json');
    assert.equal(fresh.body, '{"fresh":true}');
  });
});
