import { addDays, etWallTimeToUtc } from '../../domain/dates.ts';
import type { Rng } from './rng.ts';

/**
 * The season calendar (spec 01 §10 "calendar"): every team plays `gamesPerTeam` games (82 in a
 * full season, 41 home / 41 away), late October to mid April, a 6-day All-Star break, 12–16
 * back-to-backs per team and never three days in a row; tips 19:00–22:30 ET, some weekend
 * afternoon games.
 */
export interface SimFixture {
  /** Index within the season (game id's NNNNN − 1, in date order). */
  seq: number;
  date: string;
  /** Tip instant (ISO). */
  tipUtc: string;
  home: string;
  away: string;
}

export interface CalendarOptions {
  teams: string[];
  /** First game day. */
  start: string;
  /** Calendar days from the first game day to the last (165 for a full season). */
  days: number;
}

/** Round-robin rounds by the circle method; an odd team count gets a bye. */
function circleRounds(n: number): Array<Array<[number, number]>> {
  const ids = Array.from({ length: n % 2 ? n + 1 : n }, (_, i) => i);
  const m = ids.length;
  const rounds: Array<Array<[number, number]>> = [];
  for (let r = 0; r < m - 1; r++) {
    const round: Array<[number, number]> = [];
    for (let i = 0; i < m / 2; i++) {
      const a = ids[i];
      const b = ids[m - 1 - i];
      if (a < n && b < n) round.push(r % 2 === 0 ? [a, b] : [b, a]);
    }
    rounds.push(round);
    ids.splice(1, 0, ids.pop()!);
  }
  return rounds;
}

export function gamesPerTeamFor(days: number): number {
  return days >= 160 ? 82 : Math.max(2, 2 * Math.round((82 * days) / 165 / 2));
}

export function buildCalendar(rng: Rng, opts: CalendarOptions): SimFixture[] {
  const n = opts.teams.length;
  const target = gamesPerTeamFor(opts.days);
  const base = circleRounds(n);
  // Matchups: cycles of the round robin, home and away swapped every other cycle.
  const pairs: Array<[number, number]> = [];
  const played = new Array(n).fill(0);
  const homes = new Array(n).fill(0);
  for (let cycle = 0; Math.min(...played) < target; cycle++) {
    const order = rng.shuffle(base.map((_, i) => i));
    for (const ri of order) {
      const round = base[ri];
      if (round.some(([h, a]) => played[h] >= target || played[a] >= target)) continue;
      for (const [h, a] of round) {
        const pair: [number, number] = cycle % 2 ? [a, h] : [h, a];
        pairs.push(pair);
        played[h]++;
        played[a]++;
      }
      if (Math.min(...played) >= target) break;
    }
    if (cycle > 10) break;
  }
  for (const [h] of pairs) homes[h]++;
  // Balance home/away exactly: flip the games along a path of hosts from a team with too many
  // home games to one with too few (a direct swap is not always available).
  const half = Math.floor(target / 2);
  for (let guard = 0; guard < n * target; guard++) {
    const over = homes.findIndex((x) => x > half);
    if (over < 0) break;
    const prev = new Map<number, number>(); // team → index of the game that reached it
    const queue = [over];
    const seen = new Set([over]);
    let found = -1;
    while (queue.length && found < 0) {
      const t = queue.shift()!;
      for (let gi = 0; gi < pairs.length; gi++) {
        const [h, a] = pairs[gi];
        if (h !== t || seen.has(a)) continue;
        seen.add(a);
        prev.set(a, gi);
        if (homes[a] < half) {
          found = a;
          break;
        }
        queue.push(a);
      }
    }
    if (found < 0) break;
    for (let t = found; t !== over; ) {
      const gi = prev.get(t)!;
      const [h, a] = pairs[gi];
      pairs[gi] = [a, h];
      t = h;
    }
    homes[over]--;
    homes[found]++;
  }
  rng.shuffle(pairs);

  // Game days: all days of the span except a 6-day All-Star break around mid February.
  const end = addDays(opts.start, opts.days - 1);
  const breakStart = `${+opts.start.slice(0, 4) + 1}-02-13`;
  const breakEnd = addDays(breakStart, 5);
  const days: string[] = [];
  for (let d = opts.start; d <= end; d = addDays(d, 1)) {
    if (d >= breakStart && d <= breakEnd) continue;
    days.push(d);
  }

  const lastPlayed: string[] = new Array(n).fill('');
  const prevPlayed: string[] = new Array(n).fill('');
  const b2b = new Array(n).fill(0);
  const count = new Array(n).fill(0);
  const pending = pairs.map(([h, a]) => ({ h, a }));
  const fixtures: Array<Omit<SimFixture, 'seq'>> = [];
  for (let di = 0; di < days.length && pending.length; di++) {
    const d = days[di];
    const yesterday = addDays(d, -1);
    const dayBefore = addDays(d, -2);
    const remainingDays = days.length - di;
    const dow = new Date(`${d}T12:00:00Z`).getUTCDay();
    const weight = dow === 0 || dow === 5 || dow === 6 ? 1.15 : dow === 4 ? 0.8 : 1;
    const want = Math.max(1, Math.round((pending.length / remainingDays) * weight * rng.uniform(0.8, 1.2)));
    const busy = new Set<number>();
    // Teams furthest behind the even pace go first.
    const expected = ((di + 1) / days.length) * target;
    const deficit = (t: number) => expected - count[t];
    const order = pending
      .map((g, i) => ({ g, i, key: deficit(g.h) + deficit(g.a) + rng.uniform(0, 0.5) }))
      .sort((x, y) => y.key - x.key);
    const take: number[] = [];
    for (const { g, i } of order) {
      if (take.length >= want) break;
      if (busy.has(g.h) || busy.has(g.a)) continue;
      let ok = true;
      for (const t of [g.h, g.a]) {
        if (lastPlayed[t] === yesterday) {
          if (prevPlayed[t] === dayBefore)
            ok = false; // never three in a row
          else if (b2b[t] >= 16) ok = false;
          else if (b2b[t] >= 12 && remainingDays > 10 && rng.chance(0.8)) ok = false;
        }
      }
      if (!ok) continue;
      take.push(i);
      busy.add(g.h);
      busy.add(g.a);
    }
    take.sort((x, y) => y - x);
    const todays = take.map((i) => pending.splice(i, 1)[0]);
    const weekend = dow === 0 || dow === 6;
    todays.forEach((g, k) => {
      for (const t of [g.h, g.a]) {
        if (lastPlayed[t] === yesterday) b2b[t]++;
        prevPlayed[t] = lastPlayed[t];
        lastPlayed[t] = d;
        count[t]++;
      }
      const afternoon = weekend && k < 2 && rng.chance(0.5);
      const minutes = afternoon ? rng.int(0, 7) * 30 + 12 * 60 : rng.int(0, 7) * 30 + 19 * 60;
      const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      fixtures.push({
        date: d,
        tipUtc: etWallTimeToUtc(d, hhmm).toISOString(),
        home: opts.teams[g.h],
        away: opts.teams[g.a],
      });
    });
  }
  // Anything the span could not hold is played on the days after it (rare; keeps 82 games).
  let extra = addDays(end, 2);
  while (pending.length) {
    const busy = new Set<number>();
    for (let i = 0; i < pending.length; ) {
      const g = pending[i];
      if (busy.has(g.h) || busy.has(g.a)) {
        i++;
        continue;
      }
      busy.add(g.h);
      busy.add(g.a);
      pending.splice(i, 1);
      fixtures.push({
        date: extra,
        tipUtc: etWallTimeToUtc(extra, '19:30').toISOString(),
        home: opts.teams[g.h],
        away: opts.teams[g.a],
      });
    }
    extra = addDays(extra, 2);
  }
  fixtures.sort((x, y) => (x.tipUtc < y.tipUtc ? -1 : x.tipUtc > y.tipUtc ? 1 : x.home < y.home ? -1 : 1));
  return fixtures.map((f, seq) => ({ ...f, seq }));
}

/** The Tuesday on or after October 20 of the season's start year. */
export function seasonOpener(season: number): string {
  let d = `${season}-10-20`;
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== 2) d = addDays(d, 1);
  return d;
}
