import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStore } from '../../src/store/open.ts';
import { REPO_ROOT } from '../helpers/real-data.ts';
import { fixtureLeague, G, P } from './fixture.ts';
import { insertLeague } from './league.ts';

const dir = mkdtempSync(join(tmpdir(), 'ce-features-'));
const storePath = join(dir, 'store.duckdb');

function cli(...args: string[]): string {
  return execFileSync(
    process.execPath,
    ['--import', 'tsx', join(REPO_ROOT, 'src/cli/main.ts'), '--store', storePath, ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, COURTEDGE_LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    },
  );
}

before(async () => {
  const store = await openStore({ store: storePath }, { create: true });
  await insertLeague(store, fixtureLeague());
  await store.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('courtedge features --date D --json prints one line with the output contract; --export writes sorted CSV', () => {
  const out = cli('features', '--date', '2025-01-21', '--json');
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 1);
  const j = JSON.parse(lines[0]);
  assert.equal(j.dates, 1);
  assert.equal(j.rows % 3, 0);
  assert.deepEqual(Object.keys(j.by_set).sort(), ['v12', 'v12_noveg', 'v9']);
  assert.equal(j.by_set.v12.rows, j.rows / 3);
  assert.ok(j.blocked_by_reason.INSUFFICIENT_HISTORY >= 3); // Q in three sets
  assert.equal(typeof j.seconds, 'number');
  assert.equal(typeof j.quality_ready, 'number');

  const file = join(dir, 'out.csv');
  cli('features', '--date', '2025-01-21', '--export', file);
  const csv = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(csv.length, j.rows + 1);
  const header = csv[0].split(',');
  assert.deepEqual(header.slice(0, 4), ['game_id', 'player_id', 'feature_set', 'points_avg_last_5']);
  assert.equal(header.length, 3 + 54);
  const p = csv.filter((l) => l.startsWith(`${G},${P},`));
  assert.deepEqual(
    p.map((l) => l.split(',')[2]),
    ['v12', 'v12_noveg', 'v9'],
  );
  const v9 = p[2].split(',');
  assert.equal(v9[3], '21.2');
  assert.equal(v9[3 + 53], ''); // line_vs_season_avg is not in v9: empty
  const keys = csv.slice(1).map((l) => l.split(',').slice(0, 3));
  const sorted = [...keys].sort(
    (a, b) => a[0].localeCompare(b[0]) || Number(a[1]) - Number(b[1]) || a[2].localeCompare(b[2]),
  );
  assert.deepEqual(keys, sorted);
});

test('courtedge features --explain prints values with sources and inputs', () => {
  const out = cli('features', '--date', '2025-01-21', '--player', String(P), '--explain', '--json');
  const j = JSON.parse(out.trim());
  const r = j.rows.find((x: { game_id: string }) => x.game_id === G);
  assert.equal(r.features.length, 54);
  assert.equal(r.features[0].value, 21.2);
  assert.equal(r.features[0].source, 'box_score');
  assert.match(r.features[1].inputs, /28, 24, 18, 20, 16, 22, 14, 20, 18, 20/);
  assert.equal(r.quality.v12.ready, true);
});
