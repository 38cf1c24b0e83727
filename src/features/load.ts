import { addDays } from '../domain/dates.ts';
import type { Queryable } from '../store/store.ts';
import type { Cutoff } from './core.ts';
import type { GameInputs, MarketInputs } from './feature-index.ts';
import type {
  BoxIn,
  FeatureInputs,
  GameIn,
  GameLineIn,
  InjuryIn,
  PlayerIn,
  PostponementIn,
  PropIn,
  TeamBoxIn,
} from './inputs.ts';

/**
 * The set-based reads of a build (spec 02 §6): one query per table for the whole range.
 * SQL only narrows what is loaded; every point-in-time rule is applied again in the pure core.
 */
export async function loadFeatureInputs(
  store: Queryable,
  req: { from: string; to: string; cutoff: Cutoff; maxLookbackDays: number },
): Promise<FeatureInputs> {
  const start = addDays(req.from, -req.maxLookbackDays);
  const [games, box, market] = await Promise.all([
    loadGames(store, start, addDays(req.to, 1)),
    loadBox(store, start, req.to),
    loadMarket(store, req),
  ]);
  return { ...games, ...box, ...market };
}

/** Games dated in [lo, hi) and the postponement rows of those dates. */
export async function loadGames(
  store: Queryable,
  lo: string,
  hi: string,
): Promise<Pick<GameInputs, 'games' | 'postponements'>> {
  const [games, postponements] = await Promise.all([
    store.query<GameIn>(
      `SELECT game_id, game_date, start_utc, season, season_type, home, away, status, home_score, away_score
       FROM games WHERE game_date >= $1::DATE AND game_date < $2::DATE`,
      [lo, hi],
    ),
    store.query<PostponementIn>(
      `SELECT game_id, original_date FROM game_postponements WHERE original_date >= $1::DATE AND original_date < $2::DATE`,
      [lo, hi],
    ),
  ]);
  return { games, postponements };
}

/** Box and team-box rows of the Final games dated in [lo, hi). */
export async function loadBox(
  store: Queryable,
  lo: string,
  hi: string,
): Promise<Pick<GameInputs, 'box' | 'teamBox'>> {
  const [box, teamBox] = await Promise.all([
    store.query<BoxIn>(
      `SELECT b.game_id, b.player_id, b.team, b.minutes, b.points, b.fga, b.fg3a, b.fg3m, b.fta, b.ftm, b.tov,
              b.fga_paint, b.fgm_paint, b.fga_mid, b.fgm_mid
       FROM box_scores b JOIN games g ON g.game_id = b.game_id
       WHERE g.game_date >= $1::DATE AND g.game_date < $2::DATE AND g.status = 3`,
      [lo, hi],
    ),
    store.query<TeamBoxIn>(
      `SELECT t.game_id, t.team, t.minutes, t.fga, t.oreb, t.tov, t.fta
       FROM team_box_scores t JOIN games g ON g.game_id = t.game_id
       WHERE g.game_date >= $1::DATE AND g.game_date < $2::DATE AND g.status = 3`,
      [lo, hi],
    ),
  ]);
  return { box, teamBox };
}

/** Odds, game lines and injury rows of the range's games at the cutoff, and birth dates. */
export async function loadMarket(
  store: Queryable,
  req: { from: string; to: string; cutoff: Cutoff },
): Promise<MarketInputs> {
  const fixed = req.cutoff === 'tipoff' ? null : new Date(req.cutoff).toISOString();
  // Odds and injuries of the range's games: nothing at or after tip counts, and with a fixed
  // cutoff nothing after it. The tip may be unknown in SQL (start_utc NULL): the core decides.
  const oddsTo = fixed ?? `${addDays(req.to, 2)}T12:00:00.000Z`;
  const [props, gameLines, injuries, players] = await Promise.all([
    store.query<PropIn>(
      `SELECT p.game_id, p.player_id, p.book, p.line, p.captured_at
       FROM prop_lines p JOIN games g ON g.game_id = p.game_id
       WHERE p.is_main AND p.market = 'player_points' AND g.game_date BETWEEN $1::DATE AND $2::DATE
         AND p.captured_at <= $3::TIMESTAMPTZ AND (g.start_utc IS NULL OR p.captured_at < g.start_utc)`,
      [req.from, req.to, oddsTo],
    ),
    store.query<GameLineIn>(
      `SELECT l.game_id, l.book, l.market, l.line, l.captured_at
       FROM game_lines l JOIN games g ON g.game_id = l.game_id
       WHERE l.market IN ('spread', 'total') AND l.line IS NOT NULL AND g.game_date BETWEEN $1::DATE AND $2::DATE
         AND l.captured_at <= $3::TIMESTAMPTZ AND (g.start_utc IS NULL OR l.captured_at < g.start_utc)`,
      [req.from, req.to, oddsTo],
    ),
    // Injury rows of the range's games, plus recent rows of other games (team detection).
    store.query<InjuryIn>(
      `SELECT report_time, game_id, player_id, team, status FROM injury_reports
       WHERE report_time >= $1::TIMESTAMPTZ AND report_time <= $2::TIMESTAMPTZ`,
      [`${addDays(req.from, -30)}T00:00:00.000Z`, oddsTo],
    ),
    store.query<PlayerIn>('SELECT player_id, birth_date FROM players WHERE birth_date IS NOT NULL'),
  ]);
  return { props, gameLines, injuries, players };
}
