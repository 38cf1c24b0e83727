import type { BookLine } from '../domain/lines.ts';
import {
  dayNum,
  type FeatureInputs,
  type FeatureParams,
  type GameIn,
  type InjuryIn,
  tipOf,
} from './inputs.ts';

/**
 * In-memory index over the loaded inputs: per-player and per-team arrays sorted by date,
 * odds timelines per (game, player). Built once per build; every window is then a binary
 * search on day < D (never SQL per row).
 */
export interface GameRec {
  game_id: string;
  day: number;
  date: string;
  tip: string;
  tipMs: number;
  season: number;
  season_type: string;
  home: string;
  away: string;
  final: boolean;
  postponedOnDate: boolean;
  home_score: number | null;
  away_score: number | null;
}

export interface BoxRec {
  game_id: string;
  day: number;
  season: number;
  team: string;
  opp: string;
  minutes: number;
  points: number;
  fga: number | null;
  fg3a: number | null;
  fg3m: number | null;
  ftm: number | null;
  /** Usage rate, NULL without the team row or under usageMinMinutes. */
  usage: number | null;
  hasZone: boolean;
  fga_paint: number;
  fgm_paint: number;
  fga_mid: number;
  fgm_mid: number;
}

export interface ZoneSums {
  n: number; // rows (or games) with zone data
  paintA: number;
  paintM: number;
  midA: number;
  midM: number;
  threeA: number;
  threeM: number;
}

export interface TeamGameRec {
  game_id: string;
  day: number;
  season: number;
  opp: string;
  pf: number;
  pa: number;
  win: boolean;
  /** Game possessions P_g (mean over the team rows present) or null without a team row. */
  poss: number | null;
  pace: number | null;
  /** Zone sums of the players facing this team in the game (opponent side), n = rows. */
  oppZone: ZoneSums;
}

/** A line snapshot with its capture time in ms (parsed once). */
export interface TimedLine extends BookLine {
  ms: number;
}

/** An injury row with its report time in ms. */
export interface TimedInjury extends InjuryIn {
  ms: number;
}

export interface FeatureIndex {
  params: FeatureParams;
  games: Map<string, GameRec>;
  gamesByDay: Map<number, GameRec[]>;
  /** Every box row of a Final game, per player, sorted by day. */
  playerBox: Map<number, BoxRec[]>;
  /** Final games per team, sorted by day. */
  teamGames: Map<string, TeamGameRec[]>;
  props: Map<string, TimedLine[]>;
  gameLines: Map<string, { spread: BookLine[]; total: BookLine[] }>;
  injuriesByGame: Map<string, TimedInjury[]>;
  injuriesByPlayer: Map<number, TimedInjury[]>;
  birth: Map<number, string>;
  /** League zone sums per day (box rows with zone data). */
  leagueZoneByDay: Map<number, ZoneSums>;
  /** Caches keyed by day (filled lazily). */
  rosterCache: Map<string, Map<string, number[]>>;
  starCache: Map<string, { star: boolean; usage30: number | null }>;
}

export function emptyZone(): ZoneSums {
  return { n: 0, paintA: 0, paintM: 0, midA: 0, midM: 0, threeA: 0, threeM: 0 };
}

function addZone(z: ZoneSums, b: BoxRec): void {
  z.n++;
  z.paintA += b.fga_paint;
  z.paintM += b.fgm_paint;
  z.midA += b.fga_mid;
  z.midM += b.fgm_mid;
  z.threeA += b.fg3a ?? 0;
  z.threeM += b.fg3m ?? 0;
}

/** First index i with arr[i].day >= day (arr sorted by day). */
export function lowerBound(arr: readonly { day: number }[], day: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid].day < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const byDayThenId = (a: { day: number; game_id: string }, b: { day: number; game_id: string }) =>
  a.day - b.day || (a.game_id < b.game_id ? -1 : a.game_id > b.game_id ? 1 : 0);

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const arr = m.get(k);
  if (arr) arr.push(v);
  else m.set(k, [v]);
}

/** The game-side inputs: everything an index needs apart from the market (odds, injuries, ages). */
export type GameInputs = Pick<FeatureInputs, 'games' | 'postponements' | 'box' | 'teamBox'>;
/** The market-side inputs: they move during a game day and are read again by every build. */
export type MarketInputs = Pick<FeatureInputs, 'props' | 'gameLines' | 'injuries' | 'players'>;

export function buildIndex(inputs: FeatureInputs, params: FeatureParams): FeatureIndex {
  return withMarket(buildGameIndex(inputs, params), inputs);
}

/** A game record; postponed = the set of `${game_id}|${original_date}` of postponement rows. */
function gameRec(g: GameIn, postponed: ReadonlySet<string>, params: FeatureParams): GameRec {
  const tip = tipOf(g, params.unknownTipTimeEt);
  const postponedOnDate = postponed.has(`${g.game_id}|${g.game_date}`);
  return {
    game_id: g.game_id,
    day: dayNum(g.game_date),
    date: g.game_date,
    tip,
    tipMs: Date.parse(tip),
    season: g.season,
    season_type: g.season_type,
    home: g.home,
    away: g.away,
    // Final (spec 01 §7): status 3, both scores, no postponement row for its date.
    final:
      g.status === 3 &&
      g.home_score !== null &&
      g.away_score !== null &&
      g.home_score > 0 &&
      g.away_score > 0 &&
      !postponedOnDate,
    postponedOnDate,
    home_score: g.home_score,
    away_score: g.away_score,
  };
}

/**
 * The index of games and box history, with empty market maps (see withMarket). It depends on
 * the game-side rows only, so a one-date build can reuse it while they are unchanged (history.ts).
 */
export function buildGameIndex(inputs: GameInputs, params: FeatureParams): FeatureIndex {
  const postponed = new Set(inputs.postponements.map((p) => `${p.game_id}|${p.original_date}`));
  const games = new Map<string, GameRec>();
  const gamesByDay = new Map<number, GameRec[]>();
  for (const g of inputs.games) {
    const rec = gameRec(g, postponed, params);
    games.set(g.game_id, rec);
    push(gamesByDay, rec.day, rec);
  }
  for (const list of gamesByDay.values()) list.sort(byDayThenId);
  // Team rows: possessions and minutes per (game, team).
  const teamRow = new Map<
    string,
    { poss: number | null; minutes: number | null; fga: number; fta: number; tov: number }
  >();
  const possByGame = new Map<string, { sum: number; n: number; minSum: number; minN: number }>();
  for (const t of inputs.teamBox) {
    const g = games.get(t.game_id);
    if (!g?.final) continue;
    const ok = t.fga !== null && t.oreb !== null && t.tov !== null && t.fta !== null;
    const poss = ok ? t.fga! - t.oreb! + t.tov! + 0.44 * t.fta! : null;
    teamRow.set(`${t.game_id}|${t.team}`, {
      poss,
      minutes: t.minutes,
      fga: t.fga ?? Number.NaN,
      fta: t.fta ?? Number.NaN,
      tov: t.tov ?? Number.NaN,
    });
    if (poss !== null) {
      const p = possByGame.get(t.game_id) ?? { sum: 0, n: 0, minSum: 0, minN: 0 };
      p.sum += poss;
      p.n++;
      if (t.minutes !== null && t.minutes > 0) {
        p.minSum += t.minutes;
        p.minN++;
      }
      possByGame.set(t.game_id, p);
    }
  }

  const playerBox = new Map<number, BoxRec[]>();
  const sideZone = new Map<string, ZoneSums>(); // `${game}|${team}` → that team's players' zone sums
  const leagueZoneByDay = new Map<number, ZoneSums>();
  for (const b of inputs.box) {
    const g = games.get(b.game_id);
    if (!g?.final) continue;
    const opp = b.team === g.home ? g.away : b.team === g.away ? g.home : '';
    const tr = teamRow.get(`${b.game_id}|${b.team}`);
    let usage: number | null = null;
    if (
      tr &&
      b.minutes >= params.usageMinMinutes &&
      b.minutes > 0 &&
      b.fga !== null &&
      b.fta !== null &&
      b.tov !== null &&
      tr.minutes !== null
    ) {
      const den = b.minutes * (tr.fga + 0.44 * tr.fta + tr.tov);
      if (Number.isFinite(den) && den > 0)
        usage = (100 * (b.fga + 0.44 * b.fta + b.tov) * (tr.minutes / 5)) / den;
    }
    const hasZone = b.fga_paint !== null && b.fgm_paint !== null && b.fga_mid !== null && b.fgm_mid !== null;
    const rec: BoxRec = {
      game_id: b.game_id,
      day: g.day,
      season: g.season,
      team: b.team,
      opp,
      minutes: b.minutes,
      points: b.points,
      fga: b.fga,
      fg3a: b.fg3a,
      fg3m: b.fg3m,
      ftm: b.ftm,
      usage,
      hasZone,
      fga_paint: b.fga_paint ?? 0,
      fgm_paint: b.fgm_paint ?? 0,
      fga_mid: b.fga_mid ?? 0,
      fgm_mid: b.fgm_mid ?? 0,
    };
    push(playerBox, b.player_id, rec);
    if (hasZone) {
      const key = `${b.game_id}|${b.team}`;
      let z = sideZone.get(key);
      if (!z) {
        z = emptyZone();
        sideZone.set(key, z);
      }
      addZone(z, rec);
      let lz = leagueZoneByDay.get(g.day);
      if (!lz) {
        lz = emptyZone();
        leagueZoneByDay.set(g.day, lz);
      }
      addZone(lz, rec);
    }
  }
  for (const list of playerBox.values()) list.sort(byDayThenId);

  const teamGames = new Map<string, TeamGameRec[]>();
  for (const g of games.values()) {
    if (!g.final) continue;
    const p = possByGame.get(g.game_id);
    const poss = p ? p.sum / p.n : null;
    const len = p && p.minN > 0 ? p.minSum / p.minN / 5 : 48;
    const pace = poss !== null && len > 0 ? (48 * poss) / len : null;
    for (const side of ['home', 'away'] as const) {
      const team = side === 'home' ? g.home : g.away;
      const opp = side === 'home' ? g.away : g.home;
      const pf = (side === 'home' ? g.home_score : g.away_score) as number;
      const pa = (side === 'home' ? g.away_score : g.home_score) as number;
      push(teamGames, team, {
        game_id: g.game_id,
        day: g.day,
        season: g.season,
        opp,
        pf,
        pa,
        win: pf > pa,
        poss,
        pace,
        oppZone: sideZone.get(`${g.game_id}|${opp}`) ?? emptyZone(),
      });
    }
  }
  for (const list of teamGames.values()) list.sort(byDayThenId);

  return {
    params,
    games,
    gamesByDay,
    playerBox,
    teamGames,
    props: new Map(),
    gameLines: new Map(),
    injuriesByGame: new Map(),
    injuriesByPlayer: new Map(),
    birth: new Map(),
    leagueZoneByDay,
    rosterCache: new Map(),
    starCache: new Map(),
  };
}

/**
 * Adds a date's games (and its postponement rows) to an index built from the days before it:
 * a new index sharing the history maps. Their box rows are not added: a build of date D reads
 * box rows of games dated before D only, and every window is a search on day < D, so those
 * games matter only as slate games (tip, teams, postponed on D).
 */
export function withDateGames(
  base: FeatureIndex,
  inputs: Pick<GameInputs, 'games' | 'postponements'>,
): FeatureIndex {
  const postponed = new Set(inputs.postponements.map((p) => `${p.game_id}|${p.original_date}`));
  const games = new Map(base.games);
  const gamesByDay = new Map(base.gamesByDay);
  for (const g of inputs.games) {
    const rec = gameRec(g, postponed, base.params);
    games.set(g.game_id, rec);
    gamesByDay.set(rec.day, [...(gamesByDay.get(rec.day) ?? []), rec]);
  }
  for (const day of new Set(inputs.games.map((g) => dayNum(g.game_date))))
    gamesByDay.get(day)!.sort(byDayThenId);
  return { ...base, games, gamesByDay };
}

/** The index with the market maps (odds timelines, game lines, injury rows, birth dates) set. */
export function withMarket(base: FeatureIndex, inputs: MarketInputs): FeatureIndex {
  const props = new Map<string, TimedLine[]>();
  for (const p of inputs.props) {
    const ms = Date.parse(p.captured_at);
    push(props, `${p.game_id}|${p.player_id}`, {
      book: p.book,
      line: p.line,
      captured_at: new Date(ms).toISOString(),
      ms,
    });
  }
  const gameLines = new Map<string, { spread: BookLine[]; total: BookLine[] }>();
  for (const l of inputs.gameLines) {
    if (l.line === null || (l.market !== 'spread' && l.market !== 'total')) continue;
    let e = gameLines.get(l.game_id);
    if (!e) {
      e = { spread: [], total: [] };
      gameLines.set(l.game_id, e);
    }
    e[l.market].push({ book: l.book, line: l.line, captured_at: l.captured_at });
  }
  const injuriesByGame = new Map<string, TimedInjury[]>();
  const injuriesByPlayer = new Map<number, TimedInjury[]>();
  const byTime = (a: TimedInjury, b: TimedInjury) => a.ms - b.ms;
  for (const r of inputs.injuries) {
    const t: TimedInjury = { ...r, ms: Date.parse(r.report_time) };
    push(injuriesByGame, r.game_id, t);
    push(injuriesByPlayer, r.player_id, t);
  }
  for (const l of injuriesByGame.values()) l.sort(byTime);
  for (const l of injuriesByPlayer.values()) l.sort(byTime);
  const birth = new Map<number, string>();
  for (const p of inputs.players) if (p.birth_date) birth.set(p.player_id, p.birth_date);

  return { ...base, props, gameLines, injuriesByGame, injuriesByPlayer, birth };
}

/**
 * Team of each player's latest box row in [day − windowDays, day): team → player ids.
 * Cached per (day, window).
 */
export function rosterAt(ix: FeatureIndex, day: number, windowDays: number): Map<string, number[]> {
  const key = `${day}|${windowDays}`;
  const hit = ix.rosterCache.get(key);
  if (hit) return hit;
  const out = new Map<string, number[]>();
  for (const [pid, rows] of ix.playerBox) {
    const i = lowerBound(rows, day) - 1;
    if (i < 0 || rows[i].day < day - windowDays) continue;
    push(out, rows[i].team, pid);
  }
  ix.rosterCache.set(key, out);
  return out;
}
