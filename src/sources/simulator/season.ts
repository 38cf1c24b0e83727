import { addDays } from '../../domain/dates.ts';
import { buildCalendar, type SimFixture, seasonOpener } from './calendar.ts';
import { continuousMedian } from './dist.ts';
import { ROLE_MINUTES, type SimPlayer, type SimTeam } from './league.ts';
import { fitPossessions, GAME_PACE_SD, SIDE_PACE_SD } from './possessions.ts';
import type { Rng } from './rng.ts';

/**
 * One simulated season, day by day (spec 01 §10 "game", "availability", "market", "data faults"):
 * who is available, minutes, points from a gamma-Poisson around each player's expectation,
 * injuries and late scratches, trades, postponements, and the market's view of each player
 * (median of his points distribution as known when lines are posted and after late news).
 */

/** Shape of the gamma mixing the Poisson: points variance = mu + mu²/K. */
export const POINTS_SHAPE = 8;
const MINUTES_SD = 4;
/** Players expected to play at least this many minutes get props. */
const PROP_MIN_MINUTES = 19;
/** Brings the latent rates to a league of ≈113 points per team and game. */
const LEAGUE_SCALE = 0.83;
export const BOOKS = [
  'draftkings',
  'fanduel',
  'betmgm',
  'williamhill_us',
  'betrivers',
  'bovada',
  'fanatics',
  'betonlineag',
] as const;
export const LADDER_BOOKS = new Set(['bovada', 'betrivers']);
/** Snapshot slots: 14:00Z, 17:00Z, 30 minutes before tip, in-game (10% of games). */
export const SNAPSHOTS = 4;

export type Availability = 'played' | 'dnp_coach' | 'injured' | 'scratch' | 'two_way';

export interface PlayerGame {
  player: SimPlayer;
  team: string;
  availability: Availability;
  starter: boolean;
  /** Seconds played. */
  seconds: number;
  points: number;
  fgm: number;
  fga: number;
  fg3m: number;
  fg3a: number;
  ftm: number;
  fta: number;
  oreb: number;
  dreb: number;
  ast: number;
  stl: number;
  blk: number;
  tov: number;
  pf: number;
  plusMinus: number;
  paintA: number;
  paintM: number;
  midA: number;
  midM: number;
  reason: string | null;
}

export interface PropPlayer {
  player: SimPlayer;
  team: string;
  /** Market centre (continuous median) and spread before and after late news; null = pulled. */
  open: { c: number; sd: number };
  late: { c: number; sd: number } | null;
  /** Book errors per [book][snapshot], shading per book, bitmask of books quoting him. */
  err: Float64Array;
  books: number;
}

export interface SimGame {
  gameId: string;
  season: number;
  seq: number;
  home: string;
  away: string;
  /** The date and tip it was scheduled on first. */
  originalDate: string;
  originalTip: string;
  /** Where it was played. */
  date: string;
  tipUtc: string;
  endUtc: string;
  postponement: null | { kind: 'moved' | 'final_without_score'; announcedAt: string };
  homeScore: number;
  awayScore: number;
  players: PlayerGame[];
  teamTurnovers: { home: number; away: number };
  props: PropPlayer[];
  /** Expected home margin and total (game lines). */
  spread: number;
  total: number;
  inGameSnapshot: boolean;
  /** Late-scratch news time (injury report), when someone was scratched. */
  scratchNewsAt: string | null;
}

export interface InjuryRow {
  team: string;
  player: SimPlayer;
  status: 'Out' | 'Questionable' | 'Probable' | 'Doubtful';
  reason: string;
  gameDate: string;
}

export interface InjuryReport {
  reportTime: string;
  date: string;
  rows: InjuryRow[];
}

export interface SimSeason {
  season: number;
  opener: string;
  lastDate: string;
  games: SimGame[];
  /** Game days in order (played dates). */
  days: string[];
  reports: InjuryReport[];
  /** Book shading s_b of this season. */
  shading: number[];
  trades: Array<{ date: string; player: number; from: string; to: string }>;
}

const INJURY_REASONS = [
  'Left Ankle; Sprain',
  'Right Ankle; Sprain',
  'Left Knee; Soreness',
  'Right Hamstring; Strain',
  'Lower Back; Spasms',
  'Illness',
  'Right Foot; Contusion',
  'Left Calf; Strain',
  'Concussion Protocol',
  'Right Wrist; Sprain',
];

interface Env {
  /** Points multiplier for a team's players in this game. */
  eff: number;
  /** Minutes multiplier for stars and starters (back-to-back). */
  starterMin: number;
}

function isStarterRole(p: SimPlayer): boolean {
  return p.role === 'star' || p.role === 'starter';
}

/**
 * Expected minutes and points of a team's available players: role minutes scaled to 240,
 * a missing scorer's volume spread over the others (+10–20%).
 */
function expectations(
  roster: SimPlayer[],
  available: Set<number>,
  env: Env,
): Map<number, { min: number; mu: number }> {
  const avail = roster.filter((p) => available.has(p.id));
  const raw = avail.map((p) => p.minutesMean * (isStarterRole(p) ? env.starterMin : 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  const scale = sum > 0 ? 240 / sum : 0;
  const out = new Map<number, { min: number; mu: number }>();
  let missing = 0;
  for (const p of roster) if (!available.has(p.id) && !p.twoWay) missing += p.ppm * p.minutesMean;
  let present = 0;
  avail.forEach((p, i) => {
    present += p.ppm * raw[i] * scale;
  });
  const boost = 1 + Math.min(0.2, present > 0 ? (0.35 * missing) / present : 0);
  avail.forEach((p, i) => {
    const min = Math.min(42, raw[i] * scale);
    out.set(p.id, { min, mu: p.ppm * min * env.eff * (missing > 0 ? boost : 1) });
  });
  return out;
}

/** Effective shape of minutes noise × gamma noise, for the market's median. */
function effectiveShape(min: number): number {
  const cv2 = (MINUTES_SD / Math.max(min, 8)) ** 2 * 0.6; // normalisation to 240 removes some
  const v = (1 + cv2) * (1 + 1 / POINTS_SHAPE) - 1;
  return 1 / v;
}

function boxLine(
  rng: Rng,
  p: SimPlayer,
  seconds: number,
  points: number,
): Omit<PlayerGame, 'player' | 'team' | 'availability' | 'starter' | 'seconds' | 'plusMinus' | 'reason'> {
  const min = seconds / 60;
  let fta = points > 0 ? rng.poisson(p.ftRate * points * 0.9) : 0;
  let ftm = Math.min(points, rng.binomial(fta, 0.78));
  let rest = points - ftm;
  let fg3m = Math.min(
    Math.floor(rest / 3),
    rng.binomial(Math.floor(rest / 3), Math.min(0.95, p.share3 * 1.4)),
  );
  let r2 = rest - 3 * fg3m;
  if (r2 % 2 === 1) {
    if (r2 >= 3) {
      fg3m++;
      r2 -= 3;
    } else {
      ftm++;
      fta = Math.max(fta, ftm);
      rest--;
      r2--;
    }
  }
  fta = Math.max(fta, ftm);
  const fg2m = r2 / 2;
  const fg3a =
    fg3m +
    (p.share3 > 0.1 ? rng.poisson(Math.max(0.2, fg3m * 1.7 + p.share3 * min * 0.05)) : rng.poisson(0.2));
  const fg2a = fg2m + rng.poisson(Math.max(0.3, fg2m * (1 / p.fgPct - 1)));
  const paintA = Math.round((fg2a * p.paintShare) / (p.paintShare + 0.25 * (1 - p.share3)));
  const midA = fg2a - paintA;
  let paintM = Math.min(paintA, Math.round(fg2m * 0.7));
  let midM = fg2m - paintM;
  if (midM > midA) {
    paintM += midM - midA;
    midM = midA;
  }
  const reb = rng.poisson(p.rebRate * min);
  const oreb = rng.binomial(reb, 0.23);
  return {
    points,
    fgm: fg2m + fg3m,
    fga: fg2a + fg3a,
    fg3m,
    fg3a,
    ftm,
    fta,
    oreb,
    dreb: reb - oreb,
    ast: rng.poisson(p.astRate * min),
    stl: rng.poisson(0.03 * min),
    blk: rng.poisson(0.02 * min),
    tov: rng.poisson(0.045 * min),
    pf: Math.min(6, rng.poisson(0.065 * min)),
    paintA,
    paintM,
    midA,
    midM,
  };
}

type BoxNumbers = Omit<
  PlayerGame,
  'player' | 'team' | 'availability' | 'starter' | 'seconds' | 'plusMinus' | 'reason'
>;

export function makePlayerGame(
  player: SimPlayer,
  team: string,
  availability: Availability,
  starter: boolean,
  seconds: number,
  b: BoxNumbers,
  reason: string | null,
): PlayerGame {
  return {
    player,
    team,
    availability,
    starter,
    seconds,
    points: b.points,
    fgm: b.fgm,
    fga: b.fga,
    fg3m: b.fg3m,
    fg3a: b.fg3a,
    ftm: b.ftm,
    fta: b.fta,
    oreb: b.oreb,
    dreb: b.dreb,
    ast: b.ast,
    stl: b.stl,
    blk: b.blk,
    tov: b.tov,
    pf: b.pf,
    plusMinus: 0,
    paintA: b.paintA,
    paintM: b.paintM,
    midA: b.midA,
    midM: b.midM,
    reason,
  };
}

export const ZERO_BOX: BoxNumbers = {
  points: 0,
  fgm: 0,
  fga: 0,
  fg3m: 0,
  fg3a: 0,
  ftm: 0,
  fta: 0,
  oreb: 0,
  dreb: 0,
  ast: 0,
  stl: 0,
  blk: 0,
  tov: 0,
  pf: 0,
  paintA: 0,
  paintM: 0,
  midA: 0,
  midM: 0,
};

export interface SeasonOptions {
  season: number;
  /** Calendar span in days (165 ≈ a full season). */
  days: number;
}

export function simulateSeason(rng: Rng, teams: SimTeam[], opts: SeasonOptions): SimSeason {
  const season = opts.season;
  const opener = seasonOpener(season);
  const calRng = rng.fork('calendar');
  const fixtures = buildCalendar(calRng, {
    teams: teams.map((t) => t.tricode),
    start: opener,
    days: opts.days,
  });
  const teamBy = new Map(teams.map((t) => [t.tricode, t]));
  const yy = String(season % 100).padStart(2, '0');

  // Postponements (1%): moved to the first later date both teams are free (not the day after).
  const pRng = rng.fork('postpone');
  const busy = new Map<string, Set<string>>();
  for (const f of fixtures) {
    for (const t of [f.home, f.away]) {
      if (!busy.has(t)) busy.set(t, new Set());
      busy.get(t)!.add(f.date);
    }
  }
  const lastFixtureDate = fixtures[fixtures.length - 1].date;
  const plan: Array<{ f: SimFixture; date: string; tip: string; post: SimGame['postponement'] }> = [];
  fixtures.forEach((f, i) => {
    const canMove = i > 20 && f.date < addDays(lastFixtureDate, -10);
    if (canMove && pRng.chance(0.011)) {
      let d = addDays(f.date, 3);
      // A free day for both teams that makes no new back-to-back.
      const taken = (x: string) => busy.get(f.home)!.has(x) || busy.get(f.away)!.has(x);
      while (taken(d) || taken(addDays(d, -1)) || taken(addDays(d, 1))) d = addDays(d, 1);
      busy.get(f.home)!.add(d);
      busy.get(f.away)!.add(d);
      const kind = pRng.chance(0.5) ? 'moved' : 'final_without_score';
      const newTip = new Date(
        Date.parse(f.tipUtc) + (Date.parse(`${d}T00:00:00Z`) - Date.parse(`${f.date}T00:00:00Z`)),
      );
      plan.push({
        f,
        date: d,
        tip: newTip.toISOString(),
        post: { kind, announcedAt: new Date(Date.parse(f.tipUtc) - 3 * 3_600_000).toISOString() },
      });
    } else {
      plan.push({ f, date: f.date, tip: f.tipUtc, post: null });
    }
  });
  plan.sort((a, b) => (a.tip < b.tip ? -1 : a.tip > b.tip ? 1 : a.f.seq - b.f.seq));

  // Trades around early February (8–12), decided up front.
  const tRng = rng.fork('trades');
  const trades: SimSeason['trades'] = [];
  const tradeDays = new Map<string, Array<[string, string]>>();
  if (opts.days >= 120 && teams.length >= 4) {
    const n = tRng.int(8, 12);
    for (let i = 0; i < n; i++) {
      const d = `${season + 1}-02-0${tRng.int(1, 8)}`;
      const a = tRng.pick(teams).tricode;
      let b = tRng.pick(teams).tricode;
      while (b === a) b = tRng.pick(teams).tricode;
      if (!tradeDays.has(d)) tradeDays.set(d, []);
      tradeDays.get(d)!.push([a, b]);
    }
  }

  const gRng = rng.fork('games');
  const mRng = rng.fork('market');
  // Its own stream, so fitting possessions leaves every other draw of the season as it was.
  const possRng = rng.fork('possessions');
  const shading = BOOKS.map(() => mRng.uniform(-0.5, 0.5));
  const injuredGames = new Map<number, { left: number; reason: string }>();
  const lastPlayed = new Map<string, string>();
  const games: SimGame[] = [];
  const reportsByDay = new Map<string, InjuryRow[]>();
  const appliedTrades = new Set<string>();

  for (const item of plan) {
    const { f } = item;
    const date = item.date;
    // Trades take effect at the start of their day.
    for (const [d, list] of tradeDays) {
      if (d > date || appliedTrades.has(d)) continue;
      appliedTrades.add(d);
      for (const [a, b] of list) {
        const ta = teamBy.get(a)!;
        const tb = teamBy.get(b)!;
        const pa = ta.roster.filter((p) => p.role === 'rotation' || p.role === 'bench');
        const pb = tb.roster.filter((p) => p.role === 'rotation' || p.role === 'bench');
        if (!pa.length || !pb.length) continue;
        const x = tRng.pick(pa);
        const y = tRng.pick(pb);
        ta.roster = ta.roster.filter((p) => p !== x).concat(y);
        tb.roster = tb.roster.filter((p) => p !== y).concat(x);
        x.team = b;
        y.team = a;
        trades.push({ date: d, player: x.id, from: a, to: b }, { date: d, player: y.id, from: b, to: a });
      }
    }

    const gameId = `002${yy}${String(f.seq + 1).padStart(5, '0')}`;
    const home = teamBy.get(f.home)!;
    const away = teamBy.get(f.away)!;
    const paceF = (home.pace + away.pace) / 2 / 99.5;
    const envOf = (t: SimTeam, opp: SimTeam, isHome: boolean): Env => {
      const last = lastPlayed.get(t.tricode);
      const rest = last ? Math.round((Date.parse(date) - Date.parse(last)) / 86_400_000) : 5;
      const b2b = rest === 1;
      let eff = LEAGUE_SCALE * paceF * t.offense * (1 - opp.defense) * (isHome ? 1.0133 : 0.9867);
      if (b2b) eff *= 0.96;
      if (rest >= 3) eff *= 1.02;
      return { eff, starterMin: b2b ? 0.96 : 1 };
    };
    const sides = [
      { team: home, opp: away, isHome: true },
      { team: away, opp: home, isHome: false },
    ];
    const players: PlayerGame[] = [];
    const props: PropPlayer[] = [];
    const teamPts = [0, 0];
    const teamMu = [0, 0];
    const dayRows = reportsByDay.get(date) ?? [];
    reportsByDay.set(date, dayRows);
    let scratchNews = false;
    // Blowout script: a lopsided game cuts starters' minutes 15–25%.
    const blowout = gRng.chance(0.12);
    const cut = gRng.uniform(0.15, 0.25);

    const sideResults = sides.map((side, si) => {
      const env = envOf(side.team, side.opp, side.isHome);
      const roster = side.team.roster;
      const knownOut = new Set<number>();
      for (const p of roster) {
        const inj = injuredGames.get(p.id);
        if (inj && inj.left > 0) knownOut.add(p.id);
      }
      const openAvail = new Set(roster.filter((p) => !knownOut.has(p.id) && !p.twoWay).map((p) => p.id));
      const openExp = expectations(roster, openAvail, env);
      // Late scratches: 1.5% of players who will have lines.
      const scratched = new Set<number>();
      for (const p of roster) {
        const e = openExp.get(p.id);
        if (e && e.min >= PROP_MIN_MINUTES && gRng.chance(0.015)) scratched.add(p.id);
      }
      const lateAvail = new Set([...openAvail].filter((id) => !scratched.has(id)));
      const lateExp = scratched.size ? expectations(roster, lateAvail, env) : openExp;
      if (scratched.size) scratchNews = true;

      // Injury report rows for this game.
      for (const p of roster) {
        if (knownOut.has(p.id))
          dayRows.push({
            team: side.team.tricode,
            player: p,
            status: 'Out',
            reason: injuredGames.get(p.id)!.reason,
            gameDate: date,
          });
        else if (scratched.has(p.id) && gRng.chance(0.5))
          dayRows.push({
            team: side.team.tricode,
            player: p,
            status: 'Questionable',
            reason: gRng.pick(INJURY_REASONS),
            gameDate: date,
          });
        else if (p.twoWay)
          dayRows.push({
            team: side.team.tricode,
            player: p,
            status: 'Out',
            reason: 'G League - Two-Way',
            gameDate: date,
          });
      }

      // Actual minutes: N(expected, 4), bench with little expected time often DNP-CD.
      const actualMin = new Map<number, number>();
      let total = 0;
      const order = roster
        .filter((p) => lateAvail.has(p.id))
        .sort((a, b) => b.minutesMean - a.minutesMean || a.id - b.id);
      for (const p of order) {
        const e = lateExp.get(p.id)!;
        let m = Math.max(0, gRng.normal(e.min, MINUTES_SD));
        if (e.min < 12 && m < 4) m = 0;
        if (blowout && isStarterRole(p)) m *= 1 - cut;
        actualMin.set(p.id, m);
        total += m;
      }
      // Scale to 240 minutes (blowouts: the cut goes to the bench).
      if (total > 0) {
        const starterSum = order.filter(isStarterRole).reduce((a, p) => a + actualMin.get(p.id)!, 0);
        const benchSum = total - starterSum;
        for (const p of order) {
          let m = actualMin.get(p.id)!;
          if (blowout && benchSum > 0) {
            m = isStarterRole(p)
              ? m * Math.min(1, 240 / total)
              : m * Math.max(0, (240 - Math.min(starterSum, 240 * 0.75)) / benchSum);
          } else m = (m * 240) / total;
          actualMin.set(p.id, Math.min(48, m));
        }
      }
      const starters = new Set(order.slice(0, 5).map((p) => p.id));

      for (const p of roster) {
        const team = side.team.tricode;
        if (knownOut.has(p.id)) {
          players.push(
            makePlayerGame(p, team, 'injured', false, 0, ZERO_BOX, injuredGames.get(p.id)!.reason),
          );
          continue;
        }
        if (p.twoWay) {
          players.push(makePlayerGame(p, team, 'two_way', false, 0, ZERO_BOX, 'G League - Two-Way'));
          continue;
        }
        if (scratched.has(p.id)) {
          players.push(makePlayerGame(p, team, 'scratch', false, 0, ZERO_BOX, gRng.pick(INJURY_REASONS)));
          continue;
        }
        const min = actualMin.get(p.id) ?? 0;
        const seconds = Math.round(min * 60);
        if (seconds === 0) {
          players.push(makePlayerGame(p, team, 'dnp_coach', false, 0, ZERO_BOX, null));
          continue;
        }
        const e = lateExp.get(p.id)!;
        const lambda = (e.mu / Math.max(e.min, 1)) * min * gRng.gamma(POINTS_SHAPE, 1 / POINTS_SHAPE);
        const pts = gRng.poisson(lambda);
        teamPts[si] += pts;
        players.push(
          makePlayerGame(
            p,
            team,
            'played',
            starters.has(p.id),
            seconds,
            boxLine(gRng, p, seconds, pts),
            null,
          ),
        );
        // Injury hazard 0.8% per player-game; out for a geometric number of games (mean 5).
        if (gRng.chance(0.008))
          injuredGames.set(p.id, { left: gRng.geometric(5) + 1, reason: gRng.pick(INJURY_REASONS) });
      }
      for (const p of roster) {
        const inj = injuredGames.get(p.id);
        if (inj) {
          inj.left--;
          if (inj.left <= 0) injuredGames.delete(p.id);
        }
      }

      // The market's view of each player with lines.
      for (const p of roster) {
        const o = openExp.get(p.id);
        if (!o || o.min < PROP_MIN_MINUTES) continue;
        const l = lateExp.get(p.id);
        const kO = effectiveShape(o.min);
        const open = { c: continuousMedian(o.mu, kO), sd: Math.sqrt(o.mu + (o.mu * o.mu) / kO) };
        let late: PropPlayer['late'] = null;
        if (l && !scratched.has(p.id)) {
          const kL = effectiveShape(l.min);
          late = { c: continuousMedian(l.mu, kL), sd: Math.sqrt(l.mu + (l.mu * l.mu) / kL) };
        }
        const err = new Float64Array(BOOKS.length * SNAPSHOTS);
        let books = 0;
        for (let b = 0; b < BOOKS.length; b++) {
          let e = mRng.normal(0, 1.5);
          for (let s = 0; s < SNAPSHOTS; s++) {
            err[b * SNAPSHOTS + s] = e;
            e = 0.7 * e + mRng.normal(0, 0.3);
          }
          if (p.role === 'star' || mRng.chance(0.9)) books |= 1 << b;
        }
        props.push({ player: p, team: side.team.tricode, open, late, err, books });
      }
      for (const e of openExp.values()) teamMu[si] += e.mu;
      return env;
    });
    void sideResults;

    // Turnovers of the team (not credited to a player), and a tie broken by a made free throw.
    if (teamPts[0] === teamPts[1]) {
      const top = players
        .filter((x) => x.team === home.tricode && x.availability === 'played')
        .sort((a, b) => b.points - a.points)[0];
      if (top) {
        top.points++;
        top.ftm++;
        top.fta = Math.max(top.fta, top.ftm);
        teamPts[0]++;
      }
    }
    const margin = teamPts[0] - teamPts[1];
    for (const x of players) {
      if (x.availability !== 'played') continue;
      const sign = x.team === home.tricode ? 1 : -1;
      x.plusMinus = Math.round((sign * margin * x.seconds) / 2880 + gRng.normal(0, 3));
    }
    for (const t of [home.tricode, away.tricode]) lastPlayed.set(t, date);
    const expHome = teamMu[0];
    const expAway = teamMu[1];
    games.push({
      gameId,
      season,
      seq: f.seq,
      home: f.home,
      away: f.away,
      originalDate: f.date,
      originalTip: f.tipUtc,
      date,
      tipUtc: item.tip,
      endUtc: new Date(Date.parse(item.tip) + 2.5 * 3_600_000).toISOString(),
      postponement: item.post,
      homeScore: teamPts[0],
      awayScore: teamPts[1],
      players,
      teamTurnovers: { home: gRng.int(0, 2), away: gRng.int(0, 2) },
      props,
      spread: expHome - expAway,
      total: expHome + expAway,
      inGameSnapshot: gRng.chance(0.1),
      scratchNewsAt: scratchNews ? new Date(Date.parse(item.tip) - 75 * 60_000).toISOString() : null,
    });
    // Possessions follow the game's pace, not its points (possessions.ts): both sides play the
    // same game, a possession or two apart.
    const game = games[games.length - 1];
    const gamePace = possRng.normal((home.pace + away.pace) / 2, GAME_PACE_SD);
    for (const [team, tov] of [
      [home.tricode, game.teamTurnovers.home],
      [away.tricode, game.teamTurnovers.away],
    ] as const)
      fitPossessions(
        possRng,
        players.filter((x) => x.team === team),
        tov,
        possRng.normal(gamePace, SIDE_PACE_SD),
      );
  }

  games.sort((a, b) => (a.tipUtc < b.tipUtc ? -1 : a.tipUtc > b.tipUtc ? 1 : a.seq - b.seq));
  const days = [...new Set(games.map((g) => g.date))].sort();
  const reports: InjuryReport[] = [];
  for (const d of days) {
    const rows = reportsByDay.get(d) ?? [];
    // The midday report: 12:00 ET is 16:00Z or 17:00Z; use 16:30Z either way.
    reports.push({
      reportTime: `${d}T16:30:00.000Z`,
      date: d,
      rows: rows.filter((r) => r.status !== 'Questionable' || true),
    });
  }
  void ROLE_MINUTES;
  return { season, opener, lastDate: days[days.length - 1], games, days, reports, shading, trades };
}
