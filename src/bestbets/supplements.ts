import { type BookLine, consensusLine, effectiveTip, latestPerBook, mainRung } from '../domain/lines.ts';
import type { BoxInput, GameInput, LineInput } from './types.ts';

/** Supplemental stats of one candidate (spec 05 §4). Rates are 0–1; null when inputs are missing. */
export interface Supplements {
  games_played: number;
  prev_minutes: number | null;
  minutes_avg_season: number | null;
  minutes_avg_last_3: number | null;
  minutes_surge: number | null;
  three_pa_per_game: number | null;
  three_pct_season: number | null;
  three_pct_last_3: number | null;
  three_pct_std: number | null;
  rest_days: number | null;
  opp_rest_days: number | null;
  season_week: number | null;
  neg_pm_streak: number;
  starter: boolean | null;
  starter_source: 'box_score' | 'proxy_top5_minutes' | null;
  games_vs_opponent: number;
  consensus_line: number | null;
  book_count: number;
  line_std: number | null;
  prev_consensus_line: number | null;
  line_delta: number | null;
}

const DAY = 86_400_000;
const days = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
const round = (x: number, dp: number) => Math.round(x * 10 ** dp) / 10 ** dp;

export function sampleStd(xs: number[]): number | null {
  if (xs.length < 2) return null;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

export interface LineSettings {
  staleAfterHours: number;
  outlierPoints: number;
  unknownTipTimeEt: string;
}

/**
 * Indexes built once per date from the loaded rows; every candidate then reads them in
 * memory (DESIGN: set-based I/O, pure core).
 */
export class SlateIndex {
  readonly games = new Map<string, GameInput>();
  /** Played games (minutes > 0, dated < D), newest first, per player. */
  private played = new Map<number, BoxInput[]>();
  private byGame = new Map<string, BoxInput[]>();
  /** Scheduled game dates per team (not postponed), ascending. */
  private teamDates = new Map<string, string[]>();
  /** Main-line snapshots per `${game}|${player}`. */
  private mains = new Map<string, BookLine[]>();
  /** Every snapshot row per `${game}|${player}` (ladders included), for pricing. */
  readonly rows = new Map<string, LineInput[]>();
  /** Games with any line per player, newest first. */
  private lineGames = new Map<number, string[]>();
  readonly seasonStart = new Map<number, string>();

  constructor(
    readonly date: string,
    readonly now: string,
    games: GameInput[],
    boxes: BoxInput[],
    lines: LineInput[],
    readonly settings: LineSettings,
  ) {
    for (const g of games) {
      this.games.set(g.game_id, g);
      if (g.season_type === 'regular') {
        const s = this.seasonStart.get(g.season);
        if (!s || g.game_date < s) this.seasonStart.set(g.season, g.game_date);
      }
      if (g.postponed) continue;
      for (const t of [g.home, g.away]) {
        const arr = this.teamDates.get(t) ?? [];
        arr.push(g.game_date);
        this.teamDates.set(t, arr);
      }
    }
    for (const arr of this.teamDates.values()) arr.sort();
    for (const b of boxes) {
      if (b.game_date >= date) continue;
      const g = this.byGame.get(b.game_id) ?? [];
      g.push(b);
      this.byGame.set(b.game_id, g);
      if (!(b.minutes > 0)) continue;
      const p = this.played.get(b.player_id) ?? [];
      p.push(b);
      this.played.set(b.player_id, p);
    }
    for (const arr of this.played.values()) {
      arr.sort((a, b) => (a.game_date < b.game_date ? 1 : a.game_date > b.game_date ? -1 : 0));
    }
    // Group snapshot rows into (game, player, book, captured_at) ladders; each gives one main line.
    const ladders = new Map<string, LineInput[]>();
    for (const r of lines) {
      const k = `${r.game_id}|${r.player_id}`;
      const arr = this.rows.get(k) ?? [];
      arr.push(r);
      this.rows.set(k, arr);
      const lk = `${k}|${r.book}|${r.captured_at}`;
      const lad = ladders.get(lk) ?? [];
      lad.push(r);
      ladders.set(lk, lad);
    }
    for (const lad of ladders.values()) {
      const m = mainRung(lad);
      if (!m) continue;
      const k = `${m.game_id}|${m.player_id}`;
      const arr = this.mains.get(k) ?? [];
      arr.push({
        book: m.book,
        line: m.line,
        captured_at: m.captured_at,
        over_price: m.over_price,
        under_price: m.under_price,
      });
      this.mains.set(k, arr);
    }
    for (const k of this.mains.keys()) {
      const [gameId, pid] = k.split('|');
      const arr = this.lineGames.get(Number(pid)) ?? [];
      arr.push(gameId);
      this.lineGames.set(Number(pid), arr);
    }
  }

  tip(gameId: string): string {
    const g = this.games.get(gameId);
    if (!g) throw new Error(`game ${gameId} is not loaded`);
    return effectiveTip(g, this.settings.unknownTipTimeEt);
  }

  /** min(now, tip): the newest instant whose odds may be read for this game. */
  oddsCutoff(gameId: string): string {
    const tip = this.tip(gameId);
    return Date.parse(this.now) < Date.parse(tip) ? this.now : tip;
  }

  playedGames(playerId: number): BoxInput[] {
    return this.played.get(playerId) ?? [];
  }

  /** The player's team for a game of D: his latest box team when it plays in the game, else the fallback. */
  teamFor(playerId: number, gameId: string, fallback: string | null): string | null {
    const g = this.games.get(gameId);
    if (!g) return fallback;
    const last = this.played.get(playerId)?.[0]?.team;
    if (last && (last === g.home || last === g.away)) return last;
    if (fallback && (fallback === g.home || fallback === g.away)) return fallback;
    return last ?? fallback;
  }

  /** Each book's latest main line for (game, player) before min(now, tip), plus the consensus. */
  consensus(gameId: string, playerId: number, at: string) {
    const mains = this.mains.get(`${gameId}|${playerId}`) ?? [];
    const tip = this.tip(gameId);
    const latest = latestPerBook(mains, at, tip);
    const c = consensusLine(mains, {
      at,
      tip,
      staleAfterHours: this.settings.staleAfterHours,
      outlierPoints: this.settings.outlierPoints,
    });
    return { latest, consensus: c };
  }

  supplements(playerId: number, gameId: string, _team: string | null, opponent: string | null): Supplements {
    const D = this.date;
    const game = this.games.get(gameId);
    const season = game?.season;
    const played = this.playedGames(playerId).filter(
      (b) =>
        season === undefined || this.games.get(b.game_id)?.season === season || !this.games.has(b.game_id),
    );
    const last3 = played.slice(0, 3);
    const n = played.length;
    const minutesSeason = mean(played.map((b) => b.minutes));
    const minutesLast3 = n >= 3 ? mean(last3.map((b) => b.minutes)) : null;
    const fg3 = played.filter((b) => b.fg3a !== null && b.fg3m !== null);
    const sum = (xs: BoxInput[], k: 'fg3a' | 'fg3m') => xs.reduce((s, b) => s + (b[k] ?? 0), 0);
    const seasonA = sum(fg3, 'fg3a');
    const last3Fg3 = last3.filter((b) => b.fg3a !== null && b.fg3m !== null);
    const last3A = sum(last3Fg3, 'fg3a');
    const pcts = fg3.filter((b) => (b.fg3a ?? 0) >= 1).map((b) => (b.fg3m as number) / (b.fg3a as number));

    let negStreak = 0;
    for (const b of played) {
      if (b.plus_minus === null || b.plus_minus >= 0) break;
      negStreak++;
    }

    let starter: boolean | null = null;
    let starterSource: Supplements['starter_source'] = null;
    const recent = played[0];
    if (recent) {
      if (recent.starter !== null && recent.starter !== undefined) {
        starter = recent.starter;
        starterSource = 'box_score';
      } else {
        const mates = (this.byGame.get(recent.game_id) ?? [])
          .filter((b) => b.team === recent.team)
          .sort((a, b) => b.minutes - a.minutes || a.player_id - b.player_id)
          .slice(0, 5);
        starter = mates.some((b) => b.player_id === playerId);
        starterSource = 'proxy_top5_minutes';
      }
    }

    let oppRest: number | null = null;
    if (opponent) {
      const dates = this.teamDates.get(opponent) ?? [];
      let prev: string | null = null;
      for (const d of dates) if (d < D) prev = d;
      oppRest = prev ? days(prev, D) : null;
    }
    const start = season !== undefined ? this.seasonStart.get(season) : undefined;
    let vsOpp = 0;
    if (opponent) {
      for (const b of played) {
        const g = this.games.get(b.game_id);
        if (g && (g.home === opponent || g.away === opponent) && b.team !== opponent) vsOpp++;
      }
    }

    const cutoff = this.oddsCutoff(gameId);
    const { latest, consensus } = this.consensus(gameId, playerId, cutoff);
    const prevGame = this.previousLineGame(playerId, gameId);
    let prevLine: number | null = null;
    if (prevGame) {
      const tip = this.tip(prevGame);
      prevLine = this.consensus(prevGame, playerId, tip).consensus.line;
    }
    const delta = consensus.line !== null && prevLine !== null ? round(consensus.line - prevLine, 1) : null;

    return {
      games_played: n,
      prev_minutes: recent ? recent.minutes : null,
      minutes_avg_season: minutesSeason,
      minutes_avg_last_3: minutesLast3,
      minutes_surge: minutesLast3 !== null && minutesSeason !== null ? minutesLast3 - minutesSeason : null,
      three_pa_per_game: fg3.length ? seasonA / fg3.length : null,
      three_pct_season: seasonA > 0 ? sum(fg3, 'fg3m') / seasonA : null,
      three_pct_last_3: last3A > 0 ? sum(last3Fg3, 'fg3m') / last3A : null,
      three_pct_std: sampleStd(pcts),
      rest_days: recent ? days(recent.game_date, D) : null,
      opp_rest_days: oppRest,
      season_week: start ? Math.floor(days(start, D) / 7) : null,
      neg_pm_streak: negStreak,
      starter,
      starter_source: starterSource,
      games_vs_opponent: vsOpp,
      consensus_line: consensus.line,
      book_count: latest.length,
      line_std: sampleStd(latest.map((l) => l.line)),
      prev_consensus_line: prevLine,
      line_delta: delta,
    };
  }

  /** The player's most recent game before D with any line, within the look-back. */
  private lookbackDays = 14;
  setLookback(d: number): this {
    this.lookbackDays = d;
    return this;
  }
  private previousLineGame(playerId: number, gameId: string): string | null {
    let best: GameInput | null = null;
    for (const gid of this.lineGames.get(playerId) ?? []) {
      if (gid === gameId) continue;
      const g = this.games.get(gid);
      if (!g || g.game_date >= this.date || days(g.game_date, this.date) > this.lookbackDays) continue;
      if (
        !best ||
        g.game_date > best.game_date ||
        (g.game_date === best.game_date && g.game_id > best.game_id)
      )
        best = g;
    }
    return best?.game_id ?? null;
  }
}
