import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { blacklistForDate, playerGameWinners } from '../../src/grading/blacklist.ts';
import { detectAlerts, planAutoDisable, stateChangeSeverity } from '../../src/grading/decay.ts';
import { directionHealthForDate } from '../../src/grading/direction.ts';
import {
  type GradeForRollup,
  healthState,
  hrOutcome,
  type PerformanceRow,
  performanceForDates,
} from '../../src/grading/performance.ts';
import { signalHealthForDate, signalRegime } from '../../src/grading/signals.ts';
import { wilson } from '../../src/grading/stats.ts';
import { testConfig } from './helpers.ts';

const cfg = testConfig().grading;
const r1 = (x: number | null | undefined) => (x == null ? x : Math.round(x * 10) / 10);

describe('Wilson and HR@3 population', () => {
  test('30 of 50 → 60.0% [46.2, 72.4]; 60 of 100 → [50.2, 69.1]', () => {
    const a = wilson(30, 50)!;
    assert.deepEqual([r1(a.low), r1(a.high)], [46.2, 72.4]);
    const b = wilson(60, 100)!;
    assert.deepEqual([r1(b.low), r1(b.high)], [50.2, 69.1]);
    assert.equal(wilson(0, 0), null);
  });
  test('direction = sign(edge) whatever the recommendation; pushes and small edges out', () => {
    assert.equal(hrOutcome({ line: 20.5, predicted: 23.5, actual_points: 21 }, 3), true);
    assert.equal(hrOutcome({ line: 20.5, predicted: 17, actual_points: 21 }, 3), false);
    assert.equal(hrOutcome({ line: 20.5, predicted: 23.4, actual_points: 30 }, 3), null);
    assert.equal(hrOutcome({ line: 20, predicted: 24, actual_points: 20 }, 3), null);
    assert.equal(hrOutcome({ line: null, predicted: 24, actual_points: 20 }, 3), null);
    assert.equal(hrOutcome({ line: 20.5, predicted: 24.5, actual_points: null }, 3), null);
  });
});

describe('state machine (spec 06 §4.1)', () => {
  const h = cfg.health;
  test('boundaries at 52.4 / 55.0 / 58.0 and N = 4 vs 5', () => {
    assert.equal(healthState(4, 100, h), 'INSUFFICIENT_DATA');
    assert.equal(healthState(5, 100, h), 'HEALTHY');
    assert.equal(healthState(100, 58.0, h), 'HEALTHY');
    assert.equal(healthState(100, 57.99, h), 'WATCH');
    assert.equal(healthState(42, (100 * 24) / 42, h), 'WATCH'); // 57.1%
    assert.equal(healthState(100, 55.0, h), 'WATCH');
    assert.equal(healthState(100, 54.99, h), 'DEGRADING');
    assert.equal(healthState(100, 52.4, h), 'DEGRADING');
    assert.equal(healthState(100, 52.39, h), 'BLOCKED');
  });

  // Model m: 10 HR@3 bets a day; wins per day crafted to walk through the states.
  function grades(winsByDay: Record<string, number>, perDay = 10): GradeForRollup[] {
    const out: GradeForRollup[] = [];
    for (const [date, wins] of Object.entries(winsByDay)) {
      for (let i = 0; i < perDay; i++) {
        const win = i < wins;
        out.push({
          game_date: date,
          system_id: 'm',
          family: 'v9',
          predicted: 24.5,
          line: 20.5,
          actual_points: win ? 25 : 15,
          abs_error: win ? 0.5 : 9.5,
          signed_error: win ? -0.5 : 9.5,
          line_abs_error: 4.5,
        });
      }
    }
    return out;
  }
  test('transitions, previous_state, state_since and the consecutive-day counter', () => {
    const days = ['2025-11-01', '2025-11-02', '2025-11-03', '2025-11-04', '2025-11-05'];
    const g = grades({ '2025-11-01': 7, '2025-11-02': 6, '2025-11-03': 6, '2025-11-04': 0, '2025-11-05': 0 });
    const models = [
      { system_id: 'm', family: 'v9', enabled: true, is_champion: true, train_end: '2025-10-25' },
    ];
    const rows = performanceForDates(days, g, models, new Map(), cfg.health);
    const s = rows.map((r) => [
      r.date,
      r.n_7d,
      r.wins_7d,
      r.state,
      r.previous_state,
      r.state_since,
      r.consecutive_days_in_state,
    ]);
    assert.deepEqual(s, [
      ['2025-11-01', 10, 7, 'HEALTHY', null, '2025-11-01', 1],
      ['2025-11-02', 20, 13, 'HEALTHY', 'HEALTHY', '2025-11-01', 2], // 65%
      ['2025-11-03', 30, 19, 'HEALTHY', 'HEALTHY', '2025-11-01', 3], // 63.3%
      ['2025-11-04', 40, 19, 'BLOCKED', 'HEALTHY', '2025-11-04', 1], // 47.5%
      ['2025-11-05', 50, 19, 'BLOCKED', 'BLOCKED', '2025-11-04', 2], // 38%
    ]);
    const last = rows[4];
    assert.equal(last.days_since_training, 11);
    assert.equal(last.daily_n, 10);
    assert.equal(last.daily_wins, 0);
    assert.equal(last.mae_30d, 6.08); // (19×0.5 + 31×9.5)/50
    assert.equal(last.line_mae_30d, 5.12); // (19×4.5 + 31×5.5)/50
    assert.equal(last.line_bias_30d, 1.7); // (19×−4.5 + 31×5.5)/50
  });
  test('7-day window drops old days; an unseen model gets an INSUFFICIENT_DATA row', () => {
    const g = grades({ '2025-11-01': 10 });
    const models = [
      { system_id: 'm', family: 'v9', enabled: true, is_champion: false, train_end: null },
      { system_id: 'idle', family: 'v12', enabled: true, is_champion: false, train_end: null },
    ];
    const rows = performanceForDates(['2025-11-07', '2025-11-08'], g, models, new Map(), cfg.health);
    const m7 = rows.find((r) => r.system_id === 'm' && r.date === '2025-11-07')!;
    const m8 = rows.find((r) => r.system_id === 'm' && r.date === '2025-11-08')!;
    assert.equal(m7.n_7d, 10);
    assert.equal(m8.n_7d, 0);
    assert.equal(m8.n_30d, 10);
    assert.equal(m8.state, 'INSUFFICIENT_DATA');
    assert.equal(rows.filter((r) => r.system_id === 'idle').length, 2);
  });
});

describe('blacklist, signals, direction', () => {
  const bl = { minEdge: 3, minN: 8, hrBelow: 40 };
  const games = (pid: number, wins: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({
      game_date: '2025-11-01',
      game_id: `g${pid}_${i}`,
      player_id: pid,
      system_id: 'm',
      recommendation: 'OVER',
      line: 20.5,
      edge: 4,
      confidence: 0.6,
      result: i < wins ? 'WIN' : 'LOSS',
    }));
  test('N = 7 vs 8; HR 40.0 is not blacklisted, 37.5 is', () => {
    const w = [...games(1, 2, 7), ...games(2, 3, 8), ...games(3, 4, 10)];
    const rows = blacklistForDate('2025-11-30', '2025-10-21', w, new Map([[2, 'p2']]), bl);
    assert.deepEqual(
      rows.map((r) => [r.player_id, r.n, r.hr, r.blacklisted, r.player_lookup]),
      [
        [2, 8, 37.5, true, 'p2'],
        [3, 10, 40, false, null],
      ],
    );
    // 399 of 1000 = 39.9% is blacklisted (strictly below 40.0).
    const edge = blacklistForDate('2025-11-30', '2025-10-21', games(4, 399, 1000), new Map(), bl);
    assert.deepEqual(
      edge.map((r) => [r.hr, r.blacklisted]),
      [[39.9, true]],
    );
  });
  test('the winner per player-game is the largest |edge|, then confidence, then system_id', () => {
    const base = { game_date: '2025-11-01', game_id: 'g', player_id: 1, recommendation: 'OVER', line: 20.5 };
    const w = playerGameWinners([
      { ...base, system_id: 'a', edge: 3.5, confidence: 0.7, result: 'WIN' },
      { ...base, system_id: 'b', edge: -5, confidence: 0.6, result: 'LOSS', recommendation: 'UNDER' },
      { ...base, system_id: 'c', edge: 5, confidence: 0.6, result: 'WIN' },
    ]);
    assert.deepEqual(
      w.map((x) => x.system_id),
      ['b'],
    );
  });
  test('signal regimes at ±10 pp, N < 5 → NORMAL; tags without graded candidates get n = 0', () => {
    const rc = cfg.health.signalRegime;
    assert.equal(signalRegime(10.01, 5, rc), 'HOT');
    assert.equal(signalRegime(10, 5, rc), 'NORMAL');
    assert.equal(signalRegime(-10.01, 5, rc), 'COLD');
    assert.equal(signalRegime(-30, 4, rc), 'NORMAL');
    const out = [
      // season: 10 graded, 5 wins; last 7 days: 5 of 5 wins → div +50 → HOT
      ...Array.from({ length: 5 }, () => ({ game_date: '2025-11-01', tags: ['t'], result: 'LOSS' })),
      ...Array.from({ length: 5 }, () => ({ game_date: '2025-11-20', tags: ['t'], result: 'WIN' })),
      { game_date: '2025-11-20', tags: ['quiet'], result: null },
    ];
    const rows = signalHealthForDate(
      '2025-11-20',
      '2025-10-21',
      out,
      ['t', 'quiet'],
      new Map([['t', { regime: 'HOT', days_in_regime: 2 }]]),
      rc,
    );
    const t = rows.find((r) => r.tag === 't')!;
    assert.deepEqual(
      [t.n_7d, t.hr_7d, t.n_season, t.hr_season, t.div_7d, t.regime, t.days_in_regime],
      [5, 100, 10, 50, 50, 'HOT', 3],
    );
    const q = rows.find((r) => r.tag === 'quiet')!;
    assert.deepEqual([q.n_season, q.hr_season, q.regime], [0, null, 'NORMAL']);
  });
  test('direction health over 14 days', () => {
    const picks = [
      { game_date: '2025-11-01', direction: 'OVER', result: 'WIN' }, // outside the window of 11-15
      { game_date: '2025-11-02', direction: 'OVER', result: 'WIN' },
      { game_date: '2025-11-10', direction: 'OVER', result: 'LOSS' },
      { game_date: '2025-11-15', direction: 'OVER', result: 'PUSH' },
      { game_date: '2025-11-15', direction: 'UNDER', result: 'VOID' },
    ];
    const [o, u] = directionHealthForDate('2025-11-15', picks, 14);
    assert.deepEqual([o.wins, o.losses, o.pushes, o.voided, o.n, o.hr], [1, 1, 1, 0, 2, 50]);
    assert.deepEqual([u.n, u.voided, u.hr], [0, 1, null]);
  });
});

describe('decay detection (spec 06 §5)', () => {
  const row = (o: Partial<PerformanceRow>): PerformanceRow =>
    ({
      date: '2025-11-10',
      system_id: 'm',
      family: 'v9',
      enabled: true,
      daily_n: 0,
      daily_wins: 0,
      daily_hr: null,
      n_7d: 40,
      hr_7d: 60,
      state: 'HEALTHY',
      previous_state: 'HEALTHY',
      consecutive_days_in_state: 1,
      ...o,
    }) as PerformanceRow;
  const model = (
    id: string,
    o: Partial<{ enabled: boolean; is_champion: boolean; family: string }> = {},
  ) => ({
    system_id: id,
    family: o.family ?? 'v9',
    enabled: o.enabled ?? true,
    is_champion: o.is_champion ?? false,
    train_end: null,
  });
  const now = new Date('2025-11-11T12:00:00Z');
  test('severities', () => {
    assert.equal(stateChangeSeverity('HEALTHY', 'BLOCKED'), 'critical');
    assert.equal(stateChangeSeverity('HEALTHY', 'WATCH'), 'warning');
    assert.equal(stateChangeSeverity('INSUFFICIENT_DATA', 'DEGRADING'), 'warning');
    assert.equal(stateChangeSeverity('BLOCKED', 'DEGRADING'), 'info');
    assert.equal(stateChangeSeverity('WATCH', 'INSUFFICIENT_DATA'), 'info');
  });
  test('each kind from a fixture', () => {
    const rows = [
      row({
        system_id: 'champ',
        hr_7d: 55,
        state: 'WATCH',
        previous_state: 'HEALTHY',
        daily_n: 6,
        daily_hr: 33.3,
      }),
      row({ system_id: 'chal', hr_7d: 60, n_7d: 30, daily_n: 5, daily_hr: 20 }),
      row({ system_id: 'small', hr_7d: 70, n_7d: 29 }),
    ];
    const models = [model('champ', { is_champion: true }), model('chal'), model('small')];
    const a = detectAlerts(
      {
        date: '2025-11-10',
        rows,
        models,
        now,
        missingBox: [{ game_id: 'G9', date: '2025-11-10', tip: '2025-11-10T23:30:00Z' }],
      },
      cfg,
    );
    assert.deepEqual(
      a.map((x) => [x.kind, x.severity, x.subject]),
      [
        ['model_state_change', 'warning', 'champ'],
        ['challenger', 'info', 'chal'],
        ['market_crash', 'critical', 'market'],
        ['grading_gap', 'warning', 'G9'],
      ],
    );
    const fleet = detectAlerts(
      {
        date: '2025-11-10',
        rows: [
          row({ system_id: 'a', state: 'BLOCKED', hr_7d: 49.1, n_7d: 57 }),
          row({ system_id: 'b', family: 'v12', state: 'BLOCKED' }),
        ],
        models: [model('a'), model('b', { family: 'v12' })],
        now: new Date('2025-11-10T23:45:00Z'),
        missingBox: [{ game_id: 'G9', date: '2025-11-10', tip: '2025-11-10T23:30:00Z' }],
      },
      cfg,
    );
    assert.deepEqual(
      fleet.map((x) => x.kind),
      ['model_state_change', 'model_state_change', 'fleet_blocked'],
    );
  });
  test('auto-disable never leaves fewer than 3 enabled and never touches the champion', () => {
    const on = { enabled: true, afterDays: 3 };
    const rows = ['a', 'b', 'c', 'd', 'e'].map((id, i) =>
      row({ system_id: id, state: 'BLOCKED', hr_7d: 40 + i, consecutive_days_in_state: id === 'd' ? 2 : 3 }),
    );
    const models = [model('a', { is_champion: true }), model('b'), model('c'), model('d'), model('e')];
    const plan = planAutoDisable(rows, models, 3, on);
    assert.deepEqual(
      plan.map((p) => p.system_id),
      ['b', 'c'],
    ); // worst first; a champion, d only 2 days
    assert.equal(plan[0].reason, 'auto_disable: BLOCKED 41.0% (N 40) for 3 days');
    assert.deepEqual(planAutoDisable(rows, models.slice(0, 3), 3, on), []);
    assert.deepEqual(planAutoDisable(rows, models, 3, { ...on, enabled: false }), []);
  });
});
