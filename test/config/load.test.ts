import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, configLeaves, describeConfig, envNameFor, loadConfig } from '../../src/config/load.ts';

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'ce-config-'));
  const file = join(dir, 'courtedge.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}

test('env names follow the key path in UPPER_SNAKE', () => {
  assert.equal(envNameFor('bestbets.edgeFloor'), 'COURTEDGE_BESTBETS_EDGE_FLOOR');
  assert.equal(envNameFor('store'), 'COURTEDGE_STORE');
  assert.equal(envNameFor('models.training.seasonTypes'), 'COURTEDGE_MODELS_TRAINING_SEASON_TYPES');
  assert.equal(envNameFor('testDatabaseUrl'), 'COURTEDGE_TEST_DATABASE_URL');
});

test('precedence: default < file < env', () => {
  const d = loadConfig({ env: {} });
  assert.equal(d.config.lines.staleAfterHours, 12);
  assert.equal(d.origins['lines.staleAfterHours'], 'default');

  const file = configFile({ lines: { staleAfterHours: 6 }, store: '/tmp/x.duckdb' });
  const f = loadConfig({ file, env: {} });
  assert.equal(f.config.lines.staleAfterHours, 6);
  assert.equal(f.origins['lines.staleAfterHours'], 'file');
  assert.equal(f.config.lines.outlierPoints, 6, 'sibling keys keep their defaults');
  assert.equal(f.config.store, '/tmp/x.duckdb');

  const e = loadConfig({ file, env: { COURTEDGE_LINES_STALE_AFTER_HOURS: '3' } });
  assert.equal(e.config.lines.staleAfterHours, 3);
  assert.equal(e.origins['lines.staleAfterHours'], 'env');
  assert.equal(e.origins.store, 'file');
});

test('arrays in the environment are JSON', () => {
  const l = loadConfig({ env: { COURTEDGE_MODELS_TRAINING_SEASON_TYPES: '["regular"]' } });
  assert.deepEqual(l.config.models.training.seasonTypes, ['regular']);
  assert.throws(
    () => loadConfig({ env: { COURTEDGE_MODELS_TRAINING_SEASON_TYPES: 'regular' } }),
    /COURTEDGE_MODELS_TRAINING_SEASON_TYPES: expected JSON/,
  );
});

test('unknown COURTEDGE_ variables are rejected by name, all at once', () => {
  try {
    loadConfig({ env: { COURTEDGE_BOGUS: '1', COURTEDGE_ALSO_BOGUS: 'x' } });
    assert.fail('expected a ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual(e.problems.sort(), [
      'unknown environment variable COURTEDGE_ALSO_BOGUS',
      'unknown environment variable COURTEDGE_BOGUS',
    ]);
  }
});

test('invalid values name the key and the variable', () => {
  assert.throws(
    () => loadConfig({ env: { COURTEDGE_LINES_STALE_AFTER_HOURS: 'soon' } }),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.problems.length === 1 &&
      e.problems[0].startsWith('invalid value for lines.staleAfterHours (COURTEDGE_LINES_STALE_AFTER_HOURS)'),
  );
  assert.throws(
    () => loadConfig({ file: configFile({ lines: { staleAfterHours: -1 } }), env: {} }),
    /invalid value for lines\.staleAfterHours/,
  );
  assert.throws(
    () => loadConfig({ file: configFile({ lines: { nope: 1 } }), env: {} }),
    /unknown config key lines\.nope/,
  );
  assert.throws(() => loadConfig({ env: { COURTEDGE_TODAY: '2025-13-45x' } }), /invalid value for today/);
});

test('the config hash ignores runtime-only keys and changes with model-relevant ones', () => {
  const base = loadConfig({ env: {} }).hash;
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(
    loadConfig({ env: { COURTEDGE_STORE: '/elsewhere.duckdb', COURTEDGE_THREADS: '7' } }).hash,
    base,
  );
  assert.equal(
    loadConfig({ env: { COURTEDGE_SERVER_PORT: '9999', COURTEDGE_ODDS_API_KEY: 'k' } }).hash,
    base,
  );
  assert.notEqual(loadConfig({ env: { COURTEDGE_LINES_STALE_AFTER_HOURS: '11' } }).hash, base);
});

test('describeConfig lists every leaf with origin and masks secrets', () => {
  const l = loadConfig({ env: { COURTEDGE_ODDS_API_KEY: 'sekret' } });
  const d = describeConfig(l);
  assert.equal(Object.keys(d).length, configLeaves().length);
  assert.deepEqual(
    { value: d.oddsApiKey.value, origin: d.oddsApiKey.origin },
    { value: '********', origin: 'env' },
  );
  assert.ok(!JSON.stringify(d).includes('sekret'));
  for (const leaf of configLeaves()) assert.ok(leaf.schema.description, `${leaf.path} has a description`);
});
