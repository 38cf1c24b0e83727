import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { startServer } from '../../src/server/index.ts';
import { bigAllJson, makeApp, tempDir, writeExports } from './helpers.ts';

/** Real HTTP on a listening server: the raw /v1 fast path answers these, Fastify the rest. */
test('fast path and Fastify route give the same answer; one rate-limit budget for both', async () => {
  const tmp = tempDir();
  const files = writeExports(tmp.dir, { 'best-bets/all.json': { data: bigAllJson(50) } });
  const app = await makeApp({ COURTEDGE_SERVER_RATE_LIMIT_PUBLIC_PER_MINUTE: '6' });
  const srv = await startServer({ app, port: 0, exportDir: tmp.dir, webDir: null, storePath: null });
  try {
    const url = `${srv.url}/v1/best-bets/all.json`;
    const fast = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    // A query string is not the fast path's: Fastify's route answers it.
    const routed = await fetch(`${url}?via=fastify`, { headers: { 'accept-encoding': 'gzip' } });
    for (const r of [fast, routed]) {
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('etag'), `"${files[0].sha256}"`);
      assert.equal(r.headers.get('cache-control'), 'public, max-age=300');
      assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
      assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(await r.text(), files[0].body); // fetch decodes the gzip
    }
    const head = await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(head.status, 200);
    const gz = await gzBytes(url);
    assert.equal(gunzipSync(gz).toString(), files[0].body);
    assert.equal(head.headers.get('content-length'), String(gz.length));
    const notModified = await fetch(url, { headers: { 'if-none-match': `"${files[0].sha256}"` } });
    assert.equal(notModified.status, 304);
    // 5 counted so far (gzBytes made one); the 6th is allowed, the 7th is Fastify's 429.
    assert.equal((await fetch(url)).status, 200);
    const limited = await fetch(url);
    assert.equal(limited.status, 429);
    const body = await limited.json();
    assert.equal(body.error, 'rate_limited');
    assert.equal(limited.headers.get('retry-after'), String(body.retry_after_s));
    assert.equal((await fetch(`${srv.url}/api/health`)).status, 429);
  } finally {
    await srv.close();
    await app.store.close();
    tmp.cleanup();
  }
});

async function gzBytes(url: string): Promise<Buffer> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve(Buffer.concat(parts)));
    })
      .on('error', reject)
      .end();
  });
}

test('the web app: index.html for unknown non-API GETs (no-cache, CSP), hashed assets immutable, API 404s stay JSON', async () => {
  const tmp = tempDir();
  const web = join(tmp.dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>courtedge</title>');
  writeFileSync(join(web, 'assets', 'index-3f9a1c2b.js'), 'console.log(1)');
  const app = await makeApp();
  const srv = await startServer({ app, port: 0, exportDir: tmp.dir, webDir: web, storePath: null });
  try {
    for (const path of ['/', '/history', '/player/anthonyedwards']) {
      const r = await fetch(`${srv.url}${path}`);
      assert.equal(r.status, 200, path);
      assert.match(await r.text(), /<title>courtedge<\/title>/);
      assert.equal(r.headers.get('cache-control'), 'no-cache', path);
      assert.equal(r.headers.get('content-security-policy'), "default-src 'self'", path);
      assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    }
    const asset = await fetch(`${srv.url}/assets/index-3f9a1c2b.js`);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    for (const path of ['/api/nothing', '/v1/nothing.json']) {
      const r = await fetch(`${srv.url}${path}`);
      assert.equal(r.status, 404, path);
      assert.deepEqual(await r.json(), { error: 'not_found' });
    }
    const post = await fetch(`${srv.url}/history`, { method: 'POST' });
    assert.equal(post.status, 404);
  } finally {
    await srv.close();
    await app.store.close();
    tmp.cleanup();
  }
});
