import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers/real-data.ts';

test('courtedge predict --json: one JSON line with the output contract; a failed batch exits 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'courtedge-predict-cli-'));
  try {
    const env = { ...process.env, COURTEDGE_TODAY: '2026-03-02', COURTEDGE_LOG_LEVEL: 'silent' };
    // Only init, simulate and demo create a store.
    const bin = join(REPO_ROOT, 'bin/courtedge.js');
    const init = spawnSync(process.execPath, [bin, '--store', join(dir, 's.duckdb'), 'init'], {
      env,
      cwd: dir,
    });
    assert.equal(init.status, 0);
    const res = spawnSync(
      process.execPath,
      [
        join(REPO_ROOT, 'bin/courtedge.js'),
        '--store',
        join(dir, 's.duckdb'),
        'predict',
        '--date',
        'today',
        '--json',
      ],
      { encoding: 'utf8', env, cwd: dir },
    );
    assert.equal(res.status, 1, res.stderr);
    const lines = res.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const out = JSON.parse(lines[0]);
    assert.deepEqual(
      [out.date, out.mode, out.status, out.failure_reason, out.requested, out.predictions],
      ['2026-03-02', 'FIRST', 'failed', 'NO_ENABLED_MODELS', 0, 0],
    );
    assert.match(out.batch_id, /^pb_20260302_170000_[0-9a-f]{4}$/);
    for (const k of ['viable', 'predicted_players', 'systems', 'blocked_by_reason', 'seconds'])
      assert.ok(k in out, k);
    assert.deepEqual(Object.keys(out.line_diagnostics), [
      'NO_PROP_LINE',
      'LINE_SOURCE',
      'LINE_SANITY_REJECT',
      'STALE_LINE',
      'LINE_OUTLIER',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
