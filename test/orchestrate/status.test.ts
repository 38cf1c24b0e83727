import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { createLogger } from '../../src/config/log.ts';
import { configSchema } from '../../src/config/schema.ts';
import type { App } from '../../src/orchestrate/app.ts';
import { status } from '../../src/orchestrate/status.ts';
import { watchdogPass } from '../../src/orchestrate/watchdog.ts';
import { openMemoryStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';

const D = '2030-01-10';
const log = createLogger('silent');

function appOf(store: Store, over: Record<string, unknown> = {}): App {
  return { store, config: configSchema.parse({ today: D, ...over }), configHash: 'h1', log };
}

/**
 * One complete date by hand: 2 Final games (G1, G2), one player each; 2 enabled models trained
 * before D, each predicting both players; a best-bets run; grades for all 4 predictions; one
 * export file. Everything status expects for D.
 */
async function completeDate(store: Store): Promise<void> {
  const now = '2030-01-10T12:00:00.000Z';
  for (const [g, home, away, p] of [
    ['G1', 'AAA', 'BBB', 1],
    ['G2', 'CCC', 'DDD', 2],
  ] as const) {
    await store.run(
      `INSERT INTO games (game_id, game_date, season, home, away, status, source) VALUES ($1, $2::DATE, 2029, $3, $4, 3, 't')`,
      [g, D, home, away],
    );
    await store.run(
      `INSERT INTO box_scores (game_id, player_id, game_date, team, minutes, points, source) VALUES ($1, $2, $3::DATE, $4, 30, 20, 't')`,
      [g, p, D, home],
    );
    await store.run(
      `INSERT INTO features (game_id, player_id, feature_set, feature_set_version, cutoff_kind, game_date, cutoff_at,
         contract_hash, "values", sources, quality_score, required_defaults, is_quality_ready, computed_at)
       VALUES ($1, $2, 'v9', 'v9.1', 'tipoff', $3::DATE, $4::TIMESTAMPTZ, 'c', [1.0], ['x'], 1, 0, TRUE, $4::TIMESTAMPTZ)`,
      [g, p, D, now],
    );
    for (const m of ['m_a', 'm_b']) {
      await store.run(
        `INSERT INTO predictions (prediction_id, batch_id, mode, game_date, game_id, player_id, system_id, family, line_key,
           predicted, recommendation, feature_set_version, as_of, created_at, is_active)
         VALUES ($1, 'pb1', 'FIRST', $2::DATE, $3, $4, $5, 'v9', 19.5, 21, 'OVER', 'v9.1', $6::TIMESTAMPTZ, $6::TIMESTAMPTZ, TRUE)`,
        [`${m}${g}`, D, g, p, m, now],
      );
      await store.run(
        `INSERT INTO prediction_grades (game_date, game_id, player_id, system_id, recommendation, predicted, result, graded_at)
         VALUES ($1::DATE, $2, $3, $4, 'OVER', 21, 'WIN', $5::TIMESTAMPTZ)`,
        [D, g, p, m, now],
      );
    }
  }
  for (const m of ['m_a', 'm_b'])
    await store.run(
      `INSERT INTO models (system_id, family, feature_set, contract_hash, loss, min_edge, train_start, train_end,
         window_game_days, artifact_hash, created_at, enabled, is_champion)
       VALUES ($1, 'v9', 'v9', 'c', 'l2', 3, '2029-11-01'::DATE, '2030-01-03'::DATE, 40, 'a', $2::TIMESTAMPTZ, TRUE, $3)`,
      [m, now, m === 'm_a'],
    );
  await store.run(
    `INSERT INTO best_bets_runs (date, run_id, algorithm_version, status, filter_summary, pipeline_summary, edge_distribution,
       exposure, ultra_gate, post_tip_games, config_hash, created_at)
     VALUES ($1::DATE, 'run_bb', 'v1', 'complete', '{}', '{"bottleneck":"edge_floor"}', '{}', '{}', '{}', 0, 'h1', $2::TIMESTAMPTZ)`,
    [D, now],
  );
  await store.run(
    `INSERT INTO exports (path, date, sha256, written_at) VALUES ('best-bets/2030-01-10.json', $1::DATE, 's', $2::TIMESTAMPTZ)`,
    [D, now],
  );
}

test('a complete date: nothing missing; each phase expected = actual', async () => {
  const store = await openMemoryStore();
  try {
    await completeDate(store);
    const r = await status(appOf(store));
    assert.equal(r.today, D);
    assert.deepEqual(r.missing, []);
    assert.equal(r.ok, true);
    const [d] = r.dates;
    assert.deepEqual(
      d.checks.map((c) => `${c.name} ${c.actual}/${c.expected}`),
      ['box_scores 2/2', 'features 2/2', 'predictions 2/2', 'picks 1/1', 'exports 1/1', 'grades 4/4'],
    );
    assert.deepEqual(d.predictions_by_model, { m_a: 2, m_b: 2 });
    assert.equal(d.bottleneck, 'edge_floor');
    assert.deepEqual(r.champions, ['m_a']);
    assert.deepEqual(
      r.schedule.map((j) => j.job),
      ['linesRefresh', 'postGame', 'daily', 'retry', 'finalRetry', 'lastCall', 'weeklyRetrain'],
    );
  } finally {
    await store.close();
  }
});

test('status names each missing phase: a box score, one model, grades and the export', async () => {
  const store = await openMemoryStore();
  try {
    await completeDate(store);
    await store.run(`DELETE FROM box_scores WHERE game_id = 'G2'`);
    await store.run(`DELETE FROM predictions WHERE system_id = 'm_b'`);
    await store.run(`DELETE FROM prediction_grades WHERE game_id = 'G1' AND system_id = 'm_a'`);
    await store.run('DELETE FROM exports');
    const r = await status(appOf(store));
    assert.equal(r.ok, false);
    assert.deepEqual(
      r.missing.map((m) => m.split(' (')[0]),
      [`${D} box_scores: 1 of 2`, `${D} predictions: 1 of 2`, `${D} exports: 0 of 1`, `${D} grades: 1 of 2`],
    );
    assert.match(r.missing[0], /courtedge fetch boxscores --date 2030-01-10/);
    // A date after today expects nothing; a range covers each date.
    const later = await status(appOf(store), { from: D, to: '2030-01-12' });
    assert.equal(later.dates.length, 3);
    assert.deepEqual(later.dates[2].checks, [{ name: 'box_scores', expected: 0, actual: 0, missing: false }]);
  } finally {
    await store.close();
  }
});

test('the watchdog fails an orphaned and a stalled run, alerts once, and status shows both', async () => {
  const store = await openMemoryStore();
  try {
    await completeDate(store);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const now = new Date('2030-01-10T15:00:00.000Z');
    await store.run(
      `INSERT INTO pipeline_runs (run_id, phase, date, status, started_at, config_hash, pid) VALUES
         ('run_dead', 'features', $1::DATE, 'running', '2030-01-10T14:59:00.000Z'::TIMESTAMPTZ, 'h1', $2),
         ('run_hung', 'predict', $1::DATE, 'running', '2030-01-10T13:00:00.000Z'::TIMESTAMPTZ, 'h1', $3),
         ('run_busy', 'bestbets', $1::DATE, 'running', '2030-01-10T14:30:00.000Z'::TIMESTAMPTZ, 'h1', $3)`,
      [D, dead, process.pid],
    );
    const app = appOf(store);
    const before = await status(app, { now });
    assert.deepEqual(
      before.running.map((x) => `${x.run_id} ${x.verdict}`),
      ['run_hung STALLED', 'run_busy null', 'run_dead ORPHANED'],
    );
    assert.equal(before.ok, false);

    const w = await watchdogPass(app, { now });
    assert.deepEqual(w.orphaned, ['run_dead']);
    assert.deepEqual(w.stalled, ['run_hung']);
    assert.deepEqual(w.alerts.map((a) => `${a.subject} ${a.reason}`).sort(), [
      'run_dead ORPHANED',
      'run_hung STALLED',
    ]);
    const [hung] = await store.query(
      `SELECT status, error, duration_ms FROM pipeline_runs WHERE run_id = 'run_hung'`,
    );
    assert.equal(hung.status, 'failed');
    assert.match(hung.error, /^STALLED: no progress for 7200 s/);
    assert.equal(hung.duration_ms, 7_200_000);

    const again = await watchdogPass(app, { now });
    assert.deepEqual(again, { orphaned: [], stalled: [], alerts: [] });
    const alerts = await store.query(
      `SELECT subject, severity FROM alerts WHERE kind = 'run_stalled' ORDER BY subject`,
    );
    assert.deepEqual(alerts, [
      { subject: 'run_dead', severity: 'warning' },
      { subject: 'run_hung', severity: 'critical' },
    ]);

    const after = await status(app, { now });
    assert.deepEqual(after.stalled.map((s) => `${s.id} ${s.reason}`).sort(), [
      'run_dead ORPHANED',
      'run_hung STALLED',
    ]);
    assert.deepEqual(after.failures.map((f) => f.run_id).sort(), ['run_dead', 'run_hung']);
    assert.deepEqual(
      after.running.map((x) => x.run_id),
      ['run_busy'],
    );
  } finally {
    await store.close();
  }
});
