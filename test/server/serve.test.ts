import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { findServer, lockPath, type ServerLock } from '../../src/orchestrate/lock.ts';
import { runCliAsync } from '../helpers/cli.ts';
import { REPO_ROOT } from '../helpers/real-data.ts';
import { bigAllJson, type ExportFile, TOKEN, tempDir, writeExports } from './helpers.ts';

/** One raw request line, sent as written: no client normalises `..` or `%2e` on the way. */
function rawGet(port: number, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let buf = '';
    sock.on('data', (d) => {
      buf += d;
    });
    sock.on('error', reject);
    sock.on('end', () => resolve({ status: Number(buf.slice(9, 12)), text: buf }));
  });
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, any>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('courtedge serve (a real listening server, a real DuckDB file)', () => {
  const tmp = tempDir();
  const store = join(tmp.dir, 'store.duckdb');
  const exportsDir = join(tmp.dir, 'exports');
  const env = {
    COURTEDGE_STORE: store,
    COURTEDGE_PUBLISH_DIR: exportsDir,
    COURTEDGE_ADMIN_TOKEN: TOKEN,
    COURTEDGE_TODAY: '2026-01-15',
  };
  let files: ExportFile[];
  let child: ChildProcess;
  let lock: ServerLock;
  let stderr = '';

  before(async () => {
    files = writeExports(exportsDir, { 'best-bets/all.json': { data: bigAllJson() } });
    const init = await runCliAsync(['init'], env);
    assert.equal(init.code, 0, init.stderr);
    child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'bin', 'courtedge.js'), 'serve', '--port', '0', '--no-schedule'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, COURTEDGE_LOG_LEVEL: 'warn', ...env },
      },
    );
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    for (let i = 0; i < 600 && !stderr.includes('courtedge serve: http'); i++) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const found = findServer(store);
    assert.ok(found, `no server lock (stderr: ${stderr})`);
    lock = found;
  });

  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    tmp.cleanup();
  });

  test('the lock file names the pid and port, never the token', () => {
    assert.equal(lock.pid, child.pid);
    assert.ok(lock.port > 0);
    assert.equal(lock.url, `http://127.0.0.1:${lock.port}`);
    assert.equal(lock.admin, true);
    const text = JSON.stringify(lock);
    assert.ok(!text.includes(TOKEN));
    assert.match(
      stderr,
      new RegExp(`courtedge serve: http://127\\.0\\.0\\.1:${lock.port} \\(pid ${child.pid}`),
    );
  });

  test('GET all.json over HTTP: gzip, ETag = manifest sha256, 304 on If-None-Match', async () => {
    const f = files[0];
    const r = await get(`${lock.url}/v1/best-bets/all.json`, { 'accept-encoding': 'gzip' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(r.body).toString(), f.body);
    assert.equal(r.headers.etag, `"${f.sha256}"`);
    const again = await get(`${lock.url}/v1/best-bets/all.json`, { 'if-none-match': r.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('raw traversal request lines never reach a file outside v1/', async () => {
    for (const path of [
      '/v1/../config',
      '/v1/%2e%2e/config',
      '/v1/..%2fconfig',
      '/v1/players/../../x.json',
      '/v1/players/%2e%2e%2f%2e%2e%2fx.json',
      '/v1/./../x.json',
      '/../config',
      '/%2e%2e/config',
    ]) {
      const r = await rawGet(lock.port, path);
      assert.ok([400, 404].includes(r.status), `${path} → ${r.status}`);
      assert.doesNotMatch(r.text, /SECRET/, path);
    }
  });

  test('courtedge halt set|clear while serve runs go through its admin API', async () => {
    const set = await runCliAsync(['halt', 'set', '--reason', 'Set through the API', '--json'], env);
    assert.equal(set.code, 0, set.stderr);
    const h = JSON.parse(set.stdout);
    assert.equal(h.active, true);
    assert.equal(h.reason, 'Set through the API');
    const clear = await runCliAsync(['halt', 'clear', '--json'], env);
    assert.equal(clear.code, 0, clear.stderr);
    assert.deepEqual(JSON.parse(clear.stdout).halt, {
      active: false,
      state: null,
      reason: null,
      since: null,
    });
  });

  test('courtedge predict while serve runs starts the batch in the server', async () => {
    const r = await runCliAsync(['predict', '--date', '2026-01-15', '--mode', 'FIRST', '--json'], env);
    assert.ok([0, 3].includes(r.code), r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match(out.batch_id, /^pb_\d{8}_\d{6}_[0-9a-f]{4}$/);
    assert.equal(out.via, lock.url);
    assert.equal(out.outcome, r.code === 0 ? 'started' : 'conflict');
  });

  test('a wrong token is one line naming the server; a command without an API path fails with one line naming the pid', async () => {
    const wrong = await runCliAsync(['halt', 'set', '--reason', 'x'], {
      ...env,
      COURTEDGE_ADMIN_TOKEN: `${TOKEN}-other`,
    });
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
    assert.match(wrong.stderr, new RegExp(`pid ${child.pid}.*refused the admin token`));
    const grade = await runCliAsync(['grade', '--date', '2026-01-14'], env);
    assert.notEqual(grade.code, 0);
    assert.equal(grade.stderr.trim().split('\n').length, 1, grade.stderr);
    assert.match(grade.stderr, new RegExp(`pid ${child.pid}`));
  });

  test('SIGTERM: the server stops and removes its lock', async () => {
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    assert.equal(code, 0, stderr);
    assert.equal(existsSync(lockPath(store)), false);
    assert.equal(findServer(store), null);
  });
});

test('a stale lock (its process is gone) is ignored and removed', () => {
  const tmp = tempDir();
  try {
    const store = join(tmp.dir, 's.duckdb');
    const dead = spawn(process.execPath, ['-e', '0']);
    const pid = dead.pid as number;
    return new Promise<void>((resolve) =>
      dead.once('exit', () => {
        writeFileSync(
          lockPath(store),
          JSON.stringify({
            pid,
            host: '127.0.0.1',
            port: 9,
            url: 'http://127.0.0.1:9',
            store,
            admin: true,
            started_at: 'x',
          }),
        );
        assert.equal(findServer(store), null);
        assert.equal(existsSync(lockPath(store)), false);
        tmp.cleanup();
        resolve();
      }),
    );
  } catch (e) {
    tmp.cleanup();
    throw e;
  }
});
