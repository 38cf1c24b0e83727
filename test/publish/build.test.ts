import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestBetsAllSchema, buildBestBetsAll } from '../../src/publish/exporters/best-bets-all.ts';
import {
  instant,
  r1,
  recordOf,
  seasonLabelOf,
  seasonStart,
  serialize,
  weekStart,
} from '../../src/publish/format.ts';
import { toAdminPick, toDetailPick, toPublicPick } from '../../src/publish/picks.ts';
import { bestStreak, counts, dayStatus, lastN, streak } from '../../src/publish/record.ts';
import { AdminPickSchema, DetailPickSchema, PublicPickSchema } from '../../src/publish/schemas.ts';
import { many, pick, run } from './rows.ts';

const CTX = { generated_at: '2025-11-20T17:05:12Z', algorithm_version: 'bb-1' };
const VIEW = { gateMet: false, maxPublic: 3, maxStored: 5 };

function allOf(picks: ReturnType<typeof pick>[], runs: ReturnType<typeof run>[], date = '2025-11-20') {
  return buildBestBetsAll(
    {
      date,
      breakEvenPct: 52.4,
      maxPublic: 3,
      maxStored: 5,
      halt: runs[0]?.halt ?? run(date).halt,
      runs,
      picks,
    },
    CTX,
  );
}

test('season label: October rule, and the season window starts on 1 October', () => {
  assert.equal(seasonLabelOf('2026-02-14'), '2025-26');
  assert.equal(seasonLabelOf('2025-10-01'), '2025-26');
  assert.equal(seasonLabelOf('2025-09-30'), '2024-25');
  assert.equal(seasonLabelOf('2099-12-31'), '2099-00');
  assert.equal(seasonStart('2026-02-14'), '2025-10-01');
  assert.equal(weekStart('2025-11-20'), '2025-11-17'); // Thursday → Monday
  assert.equal(weekStart('2025-11-17'), '2025-11-17');
  assert.equal(weekStart('2025-11-23'), '2025-11-17'); // Sunday belongs to the week before
});

test('Record: pct over wins + losses with the Wilson interval of the spec (30 of 50 → 60.0 [46.2, 72.4])', () => {
  const r = recordOf([...Array(30).fill('WIN'), ...Array(20).fill('LOSS'), 'PUSH', 'VOID', 'VOID', null]);
  assert.deepEqual(r, { wins: 30, losses: 20, pushes: 1, voided: 2, pct: 60, ci_low: 46.2, ci_high: 72.4 });
  assert.deepEqual(recordOf(['PUSH', 'VOID']), {
    wins: 0,
    losses: 0,
    pushes: 1,
    voided: 1,
    pct: null,
    ci_low: null,
    ci_high: null,
  });
  // The spec's all.json example: 31-17 → 64.6 [50.4, 76.6]
  const ex = recordOf([...Array(31).fill('WIN'), ...Array(17).fill('LOSS')]);
  assert.deepEqual([ex.pct, ex.ci_low, ex.ci_high], [64.6, 50.4, 76.6]);
});

test('counts: "100 of 106 graded · 4 void" with 110 active picks and withdrawn picks outside total', () => {
  const season = [
    ...many(60, '2025-11-01', 'WIN', 1),
    ...many(35, '2025-11-02', 'LOSS', 1),
    ...many(5, '2025-11-03', 'PUSH', 1),
    ...many(4, '2025-11-04', 'VOID', 1),
    ...many(6, '2025-11-20', null, 1),
    ...many(3, '2025-11-05', null, 50, { status: 'withdrawn', withdraw_reason: 'edge fell to 4.6' }),
  ];
  const c = counts(season);
  assert.deepEqual(c, { total: 110, graded: 100, pending: 6, voided: 4, withdrawn: 3 });
  assert.equal(
    `${c.graded} of ${c.total - c.voided} graded · ${c.voided} void`,
    '100 of 106 graded · 4 void',
  );
});

test('streak: newest first over WIN/LOSS, pushes and voids skipped; best streak ties go to the later run', () => {
  // Oldest → newest: W W L W W P V W   (one pick a day, so newest first is date desc)
  const seq = ['WIN', 'WIN', 'LOSS', 'WIN', 'WIN', 'PUSH', 'VOID', 'WIN'] as const;
  const picks = seq.map((r, i) => pick({ date: `2025-11-0${i + 1}`, result: r, game_id: `G${i}` }));
  assert.deepEqual(streak(picks), { type: 'W', count: 3 });
  assert.deepEqual(bestStreak(picks), { count: 3, start: '2025-11-04', end: '2025-11-08' });
  const tie = ['WIN', 'WIN', 'LOSS', 'WIN', 'WIN', 'LOSS'].map((r, i) =>
    pick({ date: `2025-11-1${i}`, result: r as 'WIN', game_id: `H${i}` }),
  );
  assert.deepEqual(streak(tie), { type: 'L', count: 1 });
  assert.deepEqual(bestStreak(tie), { count: 2, start: '2025-11-13', end: '2025-11-14' });
  assert.deepEqual(streak([]), { type: null, count: 0 });
  assert.deepEqual(bestStreak([pick({ result: 'LOSS' })]), { count: 0, start: null, end: null });
  // Within a day, newest first is rank ascending: rank 1 is the newest.
  const day = [pick({ rank: 1, result: 'LOSS' }), pick({ rank: 2, result: 'WIN', game_id: 'G2' })];
  assert.deepEqual(streak(day), { type: 'L', count: 1 });
});

test('day status: first that holds of no_picks, pending, void, sweep, miss, split', () => {
  assert.equal(dayStatus([]), 'no_picks');
  assert.equal(dayStatus([pick({ result: 'WIN' }), pick({ result: null })]), 'pending');
  assert.equal(dayStatus([pick({ result: 'VOID' }), pick({ result: 'PUSH' })]), 'void');
  assert.equal(dayStatus([pick({ result: 'WIN' }), pick({ result: 'PUSH' })]), 'sweep');
  assert.equal(dayStatus([pick({ result: 'LOSS' }), pick({ result: 'VOID' })]), 'miss');
  assert.equal(dayStatus([pick({ result: 'WIN' }), pick({ result: 'LOSS' })]), 'split');
});

test('last_10: the 10 newest WIN/LOSS/PUSH picks (date desc, rank asc), voids and pending skipped', () => {
  const picks = [
    ...many(8, '2025-11-10', 'WIN', 1),
    ...many(3, '2025-11-11', 'LOSS', 1),
    ...many(2, '2025-11-12', 'VOID', 1),
    ...many(1, '2025-11-12', null, 3),
  ];
  const r = lastN(picks, 10);
  // 3 losses of 11-11, then ranks 1..7 of 11-10's wins
  assert.deepEqual([r.wins, r.losses, r.pushes, r.voided], [7, 3, 0, 0]);
});

test('all.json: windows, withdrawn picks listed outside the record, statuses per day, halted and not-run days', () => {
  const D = '2025-11-20';
  const halted = run('2025-11-18', {
    status: 'halted',
    halt: { active: true, state: 'manual', reason: 'books pulled props', since: '2025-11-18T15:00:00Z' },
  });
  const runs = [run('2025-10-30'), run('2025-11-14'), halted, run('2025-11-19'), run(D)];
  const picks = [
    pick({ date: '2025-10-30', result: 'WIN' }), // October counts in the season, not in November
    pick({ date: '2025-11-14', result: 'LOSS', rank: 1 }),
    pick({ date: '2025-11-14', result: 'WIN', rank: 2, game_id: 'G2', direction: 'UNDER', edge: -6.2 }),
    pick({ date: '2025-11-19', result: 'WIN', rank: 1 }),
    pick({
      date: '2025-11-19',
      rank: 2,
      game_id: 'G9',
      status: 'withdrawn',
      withdraw_reason: 'edge fell to 4.6',
      result: null,
    }),
    pick({ date: D, result: null }),
    pick({ date: D, rank: 2, game_id: 'GW', status: 'withdrawn', withdraw_reason: 'edge fell' }),
  ];
  const out = allOf(picks, runs);
  const parsed = bestBetsAllSchema.parse(out);
  assert.equal(parsed.season, '2025-26');
  assert.deepEqual([out.record.season.wins, out.record.season.losses], [3, 1]);
  assert.deepEqual([out.record.month.wins, out.record.month.losses], [2, 1]);
  assert.deepEqual([out.record.week.wins, out.record.week.losses], [1, 0]); // week of Monday 11-17
  assert.deepEqual(out.counts, { total: 5, graded: 4, pending: 1, voided: 0, withdrawn: 2 });
  assert.deepEqual(out.ultra_record.under, recordOf(['WIN']));
  assert.equal(out.today.status, 'pending');
  assert.deepEqual(
    out.today.picks.map((p) => p.status),
    ['active'],
  ); // today lists active picks only
  assert.deepEqual(
    out.weeks.map((w) => [w.week_start, w.days.map((d) => `${d.date}:${d.status}`)]),
    [
      ['2025-11-17', ['2025-11-20:pending', '2025-11-19:sweep', '2025-11-18:no_picks']],
      ['2025-11-10', ['2025-11-14:split']],
      ['2025-10-27', ['2025-10-30:sweep']],
    ],
  );
  const d19 = out.weeks[0].days[1];
  assert.deepEqual(
    d19.picks.map((p) => [p.status, p.withdraw_reason, p.result]),
    [
      ['active', null, 'WIN'],
      ['withdrawn', 'edge fell to 4.6', null],
    ],
  );
  assert.deepEqual(d19.record, recordOf(['WIN']));
  assert.deepEqual(out.weeks[0].days[2].halt, halted.halt);
  assert.equal(out.weeks[1].days[0].picks[1].edge, 6.2); // |edge| with the direction carrying the sign
});

test('today: not_run when D has no run yet; no_picks says why', () => {
  const notRun = allOf([pick({ date: '2025-11-19', result: 'WIN' })], [run('2025-11-19')]);
  assert.equal(notRun.today.status, 'not_run');
  assert.equal(notRun.today.message, "Today's picks are not out yet");
  const none = allOf([], [run('2025-11-20')]);
  assert.equal(none.today.status, 'no_picks');
  assert.equal(none.today.message, 'No edge today — nothing cleared our filters');
  const halt = allOf(
    [],
    [
      run('2025-11-20', {
        status: 'halted',
        halt: { active: true, state: 'manual', reason: 'trade news', since: null },
      }),
    ],
  );
  assert.equal(halt.today.message, 'Best bets are halted: trade news');
});

test('pick views: |edge| 0.1, EV 0.1, probabilities 0.0001, ULTRA angle only when the gate is met', () => {
  const p = pick({ direction: 'UNDER', edge: -6.14, p_over: 0.44995, p_direction: 0.55005 });
  const pub = PublicPickSchema.parse(toPublicPick(p, VIEW));
  assert.equal(pub.edge, 6.1);
  assert.equal(pub.ev_pct, 7.4);
  assert.equal(pub.game_time, '2025-11-21T00:30:00Z');
  assert.deepEqual(pub.angles, ['a2', 'a3', 'a4']);
  assert.deepEqual(toPublicPick(p, { ...VIEW, gateMet: true }).angles[0].startsWith('ULTRA:'), true);
  const det = DetailPickSchema.parse(toDetailPick(p, VIEW));
  assert.deepEqual(det.angles, ['a2', 'a3', 'a4', 'a5']);
  assert.equal(det.p_over, 0.45);
  assert.equal(det.p_direction, 0.5501);
  assert.equal(det.pricing.decimal, 1.9524);
  assert.deepEqual(det.drivers, [{ feature: 'f', label: 'F', points: 1.3 }]);
  const adm = AdminPickSchema.parse(toAdminPick(p, VIEW));
  assert.equal(adm.angles.length, 5); // stored angles, ULTRA included
  assert.equal(adm.angles[0].startsWith('ULTRA:'), true);
  // An assumed −110 is no market quote.
  const assumed = toPublicPick(pick({ price_source: 'assumed', best_book: null, best_price: -110 }), VIEW);
  assert.deepEqual([assumed.book, assumed.price], [null, null]);
  // A withdrawn pick never shows a result.
  const w = toPublicPick(pick({ status: 'withdrawn', withdraw_reason: 'x', result: 'WIN' }), VIEW);
  assert.deepEqual([w.result, w.withdraw_reason], [null, 'x']);
});

test('strict schemas: an unknown key, a NaN or an omitted null is an error', () => {
  const p = toPublicPick(pick(), VIEW);
  assert.equal(PublicPickSchema.safeParse({ ...p, extra: 1 }).success, false);
  assert.equal(PublicPickSchema.safeParse({ ...p, line: Number.NaN }).success, false);
  const { book: _omitted, ...rest } = p;
  assert.equal(PublicPickSchema.safeParse(rest).success, false);
});

test('serialization: schema key order, no indentation, same data + generated_at → same bytes', () => {
  const picks = [pick({ date: '2025-11-19', result: 'WIN' }), pick({ result: null })];
  const a = serialize(bestBetsAllSchema.parse(allOf(picks, [run('2025-11-19'), run('2025-11-20')])));
  const b = serialize(
    bestBetsAllSchema.parse(allOf([...picks].reverse(), [run('2025-11-20'), run('2025-11-19')])),
  );
  assert.ok(a.equals(b));
  const text = a.toString('utf8');
  assert.ok(
    text.startsWith(
      '{"schema_version":1,"generated_at":"2025-11-20T17:05:12Z","algorithm_version":"bb-1","date":"2025-11-20","season":"2025-26"',
    ),
  );
  assert.ok(!text.includes('\n') && !text.includes(': '));
  assert.equal(r1(-0.04), 0);
  assert.equal(Object.is(r1(-0.04), -0), false);
  assert.equal(instant('2025-11-21T00:30:00.123Z'), '2025-11-21T00:30:00Z');
});
