import { seasonOpener } from './calendar.ts';
import { buildLeague, nextSeason, PlayerFactory, type SimPlayer } from './league.ts';
import { Rng } from './rng.ts';
import { type SimSeason, simulateSeason } from './season.ts';

/** What decides a simulated league: same options ⇒ byte-identical payloads (spec 01 §10). */
export interface LeagueOptions {
  seed: number;
  /** Number of seasons (≥ 1). */
  seasons: number;
  /** Teams (2–30; the first N of the 30 franchises). */
  teams: number;
  /** Calendar span of a season in days (≈174 for a full 82-game season). */
  days: number;
  /** First season's start year. */
  season: number;
}

export interface SimLeague {
  opts: LeagueOptions;
  seasons: SimSeason[];
  /** Every player ever on a roster. */
  players: Map<number, SimPlayer>;
}

export function simulateLeague(opts: LeagueOptions): SimLeague {
  const root = new Rng(opts.seed);
  const factory = new PlayerFactory(root.fork('players'));
  const teams = buildLeague(root.fork('league'), factory, opts.teams, seasonOpener(opts.season));
  const seasons: SimSeason[] = [];
  const players = new Map<number, SimPlayer>();
  for (let i = 0; i < opts.seasons; i++) {
    const year = opts.season + i;
    if (i > 0) nextSeason(root.fork(`offseason:${year}`), factory, teams, seasonOpener(year));
    for (const t of teams) for (const p of t.roster) players.set(p.id, p);
    seasons.push(simulateSeason(root.fork(`season:${year}`), teams, { season: year, days: opts.days }));
    for (const t of teams) for (const p of t.roster) players.set(p.id, p);
  }
  return { opts, seasons, players };
}
