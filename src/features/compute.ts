import { type BookLine, consensusLine } from '../domain/lines.ts';
import { ALL_FEATURES, F, N_FEATURES } from './contract.ts';
import {
  type BoxRec,
  type FeatureIndex,
  type GameRec,
  lowerBound,
  rosterAt,
  type TeamGameRec,
} from './feature-index.ts';
import { dayStr } from './inputs.ts';

/**
 * The pure core (spec 02 §2–§3): one (game, player, cutoff) → the 54-feature superset.
 * Point in time: box rows are read only for games dated before D (binary search on day < D);
 * odds, game lines and injury rows only when captured/reported at or before the cutoff and
 * strictly before tip. These filters live here so tests can attack them.
 */
export interface SlateEntry {
  game_id: string;
  player_id: number;
  /** The cutoff c (ISO instant): the tip for backfills, the run time when serving. */
  cutoff_at: string;
}

export type BaseReason = 'INSUFFICIENT_HISTORY' | 'TEAM_MISMATCH' | null;

export interface RangeViolation {
  game_id: string;
  player_id: number;
  feature: string;
  value: number;
}

export interface ComputedRow {
  game_id: string;
  player_id: number;
  game_date: string;
  cutoff_at: string;
  team: string | null;
  opponent: string | null;
  line_at_cutoff: number | null;
  /** 54 values in superset order; null = missing. */
  values: (number | null)[];
  baseReason: BaseReason;
  rangeViolations: RangeViolation[];
  /** Per-feature inputs in words (only with explain). */
  notes: (string | null)[] | null;
}

const NO_VIOLATIONS: RangeViolation[] = [];

const STATUS_RISK: Record<string, number> = {
  available: 0,
  probable: 1,
  questionable: 2,
  doubtful: 3,
  out: 3,
};

const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Sample standard deviation (n − 1); null below two values. */
export function sd(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const m = sum(xs) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
}

/** OLS slope of y on x = 1…n (y given oldest first); null below two values. */
export function slope(ysOldestFirst: number[]): number | null {
  const n = ysOldestFirst.length;
  if (n < 2) return null;
  const mx = (n + 1) / 2;
  const my = sum(ysOldestFirst) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i + 1 - mx) * (ysOldestFirst[i] - my);
    den += (i + 1 - mx) * (i + 1 - mx);
  }
  return num / den;
}

/** Age in whole years at date D. */
function ageAt(birth: string, date: string): number {
  let age = +date.slice(0, 4) - +birth.slice(0, 4);
  if (date.slice(5) < birth.slice(5)) age--;
  return age;
}

/** Per-build caches that depend on (team, day) or (game, cutoff), not on the player. */
export interface ComputeCache {
  team: Map<string, { pace: number; ortg: number; drtg: number } | null>;
  injury: Map<string, Map<number, string> | null>;
  gameLines: Map<string, { spread: number | null; total: number | null }>;
}

export function newCache(): ComputeCache {
  return { team: new Map(), injury: new Map(), gameLines: new Map() };
}

/** W_k(X): X's last k Final games before D (within the lookback) with possession data. */
function teamWindow(ix: FeatureIndex, cache: ComputeCache, team: string, day: number, k: number) {
  const key = `${team}|${day}|${k}`;
  if (cache.team.has(key)) return cache.team.get(key)!;
  const games = ix.teamGames.get(team) ?? [];
  const lo = day - ix.params.maxLookbackDays;
  let n = 0;
  let pace = 0;
  let pf = 0;
  let pa = 0;
  let poss = 0;
  for (let i = lowerBound(games, day) - 1; i >= 0 && n < k; i--) {
    const g = games[i];
    if (g.day < lo) break;
    if (g.poss === null || g.pace === null) continue;
    n++;
    pace += g.pace;
    pf += g.pf;
    pa += g.pa;
    poss += g.poss;
  }
  const out =
    n >= ix.params.minTeamGames && poss > 0
      ? { pace: pace / n, ortg: (100 * pf) / poss, drtg: (100 * pa) / poss }
      : null;
  cache.team.set(key, out);
  return out;
}

/** Latest Final game of a team before D within the lookback. */
function lastTeamGame(ix: FeatureIndex, team: string, day: number): TeamGameRec | null {
  const games = ix.teamGames.get(team) ?? [];
  const i = lowerBound(games, day) - 1;
  return i >= 0 && games[i].day >= day - ix.params.maxLookbackDays ? games[i] : null;
}

/**
 * Injury status at c of every player listed for G: the latest report (one report_time) with
 * report_time ≤ c and < tip that has any row for G. Null = no such report (status unknown).
 */
export function injuryStatusAt(ix: FeatureIndex, cache: ComputeCache, g: GameRec, cMs: number) {
  const key = `${g.game_id}|${cMs}`;
  if (cache.injury.has(key)) return cache.injury.get(key)!;
  const list = ix.injuriesByGame.get(g.game_id) ?? [];
  let latest = Number.NEGATIVE_INFINITY;
  for (const r of list) {
    const t = r.ms;
    if (t <= cMs && t < g.tipMs && t > latest) latest = t;
  }
  let out: Map<number, string> | null = null;
  if (latest > Number.NEGATIVE_INFINITY) {
    out = new Map();
    for (const r of list) if (r.ms === latest) out.set(r.player_id, r.status.toLowerCase());
  }
  cache.injury.set(key, out);
  return out;
}

/** A teammate's star status and mean usage (> 10 minute games) over the star window before D. */
function teammateStats(ix: FeatureIndex, pid: number, day: number) {
  const key = `${pid}|${day}`;
  const hit = ix.starCache.get(key);
  if (hit) return hit;
  const rows = ix.playerBox.get(pid) ?? [];
  const s = ix.params.star;
  const pts: number[] = [];
  const mins: number[] = [];
  const usg: number[] = [];
  const usg10: number[] = [];
  for (let i = lowerBound(rows, day) - 1; i >= 0 && rows[i].day >= day - s.windowDays; i--) {
    const r = rows[i];
    if (r.minutes <= 0) continue;
    pts.push(r.points);
    mins.push(r.minutes);
    if (r.usage !== null) usg.push(r.usage);
  }
  for (let i = lowerBound(rows, day) - 1; i >= 0 && rows[i].day >= day - 30; i--) {
    const r = rows[i];
    if (r.minutes > 10 && r.usage !== null) usg10.push(r.usage);
  }
  const mp = mean(pts);
  const mm = mean(mins);
  const mu = mean(usg);
  const out = {
    star:
      (mp !== null && mp >= s.minPoints) ||
      (mm !== null && mm >= s.minMinutes) ||
      (mu !== null && mu >= s.minUsage),
    usage30: mean(usg10),
  };
  ix.starCache.set(key, out);
  return out;
}

function isOutish(status: string | undefined): boolean {
  return status === 'out' || status === 'doubtful';
}

/** Computes the 54-feature superset of one slate entry. */
export function computeRow(
  ix: FeatureIndex,
  cache: ComputeCache,
  entry: SlateEntry,
  explain = false,
): ComputedRow {
  const g = ix.games.get(entry.game_id);
  if (!g) throw new Error(`features: slate game ${entry.game_id} is not among the loaded games`);
  const P = entry.player_id;
  const prm = ix.params;
  const D = g.day;
  const cMs = Date.parse(entry.cutoff_at);
  const v: (number | null)[] = new Array(N_FEATURES).fill(null);
  const notes: (string | null)[] | null = explain ? new Array(N_FEATURES).fill(null) : null;

  // ---- box history: Final games with D − lookback ≤ day < D (never a game dated D or later)
  const rows = ix.playerBox.get(P) ?? [];
  const hi = lowerBound(rows, D);
  const lo = lowerBound(rows, D - prm.maxLookbackDays);
  const played: BoxRec[] = []; // newest first
  for (let i = hi - 1; i >= lo; i--) if (rows[i].minutes > 0) played.push(rows[i]);
  let h60 = 0;
  while (h60 < played.length && played[h60].day >= D - prm.historyDays) h60++;
  const eligible = h60 >= prm.minGames;

  // ---- team T: latest box row before D, or the latest injury row at c if later
  const latestBox = hi - 1 >= lo ? rows[hi - 1] : null;
  let T: string | null = latestBox?.team ?? null;
  const latestBoxTip = latestBox ? (ix.games.get(latestBox.game_id)?.tipMs ?? 0) : Number.NEGATIVE_INFINITY;
  const pinj = ix.injuriesByPlayer.get(P) ?? [];
  // Rows are sorted by time: start from the last one visible at min(c, tip).
  const visibleEnd = Math.min(cMs, g.tipMs - 1);
  let hiInj = pinj.length;
  {
    let l = 0;
    while (l < hiInj) {
      const m = (l + hiInj) >> 1;
      if (pinj[m].ms <= visibleEnd) l = m + 1;
      else hiInj = m;
    }
  }
  for (let i = hiInj - 1; i >= 0; i--) {
    const t = pinj[i].ms;
    if (t > cMs || t >= g.tipMs || !pinj[i].team) continue;
    if (t > latestBoxTip) T = pinj[i].team;
    break;
  }
  const teamOk = T !== null && (T === g.home || T === g.away);
  const O = teamOk ? (T === g.home ? g.away : g.home) : null;
  const isHome = teamOk && T === g.home;
  const baseReason: BaseReason = !eligible ? 'INSUFFICIENT_HISTORY' : !teamOk ? 'TEAM_MISMATCH' : null;

  const status = injuryStatusAt(ix, cache, g, cMs);
  let starsOut: number | null = null;
  let mateUsage: number | null = null;
  if (status && teamOk) {
    const mates = (rosterAt(ix, D, 30).get(T!) ?? []).filter((q) => q !== P);
    starsOut = 0;
    mateUsage = 0;
    const outNames: string[] = [];
    for (const q of mates) {
      if (!isOutish(status.get(q))) continue;
      const st = teammateStats(ix, q, D);
      if (st.star) starsOut++;
      if (mateUsage !== null) mateUsage = st.usage30 === null ? null : mateUsage + st.usage30;
      if (notes) outNames.push(`${q}${st.star ? '*' : ''}`);
    }
    if (notes)
      notes[F.star_teammates_out] = `teammates out/doubtful (* = star): ${outNames.join(', ') || 'none'}`;
  }
  if (status) {
    const st = status.get(P) ?? 'available';
    v[F.injury_risk] = STATUS_RISK[st] ?? null;
    if (notes) notes[F.injury_risk] = `status at cutoff: ${st}`;
  } else if (notes) notes[F.injury_risk] = 'no injury report for the game at the cutoff';
  v[F.star_teammates_out] = starsOut;
  v[F.teammate_usage_available] = mateUsage;

  // ---- schedule / team features (need T and O)
  v[F.playoff_game] = g.season_type === 'playoffs' || g.season_type === 'playin' ? 1 : 0;
  if (teamOk) {
    const t10 = teamWindow(ix, cache, T!, D, 10);
    const o10 = teamWindow(ix, cache, O!, D, 10);
    const o15 = teamWindow(ix, cache, O!, D, 15);
    if (t10 && o10) v[F.pace_score] = clamp((t10.pace - o10.pace) / 2, -3, 3);
    if (o15) {
      v[F.opponent_def_rating] = o15.drtg;
      v[F.opponent_pace] = o15.pace;
    }
    if (t10) {
      v[F.team_pace] = t10.pace;
      v[F.team_off_rating] = t10.ortg;
    }
    if (notes)
      notes[F.pace_score] =
        `pace_10 ${T} ${t10?.pace.toFixed(2) ?? 'n/a'} vs ${O} ${o10?.pace.toFixed(2) ?? 'n/a'}`;
    const rt = lastTeamGame(ix, T!, D);
    const ro = lastTeamGame(ix, O!, D);
    if (rt && ro) v[F.rest_advantage] = clamp(D - rt.day - (D - ro.day), -2, 2);
    v[F.home_away] = isHome ? 1 : 0;
    const tg = ix.teamGames.get(T!) ?? [];
    let wins = 0;
    let n = 0;
    for (let i = lowerBound(tg, D) - 1; i >= 0 && tg[i].season === g.season; i--) {
      n++;
      if (tg[i].win) wins++;
    }
    if (n > 0) v[F.team_win_pct] = wins / n;
    if (notes) notes[F.team_win_pct] = `${wins}-${n - wins} in season ${g.season} before ${g.date}`;
  }

  // ---- odds at c (01-data §6 via domain/lines)
  const cIso =
    entry.cutoff_at.endsWith('Z') && entry.cutoff_at.length === 24
      ? entry.cutoff_at
      : new Date(cMs).toISOString();
  const lineOpts = { tip: g.tip, staleAfterHours: prm.staleAfterHours, outlierPoints: prm.outlierPoints };
  const mains = ix.props.get(`${g.game_id}|${P}`) ?? [];
  const visible = mains.length ? mains.filter((m) => m.ms <= cMs && m.ms < g.tipMs) : mains;
  const cons = consensusLine(visible, { ...lineOpts, at: cIso });
  const lineC = cons.line;
  v[F.vegas_points_line] = lineC;
  v[F.has_vegas_line] = lineC !== null ? 1 : 0;
  // Opening = the consensus at the earliest visible snapshot (01-data §6), via the one consensus rule.
  let open: number | null = null;
  if (visible.length) {
    let firstMs = visible[0].ms;
    for (const m of visible) if (m.ms < firstMs) firstMs = m.ms;
    open = consensusLine(visible, { ...lineOpts, at: new Date(firstMs).toISOString() }).line;
  }
  v[F.vegas_opening_line] = open;
  if (lineC !== null && open !== null) v[F.vegas_line_move] = lineC - open;
  // books_c: each book's latest main line at c that is not stale (outliers still count here).
  const books = [...cons.contributing, ...cons.outliers];
  if (books.length >= 2) v[F.multi_book_line_std] = sd(books.map((b) => b.line));
  if (notes)
    notes[F.vegas_points_line] =
      `books at cutoff: ${books.map((b) => `${b.book} ${b.line}@${b.captured_at.slice(11, 16)}`).join(', ') || 'none'}; open ${open ?? 'n/a'}`;
  const glKey = `${g.game_id}|${cMs}`;
  let glv = cache.gameLines.get(glKey);
  if (!glv) {
    const gl = ix.gameLines.get(g.game_id);
    const glc = (lines: BookLine[] | undefined) =>
      lines?.length ? consensusLine(lines, { ...lineOpts, at: cIso }).line : null;
    glv = { spread: glc(gl?.spread), total: glc(gl?.total) };
    cache.gameLines.set(glKey, glv);
  }
  const { spread, total } = glv;
  v[F.game_total_line] = total;
  if (spread !== null) v[F.spread_magnitude] = Math.abs(spread);
  if (spread !== null && total !== null && teamOk)
    v[F.implied_team_total] = total / 2 - (isHome ? spread : -spread) / 2;

  // ---- everything below uses P's played games: NULL unless eligible
  if (eligible) historyFeatures(ix, g, P, played, h60, v, notes, teamOk ? T : null, O, starsOut, lineC);

  // ---- range checks: an out-of-range value is stored NULL and counted
  let rangeViolations: RangeViolation[] = NO_VIOLATIONS;
  for (let i = 0; i < N_FEATURES; i++) {
    const x = v[i];
    if (x === null) continue;
    const f = ALL_FEATURES[i];
    if (!Number.isFinite(x) || x < f.min - 1e-9 || x > f.max + 1e-9) {
      if (rangeViolations === NO_VIOLATIONS) rangeViolations = [];
      rangeViolations.push({ game_id: g.game_id, player_id: P, feature: f.name, value: x });
      v[i] = null;
    }
  }

  return {
    game_id: g.game_id,
    player_id: P,
    game_date: g.date,
    cutoff_at: cIso,
    team: T,
    opponent: O,
    line_at_cutoff: lineC,
    values: v,
    baseReason,
    rangeViolations,
    notes,
  };
}

function zoneMismatch(ix: FeatureIndex, zg: BoxRec[], O: string, D: number): number | null {
  const fga = sum(zg.map((r) => r.fga!));
  if (fga <= 0) return null;
  const s = {
    paint: sum(zg.map((r) => r.fga_paint)) / fga,
    mid: sum(zg.map((r) => r.fga_mid)) / fga,
    three: sum(zg.map((r) => r.fg3a ?? 0)) / fga,
  };
  const z: 'paint' | 'mid' | 'three' =
    s.paint >= 0.4 ? 'paint' : s.three >= 0.4 ? 'three' : s.mid >= 0.35 ? 'mid' : 'paint';
  const pick = (x: {
    paintA: number;
    paintM: number;
    midA: number;
    midM: number;
    threeA: number;
    threeM: number;
  }) => (z === 'paint' ? [x.paintM, x.paintA] : z === 'mid' ? [x.midM, x.midA] : [x.threeM, x.threeA]);
  const games = ix.teamGames.get(O) ?? [];
  let n = 0;
  let made = 0;
  let att = 0;
  for (let i = lowerBound(games, D) - 1; i >= 0 && n < 15; i--) {
    if (games[i].day < D - ix.params.maxLookbackDays) break;
    if (games[i].oppZone.n === 0) continue;
    n++;
    const [m, a] = pick(games[i].oppZone);
    made += m;
    att += a;
  }
  if (n < 5 || att <= 0) return null;
  let lm = 0;
  let la = 0;
  for (let d = D - 30; d < D; d++) {
    const lz = ix.leagueZoneByDay.get(d);
    if (!lz) continue;
    const [m, a] = pick(lz);
    lm += m;
    la += a;
  }
  if (la <= 0) return null;
  let val = 100 * (made / att - lm / la) * Math.min(s[z] / 0.5, 1);
  if (Math.abs(val) > 5) val *= 1.2;
  return clamp(val, -10, 10);
}

/** Mean of a field over the first n rows (all rows when n ≥ length); null when empty. */
function meanOf(rows: readonly BoxRec[], n: number, field: 'points' | 'minutes'): number | null {
  const k = Math.min(n, rows.length);
  if (!k) return null;
  let t = 0;
  for (let i = 0; i < k; i++) t += rows[i][field];
  return t / k;
}

function sdOf(rows: readonly BoxRec[], n: number): number | null {
  const k = Math.min(n, rows.length);
  if (k < 2) return null;
  const m = meanOf(rows, k, 'points')!;
  let t = 0;
  for (let i = 0; i < k; i++) t += (rows[i].points - m) * (rows[i].points - m);
  return Math.sqrt(t / (k - 1));
}

/** OLS slope of points on x = 1…k over the first k rows, oldest x = 1 (rows are newest first). */
function slopeOf(rows: readonly BoxRec[], n: number): number | null {
  const k = Math.min(n, rows.length);
  if (k < 2) return null;
  const mx = (k + 1) / 2;
  const my = meanOf(rows, k, 'points')!;
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    const x = k - i; // newest = k
    num += (x - mx) * (rows[i].points - my);
    den += (x - mx) * (x - mx);
  }
  return num / den;
}

/** Every feature that uses P's played games (newest first); only called when P is eligible. */
function historyFeatures(
  ix: FeatureIndex,
  g: GameRec,
  P: number,
  played: readonly BoxRec[],
  h60: number,
  v: (number | null)[],
  notes: (string | null)[] | null,
  T: string | null,
  O: string | null,
  starsOut: number | null,
  lineC: number | null,
): void {
  const prm = ix.params;
  const D = g.day;
  const n10 = Math.min(10, played.length);
  v[F.points_avg_last_5] = meanOf(played, 5, 'points');
  v[F.points_avg_last_10] = meanOf(played, 10, 'points');
  v[F.points_std_last_10] = sdOf(played, 10);
  v[F.points_avg_last_3] = meanOf(played, 3, 'points');

  // season games, 7-day and 14-day windows, usage, shot profile: one pass each over few rows
  let sN = 0;
  let sPts = 0;
  let sMin = 0;
  let sUsgN = 0;
  let sUsg = 0;
  for (const r of played) {
    if (r.season !== g.season) continue;
    sN++;
    sPts += r.points;
    sMin += r.minutes;
    if (r.usage !== null) {
      sUsgN++;
      sUsg += r.usage;
    }
  }
  if (sN) v[F.points_avg_season] = sPts / sN;
  if (notes) notes[F.points_avg_season] = `${sN} season games`;
  if (notes)
    notes[F.points_avg_last_10] = `L10 points newest first: ${played
      .slice(0, 10)
      .map((r) => r.points)
      .join(', ')}`;

  let wk = 0;
  let load7 = 0;
  for (let i = 0; i < played.length && played[i].day >= D - 7; i++) {
    wk++;
    load7 += played[i].minutes;
  }
  v[F.games_in_last_7_days] = wk;
  v[F.minutes_load_last_7d] = load7;
  const daysRest = Math.min(D - played[0].day, 30);
  v[F.days_rest] = daysRest;
  v[F.back_to_back] = daysRest === 1 ? 1 : 0;

  // fatigue (§3.1)
  let fat = 100;
  if (daysRest === 1) fat -= 15;
  if (daysRest >= 3) fat += 5;
  if (wk >= 4) fat -= 10;
  if (load7 > prm.fatigue.heavyMinutes7d) fat -= 10;
  if (wk >= 1 && load7 / wk > 35) fat -= 8;
  let b2b = 0;
  for (let i = 0; i + 1 < played.length && played[i + 1].day >= D - 14; i++) {
    if (played[i].day - played[i + 1].day === 1) b2b++;
  }
  if (b2b >= 2) fat -= 12;
  else if (b2b === 1) fat -= 5;
  const birth = ix.birth.get(P);
  const age = birth ? ageAt(birth, g.date) : null;
  if (age !== null && age >= 35) fat -= 10;
  else if (age !== null && age >= 30) fat -= 5;
  v[F.fatigue_score] = clamp(fat, 0, 100);
  if (notes)
    notes[F.fatigue_score] =
      `days_rest ${daysRest}, ${wk} games/${load7.toFixed(1)} min in 7d, ${b2b} b2b in 14d, age ${age ?? 'unknown'}`;

  const d =
    (played[0].points + played[1].points) / 2 - (played[2].points + played[3].points + played[4].points) / 3;
  v[F.recent_trend] = d >= 5 ? 2 : d >= 2 ? 1 : d <= -5 ? -2 : d <= -2 ? -1 : 0;
  if (notes) notes[F.recent_trend] = `mean(g1,g2) − mean(g3..g5) = ${d.toFixed(2)}`;

  const m10 = meanOf(played, 10, 'minutes')!;
  const ms = sN ? sMin / sN : null;
  if (ms !== null && ms > 0) {
    const r = (m10 - ms) / ms;
    v[F.minutes_change] = r >= 0.2 ? 2 : r >= 0.1 ? 1 : r <= -0.2 ? -2 : r <= -0.1 ? -1 : 0;
  }

  // shot profile over L10
  let zN = 0;
  let zFga = 0;
  let zPaint = 0;
  let zMid = 0;
  let tN = 0;
  let tFga = 0;
  let t3a = 0;
  let fN = 0;
  let fPts = 0;
  let fFtm = 0;
  let pts10 = 0;
  let min10 = 0;
  for (let i = 0; i < n10; i++) {
    const r = played[i];
    pts10 += r.points;
    min10 += r.minutes;
    if (r.hasZone && r.fga !== null) {
      zN++;
      zFga += r.fga;
      zPaint += r.fga_paint;
      zMid += r.fga_mid;
    }
    if (r.fga !== null && r.fg3a !== null) {
      tN++;
      tFga += r.fga;
      t3a += r.fg3a;
    }
    if (r.ftm !== null) {
      fN++;
      fPts += r.points;
      fFtm += r.ftm;
    }
  }
  if (zN >= 5 && zFga > 0) {
    v[F.pct_paint] = zPaint / zFga;
    v[F.pct_mid_range] = zMid / zFga;
  }
  if (tN && tFga > 0) v[F.pct_three] = t3a / tFga;
  if (fN && fPts > 0) v[F.pct_free_throw] = clamp(fFtm / fPts, 0, 0.5);
  v[F.minutes_avg_last_10] = m10;
  if (min10 > 0) v[F.ppm_avg_last_10] = pts10 / min10;
  v[F.pts_slope_10g] = slopeOf(played, 10);
  v[F.scoring_trend_slope] = slopeOf(played, 7);
  const a0 = v[F.points_avg_last_5];
  const a2 = v[F.points_avg_season];
  const a3 = v[F.points_std_last_10];
  if (a0 !== null && a2 !== null && a3 !== null) {
    if (a3 !== 0) v[F.pts_vs_season_zscore] = clamp((a0 - a2) / a3, -3, 3);
    v[F.breakout_flag] = a0 > a2 + 1.5 * a3 ? 1 : 0;
  }

  const mu60 = meanOf(played, h60, 'points')!;
  const sd60 = sdOf(played, h60);
  if (sd60 !== null && sd60 > 0) v[F.deviation_from_avg_last3] = (v[F.points_avg_last_3]! - mu60) / sd60;
  let below = 0;
  while (below < h60 && played[below].points < mu60) below++;
  v[F.consecutive_games_below_avg] = below;
  if (notes)
    notes[F.deviation_from_avg_last3] =
      `H60: ${h60} games, mean ${mu60.toFixed(2)}, sd ${sd60?.toFixed(2) ?? 'n/a'}`;

  let u5n = 0;
  let u5 = 0;
  for (let i = 0; i < Math.min(5, played.length); i++) {
    const u = played[i].usage;
    if (u !== null) {
      u5n++;
      u5 += u;
    }
  }
  const u5m = u5n >= 3 ? u5 / u5n : null;
  v[F.usage_rate_last_5] = u5m;
  if (T !== null && u5m !== null && sUsgN >= 5) {
    let spike = 0.3 * (u5m - sUsg / sUsgN);
    if (spike > 0 && starsOut !== null) spike *= starsOut >= 2 ? 1.3 : starsOut === 1 ? 1.15 : 1;
    v[F.usage_spike_score] = clamp(spike, -3, 3);
  }

  // line-derived streaks use P's played games
  if (lineC !== null) {
    let over = 0;
    let under = 0;
    for (const r of played) {
      if (r.points === lineC) continue;
      if (r.points < lineC) break;
      over++;
    }
    for (const r of played) {
      if (r.points === lineC) continue;
      if (r.points > lineC) break;
      under++;
    }
    v[F.prop_over_streak] = over;
    v[F.prop_under_streak] = under;
    if (a2 !== null) v[F.line_vs_season_avg] = lineC - a2;
  }

  if (T === null || O === null) return; // team-dependent features need T in G

  let vsN = 0;
  let vsPts = 0;
  for (const r of played) {
    if (r.opp !== O) continue;
    vsN++;
    vsPts += r.points;
  }
  v[F.games_vs_opponent] = vsN;
  v[F.avg_points_vs_opponent] = vsN ? vsPts / vsN : null;

  // dnp_rate: T's Final games since P's first played game for T within H60; latest 10
  let first: number | null = null;
  for (let i = 0; i < h60; i++) if (played[i].team === T) first = played[i].day;
  if (first !== null) {
    const tg = ix.teamGames.get(T) ?? [];
    let n = 0;
    let miss = 0;
    let j = 0; // played is newest first, like this walk over T's games: a merge
    for (let i = lowerBound(tg, D) - 1; i >= 0 && tg[i].day >= first && n < 10; i--) {
      n++;
      while (j < h60 && played[j].day > tg[i].day) j++;
      let hit = false;
      for (let k = j; k < h60 && played[k].day === tg[i].day; k++)
        if (played[k].game_id === tg[i].game_id) hit = true;
      if (!hit) miss++;
    }
    if (n > 0) v[F.dnp_rate] = miss / n;
    if (notes) notes[F.dnp_rate] = `missed ${miss} of ${T}'s last ${n} games since ${dayStr(first)}`;
  }

  // games since structural change
  if (played[0].team !== T || D - played[0].day > 14) v[F.games_since_structural_change] = 0;
  else {
    let i = 1;
    while (i < h60 && played[i].team === played[i - 1].team && played[i - 1].day - played[i].day <= 14) i++;
    v[F.games_since_structural_change] = Math.min(i, 30);
  }

  // shot-zone mismatch (§3.1)
  if (zN >= 5)
    v[F.shot_zone_mismatch_score] = zoneMismatch(
      ix,
      played.slice(0, n10).filter((r) => r.hasZone && r.fga !== null),
      O,
      D,
    );
}
