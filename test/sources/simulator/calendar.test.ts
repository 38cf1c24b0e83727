import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays } from '../../../src/domain/dates.ts';
import { buildCalendar, seasonOpener } from '../../../src/sources/simulator/calendar.ts';
import { Rng } from '../../../src/sources/simulator/rng.ts';
import { SIM_TEAMS } from '../../../src/sources/simulator/teams.ts';

test('calendar: 1,230 games, 82 per team, 41 home, 12–16 back-to-backs, never three in a row, All-Star break', () => {
  const teams = SIM_TEAMS.map((t) => t.tricode);
  const start = seasonOpener(2031);
  assert.equal(start, '2031-10-21'); // the Tuesday on or after October 20
  const f = buildCalendar(new Rng(42).fork('calendar'), { teams, start, days: 174 });
  assert.equal(f.length, 1230);
  const dates = new Map<string, string[]>();
  const homes = new Map<string, number>();
  for (const g of f) {
    for (const t of [g.home, g.away]) dates.set(t, [...(dates.get(t) ?? []), g.date]);
    homes.set(g.home, (homes.get(g.home) ?? 0) + 1);
    assert.ok(g.date < '2032-02-13' || g.date > '2032-02-18', `game in the All-Star break: ${g.date}`);
    const h = new Date(g.tipUtc).getUTCHours();
    assert.ok(h >= 16 || h <= 4, `tip hour ${g.tipUtc}`);
  }
  for (const t of teams) {
    const ds = dates.get(t)!.sort();
    assert.equal(ds.length, 82, t);
    assert.equal(new Set(ds).size, 82, `${t} plays twice on one day`);
    assert.equal(homes.get(t), 41, t);
    let b2b = 0;
    for (let i = 1; i < ds.length; i++) {
      if (addDays(ds[i - 1], 1) === ds[i]) b2b++;
      if (i >= 2) assert.notEqual(addDays(ds[i - 2], 2), ds[i], `${t} plays three days in a row at ${ds[i]}`);
    }
    assert.ok(b2b >= 12 && b2b <= 16, `${t} has ${b2b} back-to-backs`);
  }
  assert.ok(f[f.length - 1].date <= '2032-04-15');
});

test('calendar: a short test season scales the games per team', () => {
  const f = buildCalendar(new Rng(1), { teams: ['BOS', 'NYK', 'MIA', 'ORL'], start: '2031-10-21', days: 30 });
  // 82 × 30/165 ≈ 15 → 14 or 16 (even): every team plays the same number.
  const per = new Map<string, number>();
  for (const g of f) for (const t of [g.home, g.away]) per.set(t, (per.get(t) ?? 0) + 1);
  assert.equal(new Set(per.values()).size, 1);
  assert.equal([...per.values()][0], 14);
});
