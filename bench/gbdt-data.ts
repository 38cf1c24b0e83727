/**
 * Deterministic synthetic player-points dataset for the GBDT benchmark.
 *
 * The issue asks for rows "drawn from the simulator's features"; the simulator and the
 * feature builder are being written in parallel, so this generator mimics them instead: a
 * seeded league of players whose latent scoring level drifts over a season, rolling box-score
 * features computed from each player's own simulated history (so columns are correlated and
 * missing early on), opponent/pace context, a vegas line missing on ~30% of rows, and a
 * right-skewed integer target (gamma–Poisson points). Rows are in date order.
 */
import { Rng } from '../src/gbdt/rng.ts';

export interface BenchData {
  X: Float32Array;
  y: Float32Array;
  dateOf: Int32Array;
  nRows: number;
  nCols: number;
  nDates: number;
  featureNames: string[];
}

export const FEATURE_NAMES = [
  'pts_avg_3',
  'pts_avg_5',
  'pts_avg_10',
  'pts_avg_20',
  'pts_std_5',
  'pts_std_10',
  'pts_std_20',
  'min_avg_3',
  'min_avg_5',
  'min_avg_10',
  'fga_avg_3',
  'fga_avg_5',
  'fga_avg_10',
  'fta_avg_5',
  'fta_avg_10',
  'fg3a_avg_5',
  'fg3a_avg_10',
  'usage_10',
  'pts_season_avg',
  'games_played',
  'days_rest',
  'back_to_back',
  'home',
  'team_pace',
  'opp_pace',
  'opp_def_rating',
  'opp_pts_allowed_pos',
  'team_implied_total',
  'spread',
  'vegas_points_line',
  'vegas_opening_line',
  'vegas_line_move',
  'has_vegas_line',
  'starter_last',
  'injury_status',
  'teammates_out_usage',
  'pts_trend',
  'min_trend',
  'pts_max_10',
  'pts_min_10',
  'age',
  'season_phase',
  'pts_vs_opp_last',
  'ft_pct_20',
  'noise_avg10',
  'noise_line',
  'noise_1',
  'noise_2',
  'noise_3',
  'noise_4',
];

class Draw {
  private spare: number | null = null;
  constructor(readonly rng: Rng) {}
  u(): number {
    return this.rng.next();
  }
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.u();
    const v = this.u();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  gamma(k: number, theta: number): number {
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = this.u();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * theta;
    }
  }
  poisson(lambda: number): number {
    if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const L = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.u();
    } while (p > L);
    return k - 1;
  }
}

function mean(a: number[], n: number): number {
  const k = Math.min(n, a.length);
  if (k === 0) return Number.NaN;
  let s = 0;
  for (let i = a.length - k; i < a.length; i++) s += a[i];
  return s / k;
}
function std(a: number[], n: number): number {
  const k = Math.min(n, a.length);
  if (k < 2) return Number.NaN;
  const m = mean(a, n);
  let s = 0;
  for (let i = a.length - k; i < a.length; i++) s += (a[i] - m) ** 2;
  return Math.sqrt(s / (k - 1));
}
function maxMin(a: number[], n: number, max: boolean): number {
  const k = Math.min(n, a.length);
  if (k === 0) return Number.NaN;
  let v = a[a.length - 1];
  for (let i = a.length - k; i < a.length; i++) v = max ? Math.max(v, a[i]) : Math.min(v, a[i]);
  return v;
}

export function generateBenchData(seed = 7, nPlayers = 600, nDates = 200): BenchData {
  const d = new Draw(new Rng(seed));
  const nTeams = 30;
  const teamPace = Array.from({ length: nTeams }, () => 99 + 3 * d.normal());
  const teamDef = Array.from({ length: nTeams }, () => 113 + 3.5 * d.normal());
  const players = Array.from({ length: nPlayers }, (_, i) => {
    const skill = Math.exp(2.45 + 0.5 * d.normal()); // per-36 points, right-skewed
    return {
      team: i % nTeams,
      skill,
      minutes: Math.min(38, Math.max(8, 14 + skill * 0.6 + 5 * d.normal())),
      usage: 0.15 + 0.1 * d.u(),
      ftPct: 0.6 + 0.3 * d.u(),
      threeRate: 0.2 + 0.4 * d.u(),
      age: 20 + Math.floor(15 * d.u()),
      playProb: 0.8 + 0.15 * d.u(),
      pts: [] as number[],
      min: [] as number[],
      fga: [] as number[],
      fta: [] as number[],
      fg3a: [] as number[],
      lastDate: -10,
      lastStarter: 0,
      vsOpp: new Map<number, number>(),
      injury: 0,
    };
  });
  const nCols = FEATURE_NAMES.length;
  const rowsX: number[] = [];
  const rowsY: number[] = [];
  const rowsD: number[] = [];
  for (let date = 0; date < nDates; date++) {
    // today's matchups: teams paired at random
    const order = Array.from({ length: nTeams }, (_, i) => i);
    for (let i = nTeams - 1; i > 0; i--) {
      const j = Math.floor(d.u() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const opp = new Int32Array(nTeams);
    const home = new Uint8Array(nTeams);
    for (let i = 0; i < nTeams; i += 2) {
      opp[order[i]] = order[i + 1];
      opp[order[i + 1]] = order[i];
      home[order[i]] = 1;
    }
    const outUsage = new Float64Array(nTeams);
    for (const p of players) {
      p.injury = d.u() < 0.06 ? 1 + Math.floor(d.u() * 2) : 0;
      if (p.injury === 2) outUsage[p.team] += p.usage;
    }
    for (const p of players) {
      p.skill *= Math.exp(0.02 * d.normal()); // form drifts
      if (d.u() > p.playProb || p.injury === 2) continue;
      const o = opp[p.team];
      const rest = Math.min(5, date - p.lastDate - 1);
      const b2b = rest === 0 ? 1 : 0;
      const hasLine = p.pts.length >= 3 && d.u() < 0.72;
      const paceF = (teamPace[p.team] + teamPace[o]) / 198;
      const defF = teamDef[o] / 113;
      const boost = 1 + 1.5 * outUsage[p.team];
      let minutes = p.minutes * (b2b ? 0.95 : 1) * boost ** 0.5 + 3 * d.normal();
      if (d.u() < 0.05) minutes *= 0.5; // blowout / foul trouble
      minutes = Math.max(1, Math.min(48, minutes));
      const mu = ((p.skill * minutes) / 36) * paceF ** 1.5 * defF ** 2 * (home[p.team] ? 1.03 : 0.97) * boost;
      const pts = d.poisson(d.gamma(6, mu / 6));
      const trueMean = ((p.skill * p.minutes) / 36) * paceF ** 1.5 * defF ** 2 * boost;
      const line = hasLine
        ? Math.round(2 * (trueMean + 1.2 * d.normal())) / 2 + 0.5 * (trueMean > 10 ? 1 : 0)
        : Number.NaN;
      const open = hasLine ? line + Math.round(2 * 0.8 * d.normal()) / 2 : Number.NaN;
      const avg10 = mean(p.pts, 10);
      const f = [
        mean(p.pts, 3),
        mean(p.pts, 5),
        avg10,
        mean(p.pts, 20),
        std(p.pts, 5),
        std(p.pts, 10),
        std(p.pts, 20),
        mean(p.min, 3),
        mean(p.min, 5),
        mean(p.min, 10),
        mean(p.fga, 3),
        mean(p.fga, 5),
        mean(p.fga, 10),
        mean(p.fta, 5),
        mean(p.fta, 10),
        mean(p.fg3a, 5),
        mean(p.fg3a, 10),
        p.min.length ? (mean(p.fga, 10) + 0.44 * mean(p.fta, 10)) / Math.max(1, mean(p.min, 10)) : Number.NaN,
        mean(p.pts, 1000),
        p.pts.length,
        p.lastDate < 0 ? Number.NaN : rest,
        b2b,
        home[p.team],
        teamPace[p.team] + d.normal(),
        teamPace[o] + d.normal(),
        teamDef[o] + d.normal(),
        20 + 3 * d.normal() + (teamDef[o] - 113),
        hasLine ? 112 + (teamPace[p.team] - 99) * 1.1 + 4 * d.normal() : Number.NaN,
        hasLine ? (teamDef[p.team] - teamDef[o]) * 0.8 + 3 * d.normal() : Number.NaN,
        line,
        open,
        line - open,
        hasLine ? 1 : 0,
        p.lastStarter,
        p.injury,
        outUsage[p.team],
        mean(p.pts, 5) - mean(p.pts, 20),
        mean(p.min, 5) - mean(p.min, 20),
        maxMin(p.pts, 10, true),
        maxMin(p.pts, 10, false),
        p.age,
        date / nDates,
        p.vsOpp.get(o) ?? Number.NaN,
        p.fta.length ? p.ftPct + 0.05 * d.normal() : Number.NaN,
        avg10 + 6 * d.normal(),
        line + 5 * d.normal(),
        d.normal(),
        d.u(),
        Math.floor(d.u() * 10),
        d.u() < 0.1 ? Number.NaN : d.normal(),
      ];
      if (f.length !== nCols) throw new Error(`generator has ${f.length} features, expected ${nCols}`);
      for (const v of f) rowsX.push(v);
      rowsY.push(pts);
      rowsD.push(date);
      const fga = Math.max(0, Math.round(pts / 1.25 + 2 * d.normal()));
      p.pts.push(pts);
      p.min.push(Math.round(minutes));
      p.fga.push(fga);
      p.fta.push(Math.max(0, Math.round(pts * 0.25 + d.normal())));
      p.fg3a.push(Math.round(fga * p.threeRate));
      p.lastDate = date;
      p.lastStarter = minutes > 26 ? 1 : 0;
      p.vsOpp.set(o, pts);
    }
  }
  return {
    X: Float32Array.from(rowsX),
    y: Float32Array.from(rowsY),
    dateOf: Int32Array.from(rowsD),
    nRows: rowsY.length,
    nCols,
    nDates,
    featureNames: [...FEATURE_NAMES],
  };
}
