import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.ts';
import {
  ALL_FEATURES,
  contractHash,
  featureDefs,
  featureNames,
  featureSetVersion,
  SET_INDICES,
} from '../../src/features/contract.ts';
import { qualityScore, tierOf } from '../../src/features/quality.ts';

const { config } = loadConfig({ env: {} });

test('contract: sizes, unique names, v9 = first 33 of v12, v12_noveg = v12 minus the four vegas features', () => {
  assert.equal(featureNames('v9').length, 33);
  assert.equal(featureNames('v12').length, 54);
  assert.equal(featureNames('v12_noveg').length, 50);
  assert.equal(new Set(ALL_FEATURES.map((f) => f.name)).size, 54);
  assert.deepEqual(featureNames('v9'), featureNames('v12').slice(0, 33));
  const vegas = ['vegas_points_line', 'vegas_opening_line', 'vegas_line_move', 'has_vegas_line'];
  assert.deepEqual(
    featureNames('v12_noveg'),
    featureNames('v12').filter((n) => !vegas.includes(n)),
  );
  assert.deepEqual(featureNames('v12').slice(25, 29), vegas);
  assert.equal(featureNames('v12')[53], 'line_vs_season_avg');
  assert.equal(featureSetVersion('v12_noveg'), 'v12_noveg@1');
});

test('contract: required/optional counts per set (spec 02 §4)', () => {
  const count = (set: 'v9' | 'v12' | 'v12_noveg') => featureDefs(set).filter((f) => f.required).length;
  assert.equal(count('v9'), 24);
  assert.equal(count('v12'), 35);
  assert.equal(count('v12_noveg'), 34);
  assert.deepEqual(
    featureDefs('v9')
      .filter((f) => !f.required)
      .map((f) => f.index),
    [6, 8, 10, 18, 19, 25, 26, 27, 29],
  );
  assert.deepEqual(SET_INDICES.v12_noveg.length, 50);
});

test('contract hash: stable, differs per set, changes when a parameter changes', () => {
  const h = contractHash('v12', config);
  assert.match(h, /^[0-9a-f]{16}$/);
  assert.equal(contractHash('v12', loadConfig({ env: {} }).config), h);
  assert.notEqual(contractHash('v9', config), h);
  const changed = loadConfig({ env: { COURTEDGE_FEATURES_PARAMS_HISTORY_DAYS: '45' } }).config;
  assert.notEqual(contractHash('v12', changed), h);
  const stale = loadConfig({ env: { COURTEDGE_LINES_STALE_AFTER_HOURS: '6' } }).config;
  assert.notEqual(contractHash('v12', stale), h);
  // a runtime-only key does not change it
  const rt = loadConfig({ env: { COURTEDGE_THREADS: '3' } }).config;
  assert.equal(contractHash('v12', rt), h);
});

test('quality: spec example 4 and the caps', () => {
  const w = config.features.quality.weights;
  // 34 required present (14 box_score, 5 team_logs, 4 schedule, 11 calculated) + optional #29 (box_score)
  const tags = [
    ...Array(15).fill('box_score'),
    ...Array(5).fill('team_logs'),
    ...Array(4).fill('schedule'),
    ...Array(11).fill('calculated'),
    ...Array(15).fill('missing'),
  ];
  const required = [...Array(14).fill(true), false, ...Array(20).fill(true), ...Array(15).fill(false)];
  assert.deepEqual(qualityScore(tags, required, w), { score: 99.3, requiredDefaults: 0 });
  // three required team features missing → capped at 69
  const t2 = [...tags];
  t2[15] = 'missing';
  t2[16] = 'missing';
  t2[17] = 'missing';
  assert.deepEqual(qualityScore(t2, required, w), { score: 69, requiredDefaults: 3 });
  const t3 = [...t2];
  t3[0] = 'missing';
  t3[1] = 'missing';
  assert.equal(qualityScore(t3, required, w).score, 49);
  assert.equal(tierOf(99.3), 'gold');
  assert.equal(tierOf(85), 'silver');
  assert.equal(tierOf(69), 'poor');
  assert.equal(tierOf(49), 'critical');
});
