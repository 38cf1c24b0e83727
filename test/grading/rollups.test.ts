import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../src/config/log.ts';
import { writeAlerts } from '../../src/grading/alerts.ts';
import { gradeDates } from '../../src/orchestrate/grade.ts';
import type { Store } from '../../src/store/store.ts';
import {
  addBox,
  addCandidates,
  addGames,
  addModels,
  addPicks,
  addPredictions,
  gradingStore,
  type PredFx,
  testConfig,
} from './helpers.ts';

/**
 * One game a day, ten players (five a team) scoring 25 (players 1–6) or 15 (7–10) against a
 * 20.5 line. m1 (champion) predicts 25 for everyone: OVER, |edge| 4.5 → 6 W / 4 L a day.
 * m2 predicts 16 for everyone: UNDER → 4 W / 6 L a day.
 */
const DAYS = ['2025-11-01', '2025-11-02', '2025-11-03'];

async function day(store: Store, date: string) {
  const gid = `G${date.slice(8)}`;
  await addGames(store, [{ game_id: gid, date }]);
  const box: Array<[number, string, number, number]> = [];
  for (let p = 1; p <= 10; p++) box.push([p, p <= 5 ? 'HOM' : 'AWY', 30, p <= 6 ? 25 : 15]);
  await addBox(store, gid, date, box);
  const preds: PredFx[] = [];
  for (let p = 1; p <= 10; p++) {
    preds.push({ date, game_id: gid, player_id: p, system_id: 'm1', predicted: 25, line: 20.5 });
    preds.push({ date, game_id: gid, player_id: p, system_id: 'm2', predicted: 16, line: 20.5 });
  }
  await addPredictions(store, preds);
  await addPicks(store, [
    { date, game_id: gid, player_id: 1, direction: 'OVER', line: 20.5, best_price: 100 },
  ]);
  // Candidates: m1's predictions of players 1 (wins) and 7 (loses) carry 'both', player 1 also
  // 'hot'; 'idle' fires on player 2 with source m3, which made no prediction: never graded.
  await addCandidates(store, [
    { date, game_id: gid, player_id: 1, tags: ['hot', 'both'] },
    { date, game_id: gid, player_id: 7, tags: ['both'] },
    { date, game_id: gid, player_id: 2, system_id: 'm3', tags: ['idle'] },
  ]);
}

describe('rollups and alerts on DuckDB', () => {
  let store: Store;
  let calls = 0;
  const failingFetch = (async () => {
    calls++;
    throw new Error('connection refused');
  }) as unknown as typeof fetch;
  const cfg = testConfig({ 'grading.alerts.webhookUrl': 'http://127.0.0.1:9/hook' });
  const opts = { config: cfg, now: () => new Date('2025-11-04T12:00:00Z'), fetchImpl: failingFetch };

  before(async () => {
    store = await gradingStore();
    await addModels(store, [
      { system_id: 'm1', champion: true, train_end: '2025-10-25' },
      { system_id: 'm2', family: 'v12' },
      { system_id: 'm3', family: 'v12' },
    ]);
    for (const d of DAYS) await day(store, d);
  });
  after(() => store.close());

  test('a range grades every date and writes each rollup', async () => {
    const s = await gradeDates(store, DAYS, opts);
    assert.equal(s.graded, 60);
    assert.deepEqual(s.rollups!.dates, DAYS);
    const perf = await store.query(
      'SELECT date, system_id, n_7d, wins_7d, hr_7d, state, consecutive_days_in_state, days_since_training FROM model_performance_daily ORDER BY date, system_id',
    );
    assert.equal(perf.length, 9); // m3 is enabled without grades: a row with n = 0
    const m1 = perf.filter((r) => r.system_id === 'm1');
    assert.deepEqual(
      m1.map((r) => [r.n_7d, r.wins_7d, r.hr_7d, r.state, r.consecutive_days_in_state]),
      [
        [10, 6, 60, 'HEALTHY', 1],
        [20, 12, 60, 'HEALTHY', 2],
        [30, 18, 60, 'HEALTHY', 3],
      ],
    );
    assert.equal(m1[2].days_since_training, 9);
    const m2 = perf.filter((r) => r.system_id === 'm2').map((r) => r.state);
    assert.deepEqual(m2, ['BLOCKED', 'BLOCKED', 'BLOCKED']);
    assert.equal(perf.find((r) => r.system_id === 'm3')!.state, 'INSUFFICIENT_DATA');
    const sig = await store.query(
      "SELECT tag, n_7d, hr_7d, n_season, hr_season, regime FROM signal_health_daily WHERE date = '2025-11-03' ORDER BY tag",
    );
    assert.deepEqual(
      sig.map((r) => [r.tag, r.n_7d, r.hr_7d, r.n_season, r.hr_season, r.regime]),
      [
        ['both', 6, 50, 6, 50, 'NORMAL'],
        ['hot', 3, 100, 3, 100, 'NORMAL'],
        ['idle', 0, null, 0, null, 'NORMAL'],
      ],
    );
    const dir = await store.query(
      "SELECT wins, losses, n, hr FROM direction_health_daily WHERE direction = 'OVER' ORDER BY date",
    );
    assert.deepEqual(
      dir.map((r) => r.n),
      [1, 2, 3],
    );
  });

  test('alerts: rows written, webhook failure recorded, the phase succeeds; a re-run does not resend', async () => {
    const alerts = await store.query(
      'SELECT kind, severity, subject, webhook_status, webhook_error FROM alerts ORDER BY kind, subject',
    );
    // Only the latest date raises alerts; m2 has been BLOCKED since day one (no change) and
    // there is no state change or challenger on 11-03.
    assert.deepEqual(alerts, []);
    assert.equal(calls, 0);
    // A crash day: both models lose everything on 11-04.
    const date = '2025-11-04';
    await addGames(store, [{ game_id: 'G04', date }]);
    const box: Array<[number, string, number, number]> = [];
    for (let p = 1; p <= 10; p++) box.push([p, p <= 5 ? 'HOM' : 'AWY', 30, 20]);
    await addBox(store, 'G04', date, box);
    const preds: PredFx[] = [];
    for (let p = 1; p <= 10; p++) {
      preds.push({ date, game_id: 'G04', player_id: p, system_id: 'm1', predicted: 25, line: 20.5 });
      preds.push({ date, game_id: 'G04', player_id: p, system_id: 'm2', predicted: 25, line: 20.5 });
    }
    await addPredictions(store, preds);
    const s = await gradeDates(store, [date], { ...opts, now: () => new Date('2025-11-05T12:00:00Z') });
    assert.equal(s.losses, 20);
    const rows = await store.query(
      'SELECT kind, severity, subject, webhook_status, webhook_error FROM alerts ORDER BY kind, subject',
    );
    assert.deepEqual(
      rows.map((r) => [r.kind, r.severity, r.subject, r.webhook_status]),
      [
        ['market_crash', 'critical', 'market', 'failed'],
        ['model_state_change', 'critical', 'm1', 'failed'], // 18/40 = 45% → BLOCKED
      ],
    );
    assert.equal(rows[0].webhook_error, 'connection refused');
    assert.equal(calls, 4); // two alerts, one retry each
    const run = await store.query(
      "SELECT status FROM pipeline_runs WHERE phase = 'grade' AND date = '2025-11-04'",
    );
    assert.deepEqual(run, [{ status: 'succeeded' }]);
    await gradeDates(store, [date], { ...opts, now: () => new Date('2025-11-05T13:00:00Z') });
    assert.equal(calls, 4);
    assert.equal((await store.query('SELECT COUNT(*) AS n FROM alerts'))[0].n, 2);
  });

  test('a re-grade of an earlier date recomputes the later windows', async () => {
    // Box-score correction on 11-01: players 7–10 actually scored 25 → m1 10/10 that day.
    await store.run("UPDATE box_scores SET points = 25 WHERE game_id = 'G01' AND player_id >= 7");
    const s = await gradeDates(store, ['2025-11-01'], {
      ...opts,
      now: () => new Date('2025-11-05T14:00:00Z'),
    });
    assert.deepEqual(s.rollups!.dates, ['2025-11-01', '2025-11-02', '2025-11-03', '2025-11-04']);
    const m1 = await store.query(
      "SELECT date, n_7d, wins_7d FROM model_performance_daily WHERE system_id = 'm1' ORDER BY date",
    );
    assert.deepEqual(
      m1.map((r) => [r.date, r.n_7d, r.wins_7d]),
      [
        ['2025-11-01', 10, 10],
        ['2025-11-02', 20, 16],
        ['2025-11-03', 30, 22],
        ['2025-11-04', 40, 22],
      ],
    );
    const n = await store.query('SELECT COUNT(*) AS n FROM model_performance_daily');
    assert.equal(n[0].n, 12);
  });

  test('auto-disable blocks a model BLOCKED for 3 days, keeping the floor of 3 enabled', async () => {
    const on = testConfig({ 'grading.health.autoDisable.enabled': true });
    const o = { config: on, now: () => new Date('2025-11-05T15:00:00Z'), fetchImpl: failingFetch };
    // m1, m2, m3 enabled: disabling m2 would leave 2, so nothing happens.
    let s = await gradeDates(store, ['2025-11-04'], o);
    assert.deepEqual(s.rollups!.disabled, []);
    await addModels(store, [{ system_id: 'm4', family: 'v12' }]);
    s = await gradeDates(store, ['2025-11-04'], o);
    assert.deepEqual(s.rollups!.disabled, ['m2']);
    const m = await store.query("SELECT status, enabled, status_reason FROM models WHERE system_id = 'm2'");
    assert.deepEqual(m, [
      { status: 'blocked', enabled: false, status_reason: 'auto_disable: BLOCKED 20.0% (N 40) for 4 days' },
    ]);
    const a = await store.query(
      "SELECT severity FROM alerts WHERE kind = 'model_auto_disabled' AND subject = 'm2'",
    );
    assert.deepEqual(a, [{ severity: 'warning' }]);
  });

  test('webhook sent once with {kind, severity, date, subject, message, payload}', async () => {
    const bodies: any[] = [];
    const okFetch = (async (_url: string, init: RequestInit) => {
      bodies.push(JSON.parse(String(init.body)));
      return new Response('ok', { status: 200 });
    }) as unknown as typeof fetch;
    const draft = {
      date: '2025-11-09',
      kind: 'grading_gap' as const,
      severity: 'warning' as const,
      subject: 'G99',
      message: 'game G99 has no box scores',
      payload: { hours: 13 },
    };
    const o = {
      runId: null,
      now: new Date('2025-11-10T12:00:00Z'),
      webhookUrl: 'http://hook',
      webhookTimeoutMs: 100,
      fetchImpl: okFetch,
      log: silentLogger,
    };
    const first = await writeAlerts(store, [draft], o);
    assert.deepEqual([first[0].webhook_status, first[0].is_new], ['sent', true]);
    assert.deepEqual(bodies, [
      {
        kind: 'grading_gap',
        severity: 'warning',
        date: '2025-11-09',
        subject: 'G99',
        message: 'game G99 has no box scores',
        payload: { hours: 13 },
      },
    ]);
    const again = await writeAlerts(store, [{ ...draft, message: 'still missing' }], o);
    assert.deepEqual([again[0].webhook_status, again[0].is_new], ['unchanged', false]);
    assert.equal(bodies.length, 1);
    const row = await store.query("SELECT message, webhook_status FROM alerts WHERE subject = 'G99'");
    assert.deepEqual(row, [{ message: 'still missing', webhook_status: 'sent' }]);
  });
});
