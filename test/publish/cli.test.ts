import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { schemaForPath, sha256Hex } from '../../src/publish/index.ts';
import { runCli } from '../helpers/cli.ts';
import { FIXTURE_DATE, publishFixture } from './fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'courtedge-export-cli-'));
const storePath = join(root, 'store.duckdb');

before(async () => {
  const fx = await publishFixture({ storePath, noExport: true });
  await fx.close();
});
after(() => rmSync(root, { recursive: true, force: true }));

test('courtedge export --date D --out DIR --json prints {files:[{path, sha256, bytes}]} matching the files', () => {
  const out = join(root, 'out');
  const r = runCli(['--store', storePath, 'export', '--date', FIXTURE_DATE, '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const res = JSON.parse(lines[0]);
  assert.equal(res.date, FIXTURE_DATE);
  assert.equal(res.files.length, 8 + 24); // 8 files of D + one per slate player (the manifest is separate)
  for (const f of res.files) {
    assert.deepEqual(Object.keys(f), ['path', 'sha256', 'bytes']);
    const bytes = readFileSync(join(out, f.path));
    assert.equal(sha256Hex(bytes), f.sha256);
    assert.equal(bytes.length, f.bytes);
    assert.ok(schemaForPath(f.path)?.safeParse(JSON.parse(bytes.toString())).success, f.path);
  }
});

test('courtedge export: a bad date is one clear line and exit 2, nothing written', () => {
  const out = join(root, 'bad');
  const r = runCli(['--store', storePath, 'export', '--date', '2025-02-30x', '--out', out]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /--date must be a date YYYY-MM-DD/);
  const missing = runCli(['--store', storePath, 'export', '--out', out]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--date is required/);
});
