import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configLeaves } from '../../src/config/load.ts';
import { runCli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'ce-cli-'));
const store = join(dir, 'store', 'c.duckdb');

test('init creates the store and is idempotent', () => {
  const first = runCli(['--store', store, 'init', '--json']);
  assert.equal(first.code, 0, first.stderr);
  const a = JSON.parse(first.stdout);
  assert.ok(a.applied.includes('0001_core'));
  const second = runCli(['--store', store, 'init', '--json']);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(JSON.parse(second.stdout).applied, []);
});

test('config show --json lists every key with its origin, one JSON line', () => {
  const r = runCli(
    ['config', 'show', '--json'],
    { COURTEDGE_LINES_STALE_AFTER_HOURS: '8', COURTEDGE_ADMIN_TOKEN: 'tok' },
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(
    Object.keys(out.keys).sort(),
    configLeaves()
      .map((l) => l.path)
      .sort(),
  );
  assert.deepEqual(out.keys['lines.staleAfterHours'], { value: 8, origin: 'env' });
  assert.deepEqual(out.keys['lines.outlierPoints'], { value: 6, origin: 'default' });
  assert.deepEqual(out.keys.adminToken, { value: '********', origin: 'env' });
  assert.match(out.config_hash, /^[0-9a-f]{64}$/);
});

test('config check names an unknown variable and exits non-zero', () => {
  const r = runCli(['config', 'check'], { COURTEDGE_BOGUS: '1' }, dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /COURTEDGE_BOGUS/);
  const ok = runCli(['config', 'check'], {}, dir);
  assert.equal(ok.code, 0, ok.stderr);
});

test('a bad date is one clear line and exit 2', () => {
  const r = runCli(['--store', store, 'clock', 'set', '2025-13-01']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), 'courtedge: DATE must be a date YYYY-MM-DD, got "2025-13-01"');
});
